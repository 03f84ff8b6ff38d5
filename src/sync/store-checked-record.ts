import type { SessionRecord } from '../domain/session-record.js';
import { SESSION_STORE, type PosDb } from '../store/db.js';

/**
 * Stores the result of a check, unless someone else (a push, an upload answered
 * `session_closed`) rewrote the record while the request was out: then their state is newer than
 * the check's, so only the schedule fields of `next` are taken. `read` is the record as it was
 * when the check started. One read-write transaction; resolves with what is stored.
 */
export async function storeCheckedRecord(
  db: PosDb,
  read: SessionRecord | undefined,
  next: SessionRecord,
): Promise<SessionRecord> {
  const tx = db.transaction(SESSION_STORE, 'readwrite');
  const current = await tx.store.get(next.id);
  const stored = current && rewrittenSince(read, current) ? { ...current, ...scheduleOf(next) } : next;
  tx.store.put(stored).catch(() => undefined);
  await tx.done;
  return stored;
}

function rewrittenSince(read: SessionRecord | undefined, current: SessionRecord): boolean {
  return (
    read?.state !== current.state ||
    read.source !== current.source ||
    read.deviceCheckedAt !== current.deviceCheckedAt
  );
}

function scheduleOf(
  record: SessionRecord,
): Pick<SessionRecord, 'nextCheckAt' | 'failures' | 'lastError' | 'lastAttemptAt'> {
  return {
    nextCheckAt: record.nextCheckAt,
    failures: record.failures,
    lastError: record.lastError,
    lastAttemptAt: record.lastAttemptAt,
  };
}
