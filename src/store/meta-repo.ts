import { META_STORE, type MetaKey, type MetaValues, type PosDb } from './db.js';

/** Reads one `meta` value; undefined when never set. */
export async function getMeta<K extends MetaKey>(db: PosDb, key: K): Promise<MetaValues[K] | undefined> {
  return (await db.get(META_STORE, key)) as MetaValues[K] | undefined;
}

/** Writes one `meta` value and resolves once the transaction committed. */
export async function setMeta<K extends MetaKey>(db: PosDb, key: K, value: MetaValues[K]): Promise<void> {
  const tx = db.transaction(META_STORE, 'readwrite');
  await Promise.all([tx.store.put(value, key), tx.done]);
}

/** The sequence key of a session in `meta`. */
export function sequenceKey(sessionId: string | number): `seq:${string}` {
  return `seq:${String(sessionId)}`;
}
