import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/** The app shell every navigation gets, offline or not. */
export const APP_SHELL_URL = '/index.html';

/**
 * Navigations the till's shell must not answer: the API, and the back office (`/admin`),
 * which is online only and served by the server as its own page.
 */
export const NAVIGATION_DENYLIST: readonly RegExp[] = [/^\/api\//, /^\/admin(?:[/?]|$)/];

/**
 * Sets up Workbox once at worker start: precaches the build (`manifest` is the injected
 * `self.__WB_MANIFEST`; Workbox installs it on `install`), drops caches of older Workbox
 * versions on `activate`, and answers navigations with the precached shell, except those of
 * {@link NAVIGATION_DENYLIST}, which go to the network.
 */
export function registerRoutes(manifest: (PrecacheEntry | string)[]): void {
  precacheAndRoute(manifest);
  cleanupOutdatedCaches();
  registerRoute(
    new NavigationRoute(createHandlerBoundToURL(APP_SHELL_URL), { denylist: [...NAVIGATION_DENYLIST] }),
  );
}
