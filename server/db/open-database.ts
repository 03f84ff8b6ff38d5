import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_STEPS } from './schema.js';
import { seedIfEmpty } from './seed.js';

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'pos.sqlite';
/** How long a write waits for another connection's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5_000;

export type Db = Database.Database;

/**
 * Opens (creating the directory and file if needed) `<dataDir>/pos.sqlite` in WAL mode with
 * foreign keys on, migrates the schema and seeds an empty database. `synchronous` stays FULL:
 * an accepted order must survive a power cut (rule 4). Throws if the file cannot be opened.
 */
export function openDatabase(dataDir: string): Db {
  // Owner only: the database holds token hashes and orders; a new folder is made 0700.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  migrate(db);
  seedIfEmpty(db);
  return db;
}

/** Runs the schema steps this file has not seen yet, each in its own transaction. */
function migrate(db: Db): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  SCHEMA_STEPS.forEach((sql, index) => {
    if (index < current) return;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    })();
  });
}
