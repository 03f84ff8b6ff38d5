import type { Id } from '../domain/ids.js';
import type { SessionRecord } from '../domain/session-record.js';
import { getSessionRecord, putSessionRecord } from '../store/session-repo.js';
import { buildSessionRecord } from './build-session-record.js';
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
  const previous = await getSessionRecord(deps.db, id);
  if (previous?.state === 'closed') return previous;
  const record = buildSessionRecord(id, previous, { kind: 'closed-by-upload', at: deps.now() });
  await putSessionRecord(deps.db, record);
  deps.broadcast({ type: 'session-state', record });
  return record;
}
