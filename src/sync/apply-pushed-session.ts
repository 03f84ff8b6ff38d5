import { sameId } from '../domain/ids.js';
import type { PosSession } from '../domain/pos-session.js';
import type { SessionRecord } from '../domain/session-record.js';
import { getMeta } from '../store/meta-repo.js';
import { getSessionRecord, putSessionRecord } from '../store/session-repo.js';
import { checkIfDue } from './check-if-due.js';
import { buildSessionRecord } from './build-session-record.js';
import { refreshCatalogIfNewer } from './refresh-catalog.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * A session state delivered by a page's push stream (SSE). A state other than `opened` only ever
 * makes the till safer, so it is stored and broadcast at once (closure seen in under 1 s); a
 * repeat of the stored state (every tab's stream, a reconnect) changes nothing. An `opened` that
 * contradicts the record is not believed (a page could replay an old event): it asks for a forced
 * check instead (at once, or at the end of the gap between checks, see checkIfDue). A push that
 * only names a new session of the register (`nextSession`) is stored too: a blocked till then
 * says that Reload continues in it. A push of the current session whose `catalogVersion` is newer
 * than the stored catalog's fetches the catalog (refreshCatalogIfNewer). Resolves with
 * the stored record (undefined when nothing is known). Rejects only when IndexedDB fails.
 */
export async function applyPushedSession(
  deps: SyncDeps,
  session: PosSession,
): Promise<SessionRecord | undefined> {
  const record = await applyPushedState(deps, session);
  // A catalog change is pushed as the session with a new catalogVersion: fetch it at once. A
  // replayed old push names an older version, which changes nothing.
  if (sameId(await getMeta(deps.db, 'currentSessionId'), session.id))
    await refreshCatalogIfNewer(deps, session.catalogVersion);
  return record;
}

async function applyPushedState(deps: SyncDeps, session: PosSession): Promise<SessionRecord | undefined> {
  const currentId = await getMeta(deps.db, 'currentSessionId');
  const isCurrent = sameId(currentId, session.id);
  // Keep the key the device stored the session under (42 and "42" are different IndexedDB keys).
  const id = isCurrent && currentId != null ? currentId : session.id;
  const previous = await getSessionRecord(deps.db, id);
  if (session.state === 'opened') {
    if (!isCurrent || previous?.state === 'opened') return previous;
    return checkIfDue(deps, { force: true });
  }
  if (
    previous?.state === session.state &&
    sameNextSession(previous.session?.nextSession, session.nextSession)
  )
    return previous;
  const record = buildSessionRecord(id, previous, { kind: 'pushed', session, at: deps.now() });
  await putSessionRecord(deps.db, record);
  deps.broadcast({ type: 'session-state', record });
  return record;
}

/** True when two `nextSession` values name the same session (or both none). */
function sameNextSession(a: PosSession['nextSession'], b: PosSession['nextSession']): boolean {
  return a == null ? b == null : b != null && sameId(a.id, b.id) && a.state === b.state;
}
