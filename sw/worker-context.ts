import { SESSION_CHECK_SYNC_TAG } from '../src/domain/api/names.js';
import { createAuthorizedFetch } from '../src/sync/authorized-fetch.js';
import { createWithLock } from '../src/sync/with-lock.js';
import { createPageBroadcast } from './broadcast-to-pages.js';
import { createDbHolder } from './db-holder.js';
import type { PageMessageDeps } from './handle-page-message.js';
import { sleepUntilUpdate } from './sleep-until-update.js';
import type { SyncCapableRegistration } from './sync-types.js';

/**
 * The worker's dependencies, made once per worker lifetime: one database connection (lazy), one
 * lock function, one broadcast, the real clock, a sleep that ends when an update waits, and the
 * authorized fetch (the device token on
 * every API request; a refused token broadcasts `device-unpaired` to every page).
 */
export function createWorkerContext(scope: ServiceWorkerGlobalScope): PageMessageDeps {
  const db = createDbHolder();
  const withLock = createWithLock({
    locks: 'locks' in scope.navigator ? scope.navigator.locks : null,
    db: () => db.get(),
  });
  const broadcast = createPageBroadcast(scope);
  const fetch = createAuthorizedFetch({
    fetch: (input, init) => scope.fetch(input, init),
    db: () => db.get(),
    origin: scope.location.origin,
    now: () => Date.now(),
    onUnpaired: (unpaired) => broadcast({ type: 'device-unpaired', unpaired }),
  });
  const registerSync = (tag: string): Promise<void> =>
    (scope.registration as SyncCapableRegistration).sync?.register(tag) ?? Promise.resolve();
  return {
    syncDeps: async () => ({
      db: await db.get(),
      fetch,
      now: () => Date.now(),
      random: () => Math.random(),
      online: () => navigator.onLine,
      withLock,
      broadcast,
      origin: scope.location.origin,
      // Offline, a failed check asks the browser to wake this worker once connectivity returns
      // (tabs open or not); online, the retry schedule is enough.
      onCheckFailed: () => {
        if (!scope.navigator.onLine) registerSync(SESSION_CHECK_SYNC_TAG).catch(() => undefined);
      },
    }),
    skipWaiting: () => scope.skipWaiting(),
    sleep: sleepUntilUpdate(scope.registration),
    requestBackgroundSync: registerSync,
  };
}
