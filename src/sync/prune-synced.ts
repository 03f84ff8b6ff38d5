import { DEFAULT_SYNCED_RETENTION_DAYS } from '../domain/pos-config.js';
import { getMeta, setMeta } from '../store/meta-repo.js';
import { pruneSyncedBefore } from '../store/outbox-repo.js';
import type { SyncDeps } from './sync-deps.js';

/** One day in ms. */
const DAY_MS = 86_400_000;
/**
 * Shortest time between two prunes (ms): retention counts in days, so an hour is precise enough,
 * and a flush every few seconds does not also walk the synced index every few seconds.
 */
export const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Deletes `synced` entries confirmed more than the config's `syncedRetentionDays` (meta, stored
 * by the start-up refresh; DEFAULT_SYNCED_RETENTION_DAYS when never stored) ago, at most once per
 * PRUNE_INTERVAL_MS (meta `lastPrunedAt`). Run by the flush after it got through;
 * `pending`, `held` and `rejected` are never touched (see pruneSyncedBefore). Resolves with the
 * number deleted, or null when a prune ran less than an interval ago. `deps.now` is device ms.
 */
export async function pruneSyncedIfDue(deps: Pick<SyncDeps, 'db' | 'now'>): Promise<number | null> {
  const now = deps.now();
  const last = await getMeta(deps.db, 'lastPrunedAt');
  if (last !== undefined && now - last < PRUNE_INTERVAL_MS && now >= last) return null;
  const days = (await getMeta(deps.db, 'syncedRetentionDays')) ?? DEFAULT_SYNCED_RETENTION_DAYS;
  const deleted = await pruneSyncedBefore(deps.db, now - days * DAY_MS);
  await setMeta(deps.db, 'lastPrunedAt', now);
  return deleted;
}
