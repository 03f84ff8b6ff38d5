import { describe, expect, it } from 'vitest';

// Workbox's dev logger touches `self` at import time; Node has only globalThis.
(globalThis as { self?: unknown }).self ??= globalThis;
const { NAVIGATION_DENYLIST } = await import('../../sw/register-routes.js');

/** What Workbox's NavigationRoute tests the denylist against: pathname + search. */
const denied = (pathAndSearch: string) => NAVIGATION_DENYLIST.some((re) => re.test(pathAndSearch));

describe('the navigation fallback denylist', () => {
  it('leaves the back office and the API to the network', () => {
    for (const path of ['/admin', '/admin/', '/admin?x=1', '/admin/sessions/3', '/api/configs'])
      expect(denied(path), path).toBe(true);
  });

  it('answers every till navigation with the shell, pairing links included', () => {
    for (const path of ['/', '/index.html', '/?pair=123456', '/administrator', '/till/admin'])
      expect(denied(path), path).toBe(false);
  });
});
