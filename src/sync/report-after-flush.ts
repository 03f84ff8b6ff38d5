import type { SessionRecord } from '../domain/session-record.js';
import { getMeta } from '../store/meta-repo.js';
import { getSessionRecord } from '../store/session-repo.js';
import { checkIfDue } from './check-if-due.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * True when the server's last report of this device's outbox may count as pending an order a
 * flush has since settled (accepted, held or rejected): the oldest settled order, queued at
 * `settledSince` (device ms), was queued by the time of the last check attempt, which carried
 * the counts. An order sold after that check was never reported, so settling it changes nothing
 * the server shows (an online sale flushed at once costs no extra request). False when nothing
 * was settled, or no check was ever attempted.
 */
export function reportIsStale(
  settledSince: number | null,
  record: Pick<SessionRecord, 'lastAttemptAt'> | undefined,
): boolean {
  if (settledSince === null || record?.lastAttemptAt == null) return false;
  return settledSince <= record.lastAttemptAt;
}

/**
 * After a flush: when the server's report of the outbox is stale (see reportIsStale), asks for a
 * forced session check, which reports the counts as they are now (`GET /api/sessions/:id?pending=
 * &held=`). It is the same check, under the same rules: at most one per MIN_CHECK_GAP_MS (a check
 * asked sooner is brought forward to the end of that gap, and the pages' due timers wake the
 * runner then), one at a time per device (waits for a check in flight, whose counts may predate
 * the flush, then decides again). So the back office sees the new counts within seconds, one
 * request per flush at most and none per batch; with nothing sold, nothing is asked. Never
 * rejects for network problems; rejects when IndexedDB fails.
 */
export async function reportAfterFlush(deps: SyncDeps, settledSince: number | null): Promise<void> {
  if (settledSince === null) return;
  const id = await getMeta(deps.db, 'currentSessionId');
  if (id == null || !reportIsStale(settledSince, await getSessionRecord(deps.db, id))) return;
  await checkIfDue(deps, { force: true, wait: true });
}
