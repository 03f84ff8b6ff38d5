import { execFile } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { MIGRATIONS } from '../db/migrations/index.js';
import { errorText } from '../error-text.js';
import { BackupError } from './sqlite-copy.js';

const run = promisify(execFile);

/** Where Debian's PostgreSQL packages put their tools, one folder per major version. */
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';

/** How long (ms) a dump or a restore may run before it is ended: a shop's database takes seconds. */
const PG_TOOL_TIMEOUT_MS = 30 * 60_000;

/** Largest output (bytes) read from a tool: `pg_restore --list` of a big schema stays far below. */
const PG_TOOL_MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * The path of PostgreSQL's tool `name` (`pg_dump`, `pg_restore`): on PATH, else the newest under
 * /usr/lib/postgresql/<version>/bin (Debian's packages leave them off PATH), else null.
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder && existsSync(join(folder, name))) return join(folder, name);
  }
  if (!existsSync(DEBIAN_PG_ROOT)) return null;
  const versions = readdirSync(DEBIAN_PG_ROOT)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const path = join(DEBIAN_PG_ROOT, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return null;
}

function requireTool(name: 'pg_dump' | 'pg_restore'): string {
  const path = findPgTool(name);
  if (!path) {
    throw new BackupError(
      `${name} was not found on PATH nor under ${DEBIAN_PG_ROOT}/*/bin: install PostgreSQL's client tools (apt-get install postgresql-client).`,
    );
  }
  return path;
}

/** What {@link backupPostgres} wrote, and with which tool. */
interface PgBackupCopy {
  file: string;
  bytes: number;
  orders: number;
  sessions: number;
  tool: string;
}

/**
 * Dumps the PostgreSQL database at `url` to `target` with `pg_dump --format=custom`, written to a
 * temp name beside `target` and renamed at the end. The orders and sessions are counted in the
 * dump's own snapshot: a read-only repeatable-read transaction exports it, counts, and stays open
 * while pg_dump reads that same snapshot (`--snapshot`), so the counts are the copy's while the
 * servers keep writing. Throws {@link BackupError} (no file left) when pg_dump is missing or fails.
 */
export async function backupPostgres(url: string, target: string): Promise<PgBackupCopy> {
  const tool = requireTool('pg_dump');
  const folder = dirname(target);
  if (!existsSync(folder)) throw new BackupError(`The folder ${folder} does not exist: make it first.`);
  const partial = join(folder, `.${basename(target)}.partial-${process.pid}`);
  rmSync(partial, { force: true });
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]?.id;
    if (!snapshot) throw new Error('PostgreSQL exported no snapshot');
    const counts = await countWith(client);
    const { dbname, env } = toolConnection(url);
    await run(
      tool,
      ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`, `--dbname=${dbname}`],
      {
        env,
        timeout: PG_TOOL_TIMEOUT_MS,
        maxBuffer: PG_TOOL_MAX_OUTPUT,
      },
    );
    renameSync(partial, target);
    return {
      file: target,
      bytes: statSync(target).size,
      orders: counts.orders,
      sessions: counts.sessions,
      tool,
    };
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(`pg_dump to ${target} failed: ${toolMessage(error, url)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Checks that `file` is a dump `pg_restore` can read (`pg_restore --list`); answers how many
 * entries its table of contents lists. Throws {@link BackupError} otherwise.
 */
async function checkPgCopy(file: string): Promise<number> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const tool = requireTool('pg_restore');
  try {
    const { stdout } = await run(tool, ['--list', file], { maxBuffer: PG_TOOL_MAX_OUTPUT });
    const entries = stdout.split('\n').filter((line) => /^\d+;/.test(line)).length;
    if (entries === 0) throw new Error('its table of contents is empty');
    return entries;
  } catch (error) {
    throw new BackupError(`${file} is not a dump pg_restore can read: ${toolMessage(error)}`, {
      cause: error,
    });
  }
}

/**
 * The newest schema step the dump `file` records (the highest version in its schema_migrations
 * data, read with `pg_restore --data-only --table=schema_migrations`). Throws {@link BackupError}
 * when the dump holds no schema_migrations data: it is not a pos-shell database.
 */
async function dumpSchemaStep(file: string): Promise<number> {
  const tool = requireTool('pg_restore');
  let stdout: string;
  try {
    ({ stdout } = await run(tool, ['--data-only', '--table=schema_migrations', '--file=-', file], {
      maxBuffer: PG_TOOL_MAX_OUTPUT,
    }));
  } catch (error) {
    throw new BackupError(`${file} is not a dump pg_restore can read: ${toolMessage(error)}`, {
      cause: error,
    });
  }
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => /^COPY \S*schema_migrations \(.*\) FROM stdin;$/.test(line));
  const columns = /\((.*)\)/.exec(lines[header] ?? '')?.[1]?.split(', ') ?? [];
  const column = columns.indexOf('version');
  if (header < 0 || column < 0) {
    throw new BackupError(`${file} is not a pos-shell dump (it has no schema_migrations data).`);
  }
  let newest = 0;
  for (const line of lines.slice(header + 1)) {
    if (line === '\\.') break;
    newest = Math.max(newest, Number(line.split('\t')[column]) || 0);
  }
  return newest;
}

/**
 * How many other client connections the PostgreSQL database at `url` has (pg_stat_activity, this
 * one left out): a running pos-shell server holds some as long as it runs.
 */
async function otherConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ others: string }>(
      "SELECT COUNT(*) AS others FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    );
    return Number(rows[0]?.others ?? 0);
  } catch (error) {
    throw new BackupError(`PostgreSQL cannot be read (${toolMessage(error, url)}).`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Counts the orders, sessions and devices in the PostgreSQL database at `url`; zeros when it has no
 * pos-shell schema yet (a fresh database). Throws {@link BackupError} when it cannot be reached.
 */
export async function countPostgres(
  url: string,
): Promise<{ orders: number; sessions: number; devices: number }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return await countWith(client);
  } catch (error) {
    throw new BackupError(`PostgreSQL cannot be read (${toolMessage(error, url)}).`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The orders, sessions and devices `client` sees; zeros without pos-shell's tables. */
async function countWith(client: pg.Client): Promise<{ orders: number; sessions: number; devices: number }> {
  const { rows } = await client.query<{ tables: string | null }>(
    "SELECT string_agg(table_name, ',') AS tables FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('orders', 'sessions', 'devices')",
  );
  if ((rows[0]?.tables ?? '').split(',').length < 3) return { orders: 0, sessions: 0, devices: 0 };
  const counts = await client.query<{ orders: string; sessions: string; devices: string }>(
    'SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM sessions) AS sessions, (SELECT COUNT(*) FROM devices) AS devices',
  );
  const row = counts.rows[0];
  return { orders: Number(row?.orders), sessions: Number(row?.sessions), devices: Number(row?.devices) };
}

/**
 * Restores the dump `file` into the PostgreSQL database at `url` with `pg_restore --clean
 * --if-exists --no-owner`, after checking it ({@link checkPgCopy}). Refuses (throws
 * {@link BackupError}, nothing changed) when the dump cannot be read, when its schema step is newer
 * than this build's migrations, and unless `force` when other connections use the database (a
 * running server) or it holds data (an order, a session or a device). pg_restore runs in one transaction
 * (`--single-transaction`): a failure leaves the database as it was.
 */
export async function restorePostgres(
  url: string,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ entries: number; orders: number; sessions: number }> {
  const entries = await checkPgCopy(file);
  const step = await dumpSchemaStep(file);
  if (step > MIGRATIONS.length) {
    throw new BackupError(
      `${file} is at schema step ${step}, made by a newer pos-shell; this one knows ${MIGRATIONS.length} steps. Restore it with the newer version.`,
    );
  }
  // A server still running would carry on over the restored data: the orders it accepted since the
  // dump are gone, and the tablets, which marked them synced, never send them again.
  const others = options.force ? 0 : await otherConnections(url);
  if (others > 0) {
    throw new BackupError(
      `The database has ${others} other connection(s), a running server's: stop every server using it first, or add --force.`,
    );
  }
  const before = await countPostgres(url);
  if (!options.force && before.orders + before.sessions + before.devices > 0) {
    throw new BackupError(
      `The database holds data (${before.orders} orders, ${before.sessions} sessions, ${before.devices} devices): add --force to replace it with the copy.`,
    );
  }
  const tool = requireTool('pg_restore');
  const { dbname, env } = toolConnection(url);
  try {
    await run(
      tool,
      [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${dbname}`,
        file,
      ],
      { env, timeout: PG_TOOL_TIMEOUT_MS, maxBuffer: PG_TOOL_MAX_OUTPUT },
    );
  } catch (error) {
    throw new BackupError(`pg_restore of ${file} failed (nothing was changed): ${toolMessage(error, url)}`, {
      cause: error,
    });
  }
  const after = await countPostgres(url);
  return { entries, orders: after.orders, sessions: after.sessions };
}

/**
 * The URL a tool is given, without its password, and the environment that carries the password
 * instead (PGPASSWORD): a command line is visible to every user of the machine (`ps`).
 */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    dbname: parsed.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  };
}

/** What a tool or the driver said, its last lines, with the URL's password never shown. */
function toolMessage(error: unknown, url?: string): string {
  const stderr = (error as { stderr?: unknown } | null)?.stderr;
  let text = typeof stderr === 'string' && stderr.trim() ? stderr.trim() : errorText(error);
  text = text.split('\n').slice(-3).join(' ');
  if (url) {
    const password = safePassword(url);
    if (password) text = text.split(password).join('***');
  }
  return text;
}

function safePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
