import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { BackupStatusSchema, type BackupStatus } from '../../src/domain/api/backups.js';
import { errorText } from '../error-text.js';
import { backupSqlite, type BackupCopy } from './sqlite-copy.js';

/** How many backups the schedule keeps when POS_BACKUP_KEEP is unset. */
export const DEFAULT_BACKUP_KEEP = 7;
/** The shortest interval the schedule takes (hours): a minute. */
const MIN_BACKUP_EVERY_H = 1 / 60;
/** The longest (hours): 20 days, below the 24.8 days a Node timer can wait. */
const MAX_BACKUP_EVERY_H = 480;
/** The folder of scheduled backups when POS_BACKUP_DIR is unset, beside the database file. */
const DEFAULT_BACKUP_FOLDER = 'backups';
/** The file in the backup folder that remembers the last backup and the last failure across restarts. */
export const LAST_BACKUP_FILE = 'last-backup.json';
/**
 * How long (ms) after the start a backup that is due already waits: the start and the tablets'
 * first requests come first.
 */
const FIRST_BACKUP_DELAY_MS = 10_000;

/** A scheduled backup's name: `pos-20261206T140000Z.sqlite`, so names sort as times do. */
const BACKUP_NAME = /^pos-\d{8}T\d{6}(\d{3})?Z\.sqlite$/;

/** A copy's temp file (sqlite-copy.ts: `.<name>.partial-<pid>`), the pid of the process writing it. */
const PARTIAL_NAME = /^\..+\.partial-(\d+)$/;

/** The schedule's settings: every `everyHours` hours, the newest `keep` copies kept in `dir`. */
export interface BackupScheduleSettings {
  everyHours: number;
  keep: number;
  dir: string;
}

/**
 * The schedule's settings from the environment: POS_BACKUP_EVERY_H (hours, a number from
 * {@link MIN_BACKUP_EVERY_H} to {@link MAX_BACKUP_EVERY_H}; unset or empty: off, answers null),
 * POS_BACKUP_KEEP (a whole number ≥ 1, default {@link DEFAULT_BACKUP_KEEP}), POS_BACKUP_DIR
 * (default `backups` beside the database file, in `dataDir`). Throws an Error naming the variable
 * when one is not usable.
 */
export function backupScheduleFromEnv(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): BackupScheduleSettings | null {
  const every = env.POS_BACKUP_EVERY_H?.trim();
  if (!every) return null;
  const everyHours = Number(every);
  if (!/^\d+(\.\d+)?$/.test(every) || everyHours < MIN_BACKUP_EVERY_H || everyHours > MAX_BACKUP_EVERY_H) {
    throw new Error(
      `POS_BACKUP_EVERY_H ${JSON.stringify(every)} is not a number of hours from 0.017 (a minute) to ${MAX_BACKUP_EVERY_H}; leave it unset for no scheduled backups.`,
    );
  }
  const keepText = env.POS_BACKUP_KEEP?.trim();
  const keep = keepText ? Number(keepText) : DEFAULT_BACKUP_KEEP;
  if (keepText && (!/^\d+$/.test(keepText) || keep < 1 || !Number.isSafeInteger(keep))) {
    throw new Error(
      `POS_BACKUP_KEEP ${JSON.stringify(keepText)} is not a whole number of backups (1 or more).`,
    );
  }
  const dir = resolve(env.POS_BACKUP_DIR?.trim() || join(dataDir, DEFAULT_BACKUP_FOLDER));
  return { everyHours, keep, dir };
}

/** What {@link BackupSchedule} needs besides its settings. */
interface BackupScheduleDeps {
  /** The server's own connection to its database: its writes reach a copy under way without a restart. */
  source: SqliteDatabase.Database;
  now?: () => Date;
  /** Receives a line per backup made or failed; default stderr. */
  log?: (line: string) => void;
}

/** What the last backup and the last failure were, as the schedule keeps them in {@link LAST_BACKUP_FILE}. */
interface Remembered {
  last: { at: string; file: string; bytes: number } | null;
  failure: { at: string; message: string } | null;
}

/**
 * Backs the server's SQLite database up every `everyHours` hours into `dir` with the online
 * backup API (100 pages a step, requests served between steps), keeps the newest `keep` copies,
 * and remembers the last backup's time and the last failure (in `dir`/{@link LAST_BACKUP_FILE},
 * so a restart still shows them). A backup due at the start (none yet, or the last one older than
 * the interval) runs a few seconds after it. Failures are logged and kept, never thrown.
 */
export class BackupSchedule {
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private remembered: Remembered;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<BackupCopy | null> | undefined;
  private stopped = false;

  constructor(
    readonly settings: BackupScheduleSettings,
    private readonly deps: BackupScheduleDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? ((line) => console.error(`pos-shell: ${line}`));
    this.remembered = readRemembered(settings.dir);
  }

  /** Makes the backup folder (0700: the copies hold token hashes) and plans the next backup. */
  start(): void {
    mkdirSync(this.settings.dir, { recursive: true, mode: 0o700 });
    const last = this.remembered.last ? Date.parse(this.remembered.last.at) : NaN;
    const interval = this.intervalMs();
    const due = Number.isNaN(last) ? 0 : last + interval - this.now().getTime();
    this.plan(Math.max(FIRST_BACKUP_DELAY_MS, Math.min(due, interval)));
  }

  /** Stops the timer and waits for a backup under way (the database must stay open until it ends). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Makes a backup now (or waits for the one under way) and removes the copies beyond `keep`;
   * answers the copy, or null when it failed (the failure is logged and kept for {@link status}).
   */
  runNow(): Promise<BackupCopy | null> {
    this.running ??= this.backUp().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** What the back office shows: the schedule, the last backup, the last failure when the last attempt failed. */
  status(): BackupStatus {
    const { last, failure } = this.remembered;
    return {
      scheduled: true,
      everyHours: this.settings.everyHours,
      keep: this.settings.keep,
      last: last ? { ...last } : null,
      lastFailure: failure ? { ...failure } : null,
    };
  }

  private intervalMs(): number {
    return Math.round(this.settings.everyHours * 3_600_000);
  }

  private plan(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runNow().finally(() => this.plan(this.intervalMs()));
    }, delayMs);
    // A planned backup never keeps the process alive: the server's listening socket does.
    this.timer.unref();
  }

  private async backUp(): Promise<BackupCopy | null> {
    const at = this.now();
    const file = join(this.settings.dir, backupName(at));
    try {
      await mkdir(this.settings.dir, { recursive: true, mode: 0o700 });
      const copy = await backupSqlite(this.deps.source, file);
      this.remembered = {
        last: { at: at.toISOString(), file: copy.file, bytes: copy.bytes },
        failure: null,
      };
      this.log(`backup made: ${copy.file} (${copy.bytes} bytes)`);
      await this.prune();
      await this.remember();
      return copy;
    } catch (error) {
      this.remembered = { ...this.remembered, failure: { at: at.toISOString(), message: errorText(error) } };
      this.log(`backup FAILED: ${errorText(error)}`);
      await this.remember();
      return null;
    }
  }

  /**
   * Removes the oldest scheduled copies beyond `keep` (only files named as the schedule names them),
   * and the temp files of copies whose process is gone (killed mid-copy, a power cut): nothing
   * else ever removes them. A temp file of this process is left over too, since its backups run
   * one at a time and this one is done; one of another live process (npm run backup into the same
   * folder) is still being written, and stays.
   */
  private async prune(): Promise<void> {
    const all = await readdir(this.settings.dir);
    const names = all.filter((name) => BACKUP_NAME.test(name)).sort();
    const stale = names.slice(0, Math.max(0, names.length - this.settings.keep));
    for (const name of all) {
      const pid = PARTIAL_NAME.exec(name)?.[1];
      if (pid !== undefined && (Number(pid) === process.pid || !processAlive(Number(pid)))) stale.push(name);
    }
    for (const name of stale) await rm(join(this.settings.dir, name), { force: true });
  }

  private async remember(): Promise<void> {
    try {
      const file = join(this.settings.dir, LAST_BACKUP_FILE);
      const partial = `${file}.partial`;
      await writeFile(partial, `${JSON.stringify(this.remembered, null, 2)}\n`, { mode: 0o600 });
      await rename(partial, file);
    } catch (error) {
      // The status stays in memory; the folder's own trouble shows in the next backup's failure.
      this.log(`the last backup's status could not be written in ${this.settings.dir}: ${errorText(error)}`);
    }
  }
}

/** The status when nothing is scheduled (PostgreSQL, or POS_BACKUP_EVERY_H unset). */
export const BACKUPS_OFF: BackupStatus = {
  scheduled: false,
  everyHours: null,
  keep: null,
  last: null,
  lastFailure: null,
};

/** `pos-<UTC time to the millisecond>.sqlite`: two backups in one second still get their own name. */
function backupName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1Z');
  return `pos-${stamp}.sqlite`;
}

/**
 * What {@link LAST_BACKUP_FILE} in `dir` remembers, each part checked against the status's own
 * schema: a part that does not match (a hand edit, a file of another version, a torn write) is
 * null, never handed on to GET /api/backups/last, whose answer would then fail its schema (500).
 */
/** Whether a process `pid` runs (a signal 0 reaches it, or exists but belongs to another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRemembered(dir: string): Remembered {
  const file = join(dir, LAST_BACKUP_FILE);
  if (!existsSync(file)) return { last: null, failure: null };
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const last = BackupStatusSchema.shape.last.safeParse(fields.last ?? null);
    const failure = BackupStatusSchema.shape.lastFailure.safeParse(fields.failure ?? null);
    return { last: last.success ? last.data : null, failure: failure.success ? failure.data : null };
  } catch {
    // A damaged status file only loses what the back office shows until the next backup.
    return { last: null, failure: null };
  }
}
