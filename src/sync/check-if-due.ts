import { isCheckDue } from '../domain/check-schedule.js';
import type { Id } from '../domain/ids.js';
import type { SessionRecord } from '../domain/session-record.js';
import { getMeta } from '../store/meta-repo.js';
import { countByStatus } from '../store/outbox-repo.js';
import { getSessionRecord } from '../store/session-repo.js';
import { fetchSession } from './fetch-session.js';
import { sessionCheckResult } from './session-check-result.js';
import { storeCheckedRecord } from './store-checked-record.js';
import type { SyncDeps } from './sync-deps.js';

/** Lock held while a session check is in flight: one check per device however many tabs (DESIGN.md). */
export const SESSION_CHECK_LOCK = 'pos-session-check';

export interface CheckOptions {
  /** Check even when not due (`check-now`, an unbelievable push). */
  force?: boolean;
  /** Also due when the last check failed: after an outage the state is verified before a flush sends (C08). */
  retryFailed?: boolean;
  /** Wait for a check in flight instead of skipping, then decide again. */
  wait?: boolean;
}

/**
 * "Check if due" (DESIGN.md, why the worker owns the schedule): reads the current session and its
 * record; when a check is due (`now >= nextCheckAt`, or `force`) and no other check is in flight,
 * GETs the session reporting the outbox, stores the new record and broadcasts it (pages show
 * "last verified", so every stored result is sent). Resolves with the stored record, undefined
 * when the device has no current session. Never rejects for network problems (they are recorded
 * in the record); rejects only when IndexedDB fails.
 */
export async function checkIfDue(deps: SyncDeps, options: CheckOptions = {}): Promise<SessionRecord | undefined> {
  const id = await getMeta(deps.db, 'currentSessionId');
  if (id == null) return undefined;
  const before = await getSessionRecord(deps.db, id);
  if (!isDue(before, deps.now(), options)) return before;
  const result = await deps.withLock(SESSION_CHECK_LOCK, () => checkUnderLock(deps, id, options), {
    ifAvailable: !options.wait,
  });
  return result.acquired ? result.value : getSessionRecord(deps.db, id);
}

function isDue(record: SessionRecord | undefined, now: number, options: CheckOptions): boolean {
  if (options.force || !record) return true;
  return isCheckDue(now, record.nextCheckAt) || (options.retryFailed === true && record.failures > 0);
}

/** Re-reads and re-tests under the lock (a check may have just finished), then checks. */
async function checkUnderLock(deps: SyncDeps, id: Id, options: CheckOptions): Promise<SessionRecord | undefined> {
  const record = await getSessionRecord(deps.db, id);
  if (!isDue(record, deps.now(), options)) return record;
  const [deviceId, counts] = await Promise.all([getMeta(deps.db, 'deviceId'), countByStatus(deps.db)]);
  const outcome = await fetchSession(deps, id, { deviceId, pending: counts.pending, held: counts.held });
  const next = sessionCheckResult(id, record, outcome, deps.now(), deps.random());
  const stored = await storeCheckedRecord(deps.db, record, next);
  deps.broadcast({ type: 'session-state', record: stored });
  return stored;
}
