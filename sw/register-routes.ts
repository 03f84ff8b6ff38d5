import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/** The app shell every navigation gets, offline or not. */
export const APP_SHELL_URL = '/index.html';

/**
 * Sets up Workbox once at worker start: precaches the build (`manifest` is the injected
 * `self.__WB_MANIFEST`; Workbox installs it on `install`), drops caches of older Workbox
 * versions on `activate`, and answers navigations with the precached shell, except `/api/`.
 */
export function registerRoutes(manifest: (PrecacheEntry | string)[]): void {
  precacheAndRoute(manifest);
  cleanupOutdatedCaches();
  registerRoute(new NavigationRoute(createHandlerBoundToURL(APP_SHELL_URL), { denylist: [/^\/api\//] }));
}
