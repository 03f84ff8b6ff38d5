import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { dataDirOf, parseDatabaseUrl, sqliteFileOf } from '../db/connect.js';
import { errorText } from '../error-text.js';
import { backupPostgres, restorePostgres } from './pg-copy.js';
import { BackupError, backupSqlite, countCopy, restoreSqlite } from './sqlite-copy.js';

/** Where a command writes: its lines for people (stdout) and its errors (stderr). */
export interface CommandOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Lines on stdout and stderr, each prefixed `pos-shell <command>: `. */
function standardOutput(command: string): CommandOutput {
  return {
    out: (line) => console.log(`pos-shell ${command}: ${line}`),
    err: (line) => console.error(`pos-shell ${command}: ${line}`),
  };
}

/**
 * The online backup copies everything in one step when it runs beside a server in another
 * process: one read transaction, which SQLite's WAL lets the server's writes run beside; in steps,
 * each write of the server would restart the copy from its first page.
 */
const ALL_AT_ONCE = 0x7fffffff;

/**
 * `npm run backup -- <file>`: a consistent copy of the shop's data while the server runs. With
 * DATABASE_URL, `pg_dump --format=custom` of that database; else SQLite's online backup API on
 * POS_DATA_DIR's (./data) `pos.sqlite`, the file the server uses. Prints the file, its size and
 * the orders and sessions counted in the copy. Answers the exit code: 0, or 1 with a message on
 * stderr (bad arguments, no database, a failed copy; no partial file is left).
 */
export async function backupCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CommandOutput = standardOutput('backup'),
): Promise<number> {
  try {
    if (args.length !== 1 || !args[0] || args[0].startsWith('-')) {
      throw new BackupError('usage: npm run backup -- <file> (the copy to write; its folder must exist)');
    }
    const target = resolve(args[0]);
    if (env.DATABASE_URL) {
      const url = parseDatabaseUrl(env.DATABASE_URL);
      const copy = await backupPostgres(url, target);
      output.out(`PostgreSQL (DATABASE_URL): ran ${copy.tool} --format=custom`);
      output.out(
        `wrote ${copy.file}: ${copy.bytes} bytes; ${copy.orders} orders and ${copy.sessions} sessions at the time of the copy`,
      );
      return 0;
    }
    const file = sqliteFileOf(dataDirOf(env));
    if (!existsSync(file)) {
      throw new BackupError(
        `There is no database at ${file}: set POS_DATA_DIR to the server's data folder (or DATABASE_URL for PostgreSQL).`,
      );
    }
    if (target === file) throw new BackupError(`${target} is the database itself: name another file.`);
    let source: SqliteDatabase.Database;
    try {
      source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new BackupError(`${file} cannot be opened (${errorText(error)}).`);
    }
    try {
      const copy = await backupSqlite(source, target, { pagesPerStep: ALL_AT_ONCE });
      // Counted in the copy itself, in this process of its own: the server's event loop never waits.
      const counts = countCopy(copy.file);
      output.out(`SQLite ${file}: online backup`);
      output.out(
        `wrote ${copy.file}: ${copy.bytes} bytes; the copy holds ${counts.orders} orders and ${counts.sessions} sessions`,
      );
      return 0;
    } finally {
      source.close();
    }
  } catch (error) {
    output.err(`FAILED: ${errorText(error)}`);
    return 1;
  }
}

/**
 * `npm run restore -- <file> [--force]`: puts a copy made by {@link backupCommand} back. Checks
 * the copy first (SQLite: integrity and schema step; PostgreSQL: `pg_restore --list` and schema
 * step), refuses a database that holds data unless `--force`, and refuses while a server uses the
 * database (SQLite: always; PostgreSQL: other connections, unless `--force`). SQLite: POS_DATA_DIR's `pos.sqlite` (its folder made, once the checks pass, when
 * missing); PostgreSQL (DATABASE_URL): `pg_restore --clean --if-exists --no-owner`. Answers the
 * exit code: 0, or 1 with a message on stderr, nothing replaced.
 */
export async function restoreCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CommandOutput = standardOutput('restore'),
): Promise<number> {
  try {
    const force = args.includes('--force');
    const rest = args.filter((arg) => arg !== '--force');
    if (rest.length !== 1 || !rest[0] || rest[0].startsWith('-')) {
      throw new BackupError(
        'usage: npm run restore -- <file> [--force] (--force replaces a database that holds orders, sessions or devices)',
      );
    }
    const copy = resolve(rest[0]);
    if (env.DATABASE_URL) {
      const url = parseDatabaseUrl(env.DATABASE_URL);
      const done = await restorePostgres(url, copy, { force });
      output.out(`PostgreSQL (DATABASE_URL): pg_restore --clean --if-exists --no-owner of ${copy}`);
      output.out(
        `restored ${done.entries} entries; the database now holds ${done.orders} orders and ${done.sessions} sessions`,
      );
      return 0;
    }
    const done = await restoreSqlite(copy, sqliteFileOf(dataDirOf(env)), { force });
    output.out(`restored ${copy} into ${done.target}`);
    output.out(
      `it holds ${done.counts.orders} orders, ${done.counts.sessions} sessions and ${done.counts.devices} devices; start the server (npm run serve): it brings the schema up to date`,
    );
    return 0;
  } catch (error) {
    output.err(`FAILED: ${errorText(error)}`);
    return 1;
  }
}
