import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { HandleEmptyInListsPlugin, Kysely, PostgresDialect, replaceWithNoncontingentExpression, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { withAfterCommit } from './after-commit.js';
import type { Executor } from './database.js';
import { dialectOf, type Engine, type EngineDialect } from './dialect.js';

/** Where the data lives: an SQLite file in a folder (the embedded default), or PostgreSQL. */
export type DatabaseConfig = { engine: 'sqlite'; dataDir: string } | { engine: 'postgres'; url: string };

/** An open database: the Kysely instance, its engine and dialect, and `close()`. */
export interface ConnectedDatabase {
  db: Executor;
  engine: Engine;
  dialect: EngineDialect;
  /**
   * Where the data is, for people: `/srv/pos/data (SQLite database /srv/pos/data/pos.sqlite)`,
   * `PostgreSQL database pos on db.lan:5432` (never a password).
   */
  where: string;
  /** Closes the file or the pool; safe to call twice. */
  close: () => Promise<void>;
}

/** File name of the SQLite database inside the data directory. */
export const DATABASE_FILE = 'pos.sqlite';
/** How long an SQLite write waits for another connection's lock before failing (ms). */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Connections per instance to PostgreSQL (pg's default); a request holds one for a few ms. */
const PG_POOL_SIZE = 10;
/** How long getting a PostgreSQL connection may take before the query fails (ms). */
const PG_CONNECT_TIMEOUT_MS = 5_000;
/** PostgreSQL type oids `pg` returns as strings: int8 (COUNT, SUM of integer) and numeric (SUM of int8). */
const PG_INT8_OID = 20;
const PG_NUMERIC_OID = 1700;

/**
 * Opens the database `config` names (nothing is migrated: see migrate.ts). SQLite: creates the
 * folder (0700: it holds token hashes and orders) and `pos.sqlite`, WAL mode, foreign keys on,
 * `synchronous` left FULL (an accepted order must survive a power cut). PostgreSQL: a pool whose
 * int8 and numeric values come back as numbers (parseSafeInteger). Throws when the SQLite file
 * cannot be opened; PostgreSQL is first reached by the first query.
 */
export async function connect(config: DatabaseConfig): Promise<ConnectedDatabase> {
  const dialect = dialectOf(config.engine);
  const opened = config.engine === 'postgres' ? openPostgres(config.url) : openSqlite(config.dataDir);
  const db: Executor = new Kysely({
    dialect: withAfterCommit(opened.dialect),
    // `IN ()` is an error on both engines: an empty list matches nothing instead.
    plugins: [new HandleEmptyInListsPlugin({ strategy: replaceWithNoncontingentExpression }), ...dialect.plugins],
  });
  let closing: Promise<void> | undefined;
  return { db, engine: config.engine, dialect, where: opened.where, close: () => (closing ??= db.destroy()) };
}

/**
 * `text` (an int8 or numeric value from PostgreSQL) as a number. Throws RangeError when it is not
 * a whole number that JavaScript holds exactly (beyond ±2^53): a wrong total is worse than an error.
 */
export function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) throw new RangeError(`database value ${text} is not a safe integer`);
  return value;
}

/**
 * The PostgreSQL URL in `DATABASE_URL`, checked: `postgres://` or `postgresql://`. Throws an Error
 * saying what is wrong (never showing a password).
 */
export function parseDatabaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('DATABASE_URL is not a URL: postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//`);
  }
  return text;
}

function openSqlite(dataDir: string): { dialect: Dialect; where: string } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DATABASE_FILE);
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return { dialect: new SqliteDialect({ database }), where: `${resolve(dataDir)} (SQLite database ${resolve(file)})` };
}

function openPostgres(url: string): { dialect: Dialect; where: string } {
  const pool = new pg.Pool({
    connectionString: url,
    max: PG_POOL_SIZE,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    // This pool's own parsers: the global pg.types would change every other pool in the process.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID || oid === PG_NUMERIC_OID ? parseSafeInteger : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that breaks (PostgreSQL restarted) is dropped from the pool; without a
  // listener the error would end the process.
  pool.on('error', (error) => console.error(`pos-shell: an idle PostgreSQL connection broke: ${error.message}`));
  const { hostname, port, pathname } = new URL(url);
  return { dialect: new PostgresDialect({ pool }), where: `PostgreSQL database ${pathname.slice(1) || '(default)'} on ${hostname}:${port || '5432'}` };
}
