import { META_STORE, type PosDb } from '../store/db.js';
import { getMeta } from '../store/meta-repo.js';

/** Shortest wait after a failed upload: enough for a proxy restart, short enough to feel live. */
export const FLUSH_MIN_BACKOFF_MS = 2_000;
/**
 * Longest wait between heartbeat-driven upload retries during an outage: no tight loop against a failing
 * server.
 */
export const FLUSH_MAX_BACKOFF_MS = 60_000;

/**
 * Wait (ms) after failed upload number `failures` (1 = first): doubling from
 * FLUSH_MIN_BACKOFF_MS, capped at FLUSH_MAX_BACKOFF_MS, jittered over the upper half so tablets
 * that lost the server together do not retry together; never under the minimum. `random` in [0, 1).
 */
export function flushBackoffMs(failures: number, random: number): number {
  const base = Math.min(FLUSH_MAX_BACKOFF_MS, FLUSH_MIN_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(FLUSH_MIN_BACKOFF_MS, Math.round(base / 2 + (base / 2) * random));
}

/**
 * Most failures counted while the device is offline: its retries then wait 4 to 8 s. Offline is
 * normal, and says nothing about the server: an hour of offline sales had counted dozens of
 * failures, so the first upload failed as the network came back (an `online` event comes before
 * the server is reachable) put the next try up to a minute away while the cashier watched the
 * orders wait.
 */
export const OFFLINE_MAX_FAILURES = 3;

/**
 * Counts one more failed upload and stores `flushRetryAt` = `now` + backoff (device epoch ms) in
 * `meta`, with the upload's `error` as `flushLastError` so pages can show it, in one
 * transaction. With `offline` (the device said it has no network), the count stops at
 * {@link OFFLINE_MAX_FAILURES}. Resolves with that time.
 */
export async function recordFlushFailure(
  db: PosDb,
  now: number,
  random: number,
  error?: { code: string; message: string },
  options: { offline?: boolean } = {},
): Promise<number> {
  const counted = ((await getMeta(db, 'flushFailures')) ?? 0) + 1;
  const failures = options.offline ? Math.min(counted, OFFLINE_MAX_FAILURES) : counted;
  const retryAt = now + flushBackoffMs(failures, random);
  const tx = db.transaction(META_STORE, 'readwrite');
  tx.store.put(failures, 'flushFailures').catch(() => undefined);
  tx.store.put(retryAt, 'flushRetryAt').catch(() => undefined);
  if (error)
    tx.store
      .put({ code: error.code, message: error.message, at: now }, 'flushLastError')
      .catch(() => undefined);
  await tx.done;
  return retryAt;
}

/** Forgets the flush backoff and the last upload error after a batch got through. */
export async function clearFlushBackoff(db: PosDb): Promise<void> {
  const tx = db.transaction(META_STORE, 'readwrite');
  tx.store.delete('flushFailures').catch(() => undefined);
  tx.store.delete('flushRetryAt').catch(() => undefined);
  tx.store.delete('flushLastError').catch(() => undefined);
  await tx.done;
}
