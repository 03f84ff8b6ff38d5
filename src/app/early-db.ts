/**
 * The till's IndexedDB connection, asked for while the page's modules are still being evaluated,
 * and the stored till (catalog, config facts) read the moment it is open. main.ts imports this
 * module first, so the open is asked for once this module's own imports (the store, the read,
 * zod) have run and before the rest of the code and the shell's first render: the browser opens
 * the database on its own thread meanwhile. What the connection tells through its hooks before
 * the till takes it is told again, in order, when it does; after that, straight to the till's
 * hooks. Nothing is asked for where there is no IndexedDB (the till then says so).
 */
import { openPosDb, type OpenPosDbHooks, type PosDb } from '../store/db.js';
import { readStoredTill, type StoredTill } from './read-stored-till.js';

let early: Promise<PosDb> | null = null;
let hooks: OpenPosDbHooks | null = null;
const toldEarly: (keyof OpenPosDbHooks)[] = [];
const storedReads = new WeakMap<PosDb, Promise<StoredTill>>();

function tell(name: keyof OpenPosDbHooks): () => void {
  return () => {
    if (hooks) hooks[name]?.();
    else toldEarly.push(name);
  };
}

if (typeof indexedDB !== 'undefined') {
  early = openPosDb({
    blocked: tell('blocked'),
    versionchange: tell('versionchange'),
    terminated: tell('terminated'),
  });
  early.then(
    (db) => {
      const read = readStoredTill(db);
      // Handled here so a failed read is not reported as unhandled; the till sees it when it takes the read.
      read.catch(() => undefined);
      storedReads.set(db, read);
    },
    // As above: the till sees a failed open when it takes the connection.
    () => undefined,
  );
}

/**
 * openPosDb for the till: the first call takes the connection opened early (its earlier hook calls
 * replayed to `given` at once), every later call (a till started again) opens a new one. Resolves
 * the open database; rejects as openPosDb does.
 */
export function openTillDb(given: OpenPosDbHooks = {}): Promise<PosDb> {
  const opening = early;
  if (!opening) return openPosDb(given);
  early = null;
  hooks = given;
  toldEarly.splice(0).forEach((name) => given[name]?.());
  return opening;
}

/**
 * readStoredTill for the till: the read started when the early connection opened, taken once;
 * any other connection, or a second call, reads now. Rejects when IndexedDB fails.
 */
export function readTillStored(db: PosDb): Promise<StoredTill> {
  const read = storedReads.get(db);
  if (!read) return readStoredTill(db);
  storedReads.delete(db);
  return read;
}
