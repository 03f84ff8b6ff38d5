import type { Id } from '../domain/ids.js';
import type { SessionRecord } from '../domain/session-record.js';
import { SESSION_STORE, type PosDb } from './db.js';
import { getMeta } from './meta-repo.js';

/** The stored record of session `id`, or undefined. */
export async function getSessionRecord(db: PosDb, id: Id): Promise<SessionRecord | undefined> {
  return db.get(SESSION_STORE, id);
}

/** Stores a session record and resolves once committed. */
export async function putSessionRecord(db: PosDb, record: SessionRecord): Promise<void> {
  const tx = db.transaction(SESSION_STORE, 'readwrite');
  await Promise.all([tx.store.put(record), tx.done]);
}

/** The record of the device's current session (meta `currentSessionId`), or undefined. */
export async function getCurrentSessionRecord(db: PosDb): Promise<SessionRecord | undefined> {
  const id = await getMeta(db, 'currentSessionId');
  return id == null ? undefined : getSessionRecord(db, id);
}
