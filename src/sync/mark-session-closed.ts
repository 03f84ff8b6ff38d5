import type { Id } from '../domain/ids.js';
import { serverTimeAt, type SessionRecord } from '../domain/session-record.js';
import { getSessionRecord, putSessionRecord } from '../store/session-repo.js';
import { blankRecord } from './session-check-result.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * Records that the server refused an order of session `id` as `session_closed` (rule 3): the
 * stored record becomes `closed` (source `upload`) and is broadcast at once, so every page blocks
 * without waiting for the next check. Resolves with the stored record.
 */
export async function markSessionClosed(
  deps: Pick<SyncDeps, 'db' | 'now' | 'broadcast'>,
  id: Id,
): Promise<SessionRecord> {
  const previous = (await getSessionRecord(deps.db, id)) ?? blankRecord(id);
  if (previous.state === 'closed') return previous;
  const now = deps.now();
  const record: SessionRecord = {
    ...previous,
    state: 'closed',
    session: previous.session ? { ...previous.session, state: 'closed' } : null,
    verifiedAt: serverTimeAt(previous, now),
    deviceCheckedAt: now,
    source: 'upload',
  };
  await putSessionRecord(deps.db, record);
  deps.broadcast({ type: 'session-state', record });
  return record;
}
