import { SESSION_CHECK_SYNC_TAG } from '../src/domain/api/names.js';
import { DEFAULT_CHECK_FREQUENCY_S } from '../src/domain/pos-config.js';
import type { SyncCapableRegistration } from './sync-types.js';

/**
 * On `activate`: takes control of open pages at once (so their heartbeats reach this worker) and,
 * where the browser offers Periodic Background Sync, asks for a periodic session check. The
 * browser decides the real interval (hours, by site engagement); heartbeats remain the schedule.
 * Never rejects for a refused permission.
 */
export async function activateWorker(scope: ServiceWorkerGlobalScope): Promise<void> {
  await scope.clients.claim();
  const periodicSync = (scope.registration as SyncCapableRegistration).periodicSync;
  if (!periodicSync) return;
  await periodicSync
    .register(SESSION_CHECK_SYNC_TAG, { minInterval: DEFAULT_CHECK_FREQUENCY_S * 1000 })
    .catch(() => undefined);
}
