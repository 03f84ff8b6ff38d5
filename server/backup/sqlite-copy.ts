import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations/index.js';
import { errorText } from '../error-text.js';

/**
 * What a backup wrote: the file (absolute or as given) and its size in bytes. What it holds is not
 * counted here: counting reads the whole copy synchronously, which the server's scheduled backups
 * must not do on its event loop; the command counts it afterwards ({@link countCopy}).
 */
export interface BackupCopy {
  file: string;
  bytes: number;
}

/** What a copy holds, counted in the copy itself. */
interface CopyCounts {
  orders: number;
  sessions: number;
  devices: number;
  /** The newest schema step the copy records (schema_migrations). */
  schemaStep: number;
}

/** A copy or a database that cannot be used as asked; the message says why and what to do. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** What {@link backupSqlite} may be told. */
interface BackupOptions {
  /**
   * Pages copied per step of the online backup (1 page is 4 KiB by default). The server's own
   * schedule keeps the default (100: a step takes about a millisecond, requests run between
   * steps, and its writes go through the same connection, so they reach the copy without a
   * restart). A separate process copying a live database asks for everything at once: one read
   * transaction, which SQLite's WAL lets writers run beside, and no restart when the server writes.
   */
  pagesPerStep?: number;
}

/**
 * Copies the open SQLite database `source` to `target` with SQLite's online backup API
 * (better-sqlite3's `backup`): a consistent copy while the server keeps writing. Writes to a temp
 * name beside `target` (`.<name>.partial-<pid>`), fsyncs it, then renames it to `target`, so a
 * failure never leaves a partial file under the name asked. The file work after the copy is
 * asynchronous: the server's requests keep running while the disk catches up. Throws
 * {@link BackupError} when `target`'s folder does not exist or the copy fails (the temp file is
 * removed).
 */
export async function backupSqlite(
  source: SqliteDatabase.Database,
  target: string,
  options: BackupOptions = {},
): Promise<BackupCopy> {
  const folder = dirname(target);
  if (!existsSync(folder)) throw new BackupError(`The folder ${folder} does not exist: make it first.`);
  const partial = join(folder, `.${basename(target)}.partial-${process.pid}`);
  await rm(partial, { force: true });
  try {
    const pages = options.pagesPerStep;
    await (pages === undefined ? source.backup(partial) : source.backup(partial, { progress: () => pages }));
    standAlone(partial);
    await fsyncPath(partial);
    await rename(partial, target);
    await fsyncPath(folder);
    return { file: target, bytes: (await stat(target)).size };
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`The backup to ${target} failed: ${errorText(error)}`, { cause: error });
  }
}

/**
 * Opens the SQLite file `file` read-only and counts its orders, sessions and devices and its
 * newest schema step. Throws {@link BackupError} when it is not a pos-shell database (no such file,
 * not SQLite, no schema_migrations, orders or sessions table).
 */
export function countCopy(file: string): CopyCounts {
  const db = openReadOnly(file);
  try {
    return countOpen(db, file);
  } finally {
    db.close();
  }
}

/**
 * Checks that the SQLite file `file` can be restored by this build: it opens read-only, `PRAGMA
 * integrity_check` answers ok, it has pos-shell's schema_migrations table, and its newest step is
 * not newer than this build's migrations (older is fine: the server migrates it at its next start).
 * Answers what it holds; throws {@link BackupError} saying what is wrong.
 */
export function checkSqliteCopy(file: string): CopyCounts {
  const db = openReadOnly(file);
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
        (r) => r.integrity_check,
      );
    } catch (error) {
      throw new BackupError(`${file} is not a readable SQLite database (${errorText(error)}).`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupError(
        `${file} is damaged (SQLite's integrity check: ${problems.slice(0, 3).join('; ')}): restore another copy.`,
      );
    }
    const counts = countOpen(db, file);
    if (counts.schemaStep > MIGRATIONS.length) {
      throw new BackupError(
        `${file} is at schema step ${counts.schemaStep}, made by a newer pos-shell; this one knows ${MIGRATIONS.length} steps. Restore it with the newer version.`,
      );
    }
    return counts;
  } finally {
    db.close();
  }
}

/**
 * Whether another connection (a running server) has the SQLite database `file` open. A server
 * keeps its WAL open as long as it runs, and a connection in WAL mode holds a shared lock for it;
 * this asks, without waiting, for the exclusive lock only a lone connection gets, and lets it go.
 * A missing file is not in use.
 */
export function sqliteInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SqliteDatabase(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    if (isBusy(error)) return true;
    // Not a database at all (SQLITE_NOTADB): no server has it open.
    if ((error as { code?: unknown } | null)?.code === 'SQLITE_NOTADB') return false;
    throw error;
  } finally {
    db.close();
  }
}

/** What {@link restoreSqlite} did: what the restored database holds. */
interface RestoreOutcome {
  target: string;
  counts: CopyCounts;
}

/**
 * Replaces the SQLite database `target` with the copy `copy`, after checking the copy
 * ({@link checkSqliteCopy}). Refuses (throws {@link BackupError}, `target` untouched) when the copy
 * fails its check, when a running server has `target` open, and when `target` holds data (an
 * order, a session or a device) unless `force`. Then makes `target`'s folder when missing, copies
 * to a temp file beside `target`, fsyncs it, removes `target`'s `-wal`, `-shm` and `-journal`,
 * which belong to the replaced database, and renames the temp file over `target`.
 */
export async function restoreSqlite(
  copy: string,
  target: string,
  options: { force?: boolean } = {},
): Promise<RestoreOutcome> {
  const counts = checkSqliteCopy(copy);
  if (sqliteInUse(target)) {
    throw new BackupError(
      `${target} is open in a running server: stop the server first (Ctrl+C or kill -TERM), then restore.`,
    );
  }
  // Counted once; a missing target holds nothing, one that is not a pos-shell database throws
  // (restoring over it would lose something unknown).
  const now = !options.force && existsSync(target) ? countCopy(target) : null;
  if (now && now.orders + now.sessions + now.devices > 0) {
    throw new BackupError(
      `${target} holds data (${now.orders} orders, ${now.sessions} sessions, ${now.devices} devices): add --force to replace it with the copy.`,
    );
  }
  const folder = dirname(target);
  // Made only now: a refused restore leaves no trace, a fresh machine gets its data folder (0700).
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const partial = join(folder, `.${basename(target)}.restoring-${process.pid}`);
  rmSync(partial, { force: true });
  try {
    // Through SQLite's backup API rather than bytes: page for page (row ids kept), with whatever a
    // -wal beside the copy still holds folded in.
    const source = openReadOnly(copy);
    try {
      await source.backup(partial);
    } finally {
      source.close();
    }
    standAlone(partial);
    await fsyncPath(partial);
    // The old database's -wal, -shm and -journal go first: left beside the new file, even for a
    // moment, SQLite would read them as the new file's own and fold the old pages into it.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(partial, target);
    await fsyncPath(folder);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(`The restore of ${copy} to ${target} failed: ${errorText(error)}`, {
      cause: error,
    });
  }
  return { target, counts };
}

/**
 * Turns the SQLite file `file` (a fresh copy, which keeps its source's WAL mode) into one file in
 * rollback-journal mode: opening it read-only later leaves no `-wal` or `-shm` beside it, and the
 * server puts its database back in WAL mode when it opens it.
 */
function standAlone(file: string): void {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function openReadOnly(file: string): SqliteDatabase.Database {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  try {
    return new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as an SQLite database (${errorText(error)}).`);
  }
}

function countOpen(db: SqliteDatabase.Database, file: string): CopyCounts {
  let tables: Set<string>;
  try {
    tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
  } catch (error) {
    throw new BackupError(`${file} is not a readable SQLite database (${errorText(error)}).`);
  }
  for (const table of ['schema_migrations', 'orders', 'sessions', 'devices']) {
    if (!tables.has(table)) {
      throw new BackupError(`${file} is not a pos-shell database (it has no ${table} table).`);
    }
  }
  const count = (sql: string): number => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  try {
    return {
      orders: count('SELECT COUNT(*) FROM orders'),
      sessions: count('SELECT COUNT(*) FROM sessions'),
      devices: count('SELECT COUNT(*) FROM devices'),
      schemaStep: count('SELECT MAX(version) FROM schema_migrations'),
    };
  } catch (error) {
    throw new BackupError(`${file} cannot be read (${errorText(error)}).`);
  }
}

/** Flushes `path` (a file or a folder, so a rename in it survives a power cut) to the disk. */
async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
