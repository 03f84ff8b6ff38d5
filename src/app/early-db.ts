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

/** Longest the shell's first render waits for the stored till (ms): a slow disk must not keep the till blank. */
const STORED_WAIT_CAP_MS = 150;
/**
 * The same for a pairing link (ms): a new tablet, whose database is being created, is about to show
 * the pairing screen, and the empty till drawn first ("No products on this device yet") would be
 * wrong for it. Longer, not endless: a database that never answers must not keep the page blank.
 */
export const PAIRING_LINK_WAIT_CAP_MS = 2_000;
/** When this module ran (ms, performance.now()): each cap counts from here. */
const startedAt = typeof performance === 'undefined' ? 0 : performance.now();

let early: Promise<PosDb> | null = null;
/** Settles when the early read settled, the open failed or is blocked, or no open began. */
let storedSettled: Promise<unknown> = Promise.resolve();
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
  let blocked = (): void => undefined;
  const blockedTold = new Promise<void>((resolve) => (blocked = resolve));
  early = openPosDb({
    blocked: () => {
      blocked();
      tell('blocked')();
    },
    versionchange: tell('versionchange'),
    terminated: tell('terminated'),
  });
  const read = early.then(
    (db) => {
      const reading = readStoredTill(db);
      // Handled here so a failed read is not reported as unhandled; the till sees it when it takes the read.
      reading.catch(() => undefined);
      storedReads.set(db, reading);
      return reading.catch(() => undefined);
    },
    // As above: the till sees a failed open when it takes the connection.
    () => undefined,
  );
  storedSettled = Promise.race([read, blockedTold]);
}

/**
 * Resolves once the stored till (catalog, config facts, pairing) was read, or the read or the open
 * failed, or an older tab blocks the open (the till must render to say so), or `capMs` after this
 * module ran at the latest (150 ms; {@link PAIRING_LINK_WAIT_CAP_MS} for a pairing link); at once
 * where there is no IndexedDB. Never rejects. main.ts puts the shell in the page after it, so the
 * first render already has the catalog: the shell drawn first, then again with the catalog, cost
 * the till a second style and layout of the whole page before a product could be tapped.
 */
export function storedTillSettled(capMs = STORED_WAIT_CAP_MS): Promise<void> {
  const left = Math.max(0, startedAt + capMs - performance.now());
  const atTheLatest = new Promise<void>((resolve) => setTimeout(resolve, left));
  return Promise.race([storedSettled, atTheLatest]).then(() => undefined);
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
