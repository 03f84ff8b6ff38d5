import { openPosDb, type OpenPosDbHooks, type PosDb } from '../src/store/db.js';

/** The worker's one database connection, opened on first need. */
export interface DbHolder {
  /** The open connection; opens (or reopens) it when there is none. Rejects when opening fails. */
  get(): Promise<PosDb>;
}

/**
 * Keeps one connection per worker lifetime. It is dropped, and reopened by the next `get`, when
 * a newer version of the app asks to upgrade (`versionchange`), when the browser closes it, or
 * when opening failed.
 */
export function createDbHolder(open: (hooks: OpenPosDbHooks) => Promise<PosDb> = openPosDb): DbHolder {
  let current: Promise<PosDb> | null = null;
  return {
    get() {
      if (current) return current;
      const opening = open({ versionchange: () => forget(opening) });
      const forget = (which: Promise<PosDb>): void => {
        if (current === which) current = null;
      };
      current = opening;
      opening.then(
        (db) => db.addEventListener('close', () => forget(opening)),
        () => forget(opening),
      );
      return opening;
    },
  };
}
