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
 * Counts one more failed upload and stores `flushRetryAt` = `now` + backoff (device epoch ms) in
 * `meta`, with the upload's `error` as `flushLastError` so pages can show it, in one
 * transaction. Resolves with that time.
 */
export async function recordFlushFailure(
  db: PosDb,
  now: number,
  random: number,
  error?: { code: string; message: string },
): Promise<number> {
  const failures = ((await getMeta(db, 'flushFailures')) ?? 0) + 1;
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
