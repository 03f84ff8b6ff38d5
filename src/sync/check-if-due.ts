import { SESSION_CHECK_LOCK } from '../domain/api/names.js';
import { checkDueAt, type CheckAsk } from '../domain/check-schedule.js';
import type { Id } from '../domain/ids.js';
import type { PosSession } from '../domain/pos-session.js';
import type { SessionRecord } from '../domain/session-record.js';
import { getMeta } from '../store/meta-repo.js';
import { countByStatus, resendSynced } from '../store/outbox-repo.js';
import { getSessionRecord } from '../store/session-repo.js';
import { advanceNextCheck } from './advance-next-check.js';
import { fetchSession } from './fetch-session.js';
import { buildSessionRecord } from './build-session-record.js';
import { refreshCatalogIfNewer } from './refresh-catalog.js';
import { storeCheckedRecord } from './store-checked-record.js';
import type { SyncDeps } from './sync-deps.js';

export interface CheckOptions extends CheckAsk {
  /** Wait for a check in flight instead of skipping, then decide again. */
  wait?: boolean;
}

/**
 * "Check if due" (DESIGN.md, why the worker owns the schedule), run on every wake-up: reads the
 * current session and its record; when a check is due and no other check is in flight (lock
 * {@link SESSION_CHECK_LOCK}), GETs the session reporting the outbox, stores the new record and
 * broadcasts it (pages show "last verified", so every stored result is sent).
 *
 * Due means `now >= nextCheckAt`, so N tabs waking the worker cost one check per interval (see
 * checkDueAt for `force` and `retryFailed`). A forced check asked less than MIN_CHECK_GAP_MS after
 * the last attempt brings the record's `nextCheckAt` forward to the end of that gap instead (and
 * broadcasts it, so the pages' due timers wake the worker then).
 *
 * When the answer names a catalog version newer than the stored catalog's, fetches the catalog
 * too (refreshCatalogIfNewer), after the check's lock is released. The check names the last entry
 * the server confirmed (meta `lastSyncedUuid`); when the server answers it no longer has it, every
 * `synced` entry becomes `pending` again (resendSynced) for the next flush.
 *
 * Resolves with the stored record, undefined when the device has no current session. Never
 * rejects for network problems (they are recorded in the record); rejects only when IndexedDB
 * fails.
 */
export async function checkIfDue(
  deps: SyncDeps,
  options: CheckOptions = {},
): Promise<SessionRecord | undefined> {
  const id = await getMeta(deps.db, 'currentSessionId');
  if (id == null) return undefined;
  const before = await getSessionRecord(deps.db, id);
  if (decide(before, deps.now(), options) === 'skip') return before;
  const result = await deps.withLock(SESSION_CHECK_LOCK, () => checkUnderLock(deps, id, options), {
    ifAvailable: !options.wait,
  });
  if (!result.acquired) return getSessionRecord(deps.db, id);
  // After the check's lock: a catalog of thousands of products never delays another check.
  if (result.value.answered) await refreshCatalogIfNewer(deps, result.value.answered.catalogVersion);
  return result.value.record;
}

/** `check` now, `defer` an off-schedule check to the end of the gap, or `skip`. */
function decide(record: SessionRecord | undefined, now: number, ask: CheckAsk): 'check' | 'defer' | 'skip' {
  if (!record) return 'check';
  const dueAt = checkDueAt(record, ask);
  if (now >= dueAt) return 'check';
  return dueAt < record.nextCheckAt ? 'defer' : 'skip';
}

/** What a run under the lock gives: the stored record, and the session the server answered, if any. */
interface CheckRun {
  record: SessionRecord | undefined;
  answered: PosSession | null;
}

/** Re-reads and decides again under the lock (a check may have just finished), then checks. */
async function checkUnderLock(deps: SyncDeps, id: Id, options: CheckOptions): Promise<CheckRun> {
  const record = await getSessionRecord(deps.db, id);
  const decision = decide(record, deps.now(), options);
  if (decision === 'skip') return { record, answered: null };
  if (decision === 'defer' && record)
    return { record: await advanceNextCheck(deps, id, checkDueAt(record, options)), answered: null };
  const [counts, lastSynced] = await Promise.all([
    countByStatus(deps.db),
    getMeta(deps.db, 'lastSyncedUuid'),
  ]);
  const started = deps.now();
  const outcome = await fetchSession(deps, id, {
    pending: counts.pending,
    held: counts.held,
    ...(lastSynced === undefined ? {} : { lastSynced }),
  });
  const next = buildSessionRecord(id, record, {
    kind: 'checked',
    outcome,
    at: { started, answered: deps.now() },
    random: deps.random(),
  });
  const stored = await storeCheckedRecord(deps.db, record, next);
  deps.broadcast({ type: 'session-state', record: stored });
  if (outcome.kind === 'failed') deps.onCheckFailed?.(stored);
  // The server no longer has what it confirmed to this till (its data restored from an older
  // copy): what the till still holds as synced goes again, accepted once (rule 4: nothing lost).
  if (outcome.kind === 'session' && outcome.session.lastSyncedKnown === false) {
    const resent = await resendSynced(deps.db);
    console.warn(`pos-shell: the server no longer has the orders it confirmed; sending ${resent} again`);
    deps.broadcast({ type: 'outbox-changed', counts: await countByStatus(deps.db) });
  }
  return { record: stored, answered: outcome.kind === 'session' ? outcome.session : null };
}
