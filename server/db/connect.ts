import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  HandleEmptyInListsPlugin,
  Kysely,
  PostgresDialect,
  replaceWithNoncontingentExpression,
  SqliteDialect,
  type Dialect,
} from 'kysely';
import pg from 'pg';
import { withAfterCommit } from './after-commit.js';
import type { Executor } from './database.js';
import { dialectOf, SESSION_GATE_FUNCTIONS, type Engine, type EngineDialect } from './dialect.js';
import { openPgPool } from './pg-pool.js';

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
  /**
   * Runs `work` (the schema steps, migrate.ts) on an executor without the time bounds of requests
   * (pg-pool.ts): on PostgreSQL one connection of its own, closed afterwards; on SQLite `db`.
   */
  withoutTimeBounds: <T>(work: (db: Executor) => Promise<T>) => Promise<T>;
  /**
   * SQLite only: the database file (absolute) and the one connection `db` runs on, for the online
   * backup API (server/backup/), whose copy then sees this connection's writes without restarting.
   */
  sqlite?: { file: string; handle: SqliteDatabase.Database };
}

/** What {@link connect} may be told. */
export interface ConnectOptions {
  /** Receives PostgreSQL's lines: when it becomes unusable, when it answers again. Default: stderr. */
  log?: (line: string) => void;
}

/** File name of the SQLite database inside the data directory. */
export const DATABASE_FILE = 'pos.sqlite';
/** How long an SQLite write waits for another connection's lock before failing (ms). */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Connections per instance to PostgreSQL (pg's default); a request holds one for a few ms. */
const PG_POOL_SIZE = 10;
/** PostgreSQL type oids `pg` returns as strings: int8 (COUNT, SUM of integer) and numeric (SUM of int8). */
const PG_INT8_OID = 20;
const PG_NUMERIC_OID = 1700;

/**
 * Opens the database `config` names (nothing is migrated: see migrate.ts). SQLite: creates the
 * folder (0700: it holds token hashes and orders) and `pos.sqlite`, WAL mode, foreign keys on,
 * `synchronous` left FULL (an accepted order must survive a power cut). PostgreSQL: a pool
 * (pg-pool.ts: every wait bounded, broken connections dropped) whose int8 and numeric values come
 * back as numbers (parseSafeInteger). Throws when the SQLite file cannot be opened; PostgreSQL is
 * first reached by the first query.
 */
export async function connect(
  config: DatabaseConfig,
  options: ConnectOptions = {},
): Promise<ConnectedDatabase> {
  const dialect = dialectOf(config.engine);
  const log = options.log ?? ((line: string) => console.error(`pos-shell: ${line}`));
  const open = (bounded: boolean) =>
    config.engine === 'postgres' ? openPostgres(config.url, bounded, log) : openSqlite(config.dataDir);
  const opened = open(true);
  const db = kyselyOn(opened.dialect, dialect);
  let closing: Promise<void> | undefined;
  const withoutTimeBounds = async <T>(work: (db: Executor) => Promise<T>): Promise<T> => {
    if (config.engine === 'sqlite') return work(db);
    const unbounded = kyselyOn(open(false).dialect, dialect);
    try {
      return await work(unbounded);
    } finally {
      await unbounded.destroy();
    }
  };
  return {
    db,
    engine: config.engine,
    dialect,
    where: opened.where,
    close: () => (closing ??= db.destroy()),
    withoutTimeBounds,
    ...(opened.sqlite ? { sqlite: opened.sqlite } : {}),
  };
}

function kyselyOn(opened: Dialect, dialect: EngineDialect): Executor {
  return new Kysely({
    dialect: withAfterCommit(opened),
    // `IN ()` is an error on both engines: an empty list matches nothing instead.
    plugins: [
      new HandleEmptyInListsPlugin({ strategy: replaceWithNoncontingentExpression }),
      ...dialect.plugins,
    ],
  });
}

/**
 * `text` (an int8 or numeric value from PostgreSQL) as a number. Throws RangeError when it is not
 * a whole number that JavaScript holds exactly (beyond ±2^53): a wrong total is worse than an error.
 */
export function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new RangeError(`database value ${text} is not a safe integer`);
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

/** The data folder the environment names: POS_DATA_DIR, `./data` when unset or empty. */
export function dataDirOf(env: NodeJS.ProcessEnv): string {
  return env.POS_DATA_DIR || './data';
}

/** The SQLite file of the data folder `dataDir`, absolute: the server's database, what a backup copies. */
export function sqliteFileOf(dataDir: string): string {
  return resolve(dataDir, DATABASE_FILE);
}

function openSqlite(dataDir: string): {
  dialect: Dialect;
  where: string;
  sqlite: { file: string; handle: SqliteDatabase.Database };
} {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = sqliteFileOf(dataDir);
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // The session gates are PostgreSQL advisory locks (sessions-repo.ts); SQLite has one writer at a
  // time and needs none, so the same statements call these, which do nothing.
  for (const name of SESSION_GATE_FUNCTIONS) database.function(name, { varargs: true }, () => null);
  return {
    dialect: new SqliteDialect({ database }),
    where: `${resolve(dataDir)} (SQLite database ${file})`,
    sqlite: { file, handle: database },
  };
}

function openPostgres(
  url: string,
  bounded: boolean,
  log: (line: string) => void,
): { dialect: Dialect; where: string; sqlite?: undefined } {
  const { hostname, port, pathname } = new URL(url);
  const host = `${hostname}:${port || '5432'}`;
  const pool = openPgPool({
    url,
    // Migrations hold one connection: their steps run one after the other in one transaction.
    max: bounded ? PG_POOL_SIZE : 1,
    bounded,
    getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
      oid === PG_INT8_OID || oid === PG_NUMERIC_OID
        ? parseSafeInteger
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    where: host,
    // The migration connection's failures are the start's own error (start-server.ts), not an outage.
    log: bounded ? log : () => undefined,
  });
  return {
    dialect: new PostgresDialect({ pool }),
    where: `PostgreSQL database ${pathname.slice(1) || '(default)'} on ${host}`,
  };
}
