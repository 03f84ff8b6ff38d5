import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { backupCommand, restoreCommand, type CommandOutput } from '../../server/backup/cli.js';
import { countPostgres, findPgTool } from '../../server/backup/pg-copy.js';
import {
  BackupSchedule,
  backupScheduleFromEnv,
  DEFAULT_BACKUP_KEEP,
  LAST_BACKUP_FILE,
} from '../../server/backup/schedule.js';
import { checkSqliteCopy, countCopy, sqliteInUse } from '../../server/backup/sqlite-copy.js';
import { connect, sqliteFileOf } from '../../server/db/connect.js';
import { migrate } from '../../server/db/migrate.js';
import { MIGRATIONS } from '../../server/db/migrations/index.js';
import { killStarted, runMain, START_TIMEOUT_MS, waitForLine } from '../kit/server-process.js';
import { launchServer, type LaunchedServer } from '../kit/test-server.js';
import {
  call,
  makeOrder,
  makeTempDir,
  startTestServer,
  statuses,
  TEST_ADMIN_TOKEN,
  TEST_ENGINE,
  testDatabase,
  uploadOrders,
  type PairedDevice,
  type TestServer,
} from './fixtures.js';

/** What a command printed, line by line. */
function captured(): CommandOutput & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

/** Everything a test made, removed after it whatever happened. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killStarted();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `script` (scripts/backup.ts or scripts/restore.ts) as npm does, in a process of its own. */
async function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  return { code, out, err };
}

function tempDir(): string {
  const dir = makeTempDir('pos-backup-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A server over `dataDir` (and `databaseUrl` on PostgreSQL), stopped after the test. */
async function serverOn(dataDir: string, databaseUrl?: string): Promise<TestServer> {
  const server = await startTestServer({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  cleanups.push(() => server.stop());
  return server;
}

/** The same data again, a new process's worth of server: no new pairing (the device is in the data). */
async function startAgain(dataDir: string, databaseUrl?: string): Promise<LaunchedServer> {
  const server = await launchServer({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  cleanups.push(() => server.close());
  return server;
}

/** `count` orders of session 1 from `device`. */
function orders(device: PairedDevice, count: number): PosOrder[] {
  return Array.from({ length: count }, () => makeOrder({ sessionId: 1, deviceNumber: device.deviceNumber }));
}

/** The manager, named: a server started again has a new address, which {@link call} does not know yet. */
const ADMIN = { token: TEST_ADMIN_TOKEN };

/** The uuids of session 1's orders as the server at `base` answers them, sorted. */
async function storedUuids(base: string): Promise<string[]> {
  const answer = await call<PosOrder[]>(base, 'GET', '/api/sessions/1/orders', undefined, undefined, ADMIN);
  expect(answer.status).toBe(200);
  return answer.body.map((o) => o.uuid).sort();
}

const uuidsOf = (list: readonly PosOrder[]): string[] => list.map((o) => o.uuid).sort();

/**
 * After a restore, the orders `sent` after the backup, uploaded again with the tablet's `token`
 * (the tablet kept it, and the copy has its device): new to the restored server, accepted once;
 * a second upload answers duplicate.
 */
async function expectSentAgainOnce(base: string, sent: readonly PosOrder[], token: string): Promise<void> {
  expect(statuses(await uploadOrders(base, [...sent], token))).toEqual(sent.map(() => 'accepted'));
  expect(statuses(await uploadOrders(base, [...sent], token))).toEqual(sent.map(() => 'duplicate'));
}

describe.skipIf(TEST_ENGINE !== 'sqlite')('backup and restore on SQLite', () => {
  it('restore drill: exactly the backed-up orders come back; the later ones are accepted once when sent again', async () => {
    const dataDir = tempDir();
    const copy = join(tempDir(), 'shop.sqlite');
    const env = { POS_DATA_DIR: dataDir };
    const first = await serverOn(dataDir);
    const before = orders(first.device, 3);
    expect(statuses(await uploadOrders(first.url, before))).toEqual(['accepted', 'accepted', 'accepted']);

    const out = captured();
    expect(await backupCommand([copy], env, out)).toBe(0);
    expect(out.errors).toEqual([]);
    expect(out.lines.join('\n')).toContain(`wrote ${copy}`);
    expect(out.lines.join('\n')).toMatch(/\d+ bytes; the copy holds 3 orders and 1 sessions/);

    const after = orders(first.device, 2);
    expect(statuses(await uploadOrders(first.url, after))).toEqual(['accepted', 'accepted']);
    await first.stop();

    const refused = captured();
    expect(await restoreCommand([copy], env, refused)).toBe(1);
    expect(refused.errors.join('\n')).toMatch(/holds data \(5 orders, 1 sessions, 1 devices\): add --force/);
    expect(countCopy(sqliteFileOf(dataDir)).orders).toBe(5);

    const restored = captured();
    expect(await restoreCommand([copy, '--force'], env, restored)).toBe(0);
    expect(restored.errors).toEqual([]);
    for (const suffix of ['-wal', '-shm'])
      expect(existsSync(`${sqliteFileOf(dataDir)}${suffix}`)).toBe(false);

    const second = await startAgain(dataDir);
    expect(await storedUuids(second.url)).toEqual(uuidsOf(before));
    await expectSentAgainOnce(second.url, after, first.device.token);
    expect(statuses(await uploadOrders(second.url, before, first.device.token))).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await storedUuids(second.url)).toEqual(uuidsOf([...before, ...after]));
  });

  it('restore refuses a corrupt file, a foreign database and a newer schema, and leaves the database untouched', async () => {
    const dataDir = tempDir();
    const folder = tempDir();
    const env = { POS_DATA_DIR: dataDir };
    const server = await serverOn(dataDir);
    await uploadOrders(server.url, orders(server.device, 2));
    const good = join(folder, 'good.sqlite');
    expect(await backupCommand([good], env, captured())).toBe(0);
    await server.stop();
    const database = sqliteFileOf(dataDir);
    const untouched = readFileSync(database);

    const garbage = join(folder, 'garbage.sqlite');
    writeFileSync(garbage, 'not a database at all, just some text that a hand copied here\n'.repeat(100));
    const damaged = join(folder, 'damaged.sqlite');
    const bytes = readFileSync(good);
    // Spoils pages past the header: SQLite opens it, its integrity check does not pass.
    bytes.fill(0x5a, 4096 * 2, 4096 * 4);
    writeFileSync(damaged, bytes);
    const foreign = join(folder, 'foreign.sqlite');
    const other = new SqliteDatabase(foreign);
    other.exec('CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES (1)');
    other.close();
    const newer = join(folder, 'newer.sqlite');
    copyFileSync(good, newer);
    const future = new SqliteDatabase(newer);
    future
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(MIGRATIONS.length + 1, 'from-the-future', new Date().toISOString());
    future.close();

    const expectations: [string, RegExp][] = [
      [garbage, /not a readable SQLite database|cannot be opened/],
      [damaged, /damaged|not a readable SQLite database|cannot be read/],
      [foreign, /not a pos-shell database \(it has no schema_migrations table\)/],
      [newer, new RegExp(`schema step ${MIGRATIONS.length + 1}, made by a newer pos-shell`)],
      [join(folder, 'missing.sqlite'), /does not exist/],
    ];
    for (const [file, message] of expectations) {
      const out = captured();
      expect(await restoreCommand([file, '--force'], env, out), file).toBe(1);
      expect(out.errors.join('\n'), file).toMatch(message);
      expect(readFileSync(database).equals(untouched), file).toBe(true);
    }
    expect(readdirSync(dataDir).filter((name) => name.includes('restoring'))).toEqual([]);
    // A refused restore makes no data folder either.
    const nowhere = join(folder, 'no-data-yet');
    expect(await restoreCommand([garbage], { POS_DATA_DIR: nowhere }, captured())).toBe(1);
    expect(existsSync(nowhere)).toBe(false);
    expect(await restoreCommand([good], { POS_DATA_DIR: nowhere }, captured())).toBe(0);
    expect(countCopy(sqliteFileOf(nowhere)).orders).toBe(2);
    expect(checkSqliteCopy(good).orders).toBe(2);
  });

  it('restore refuses while the server runs; bad arguments answer a usage line', async () => {
    const dataDir = tempDir();
    const copy = join(tempDir(), 'copy.sqlite');
    const env = { POS_DATA_DIR: dataDir };
    const server = await serverOn(dataDir);
    expect(await backupCommand([copy], env, captured())).toBe(0);
    expect(sqliteInUse(sqliteFileOf(dataDir))).toBe(true);
    const out = captured();
    expect(await restoreCommand([copy, '--force'], env, out)).toBe(1);
    expect(out.errors.join('\n')).toMatch(/open in a running server: stop the server first/);
    // Still serving its own data.
    expect((await call(server.url, 'GET', '/api/sessions/1/orders')).status).toBe(200);
    await server.stop();
    expect(sqliteInUse(sqliteFileOf(dataDir))).toBe(false);

    for (const args of [[], ['a', 'b'], ['--force'], ['--oops']]) {
      const usage = captured();
      expect(await restoreCommand(args, env, usage)).toBe(1);
      expect(usage.errors.join('\n')).toMatch(/usage: npm run restore -- <file> \[--force\]/);
    }
    const usage = captured();
    expect(await backupCommand([], env, usage)).toBe(1);
    expect(usage.errors.join('\n')).toMatch(/usage: npm run backup -- <file>/);
    const nowhere = captured();
    expect(await backupCommand([join(dataDir, 'no', 'such', 'copy.sqlite')], env, nowhere)).toBe(1);
    expect(nowhere.errors.join('\n')).toMatch(/does not exist: make it first/);
    const noData = captured();
    expect(await backupCommand([copy], { POS_DATA_DIR: join(dataDir, 'empty') }, noData)).toBe(1);
    expect(noData.errors.join('\n')).toMatch(/There is no database at .*: set POS_DATA_DIR/);
  });

  it('a backup while the server takes uploads is a consistent copy: whole batches, each order with its lines and payments', async () => {
    const dataDir = tempDir();
    const folder = tempDir();
    const server = await serverOn(dataDir);
    const batch = 20;
    let uploading = true;
    let sent = 0;
    const uploads = (async () => {
      while (uploading) {
        const results = await uploadOrders(server.url, orders(server.device, batch));
        expect(statuses(results).every((s) => s === 'accepted')).toBe(true);
        sent += batch;
      }
    })();
    const copies: string[] = [];
    try {
      while (sent < batch * 3) await new Promise((done) => setTimeout(done, 10));
      for (let i = 0; i < 3; i += 1) {
        const copy = join(folder, `during-${i}.sqlite`);
        expect(await backupCommand([copy], { POS_DATA_DIR: dataDir }, captured())).toBe(0);
        copies.push(copy);
      }
    } finally {
      uploading = false;
      await uploads;
    }
    for (const copy of copies) {
      const counts = checkSqliteCopy(copy);
      expect(counts.orders).toBeGreaterThanOrEqual(batch * 3);
      expect(counts.orders).toBeLessThanOrEqual(sent);
      // One upload is one transaction: a copy holds whole batches.
      expect(counts.orders % batch).toBe(0);
      const db = new SqliteDatabase(copy, { readonly: true });
      try {
        const orphans = db
          .prepare(
            'SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_uuid = o.uuid) OR NOT EXISTS (SELECT 1 FROM order_payments p WHERE p.order_uuid = o.uuid)',
          )
          .pluck()
          .get();
        expect(orphans).toBe(0);
      } finally {
        db.close();
      }
    }
  });

  it('the schedule keeps POS_BACKUP_KEEP copies, remembers the last one and its failure, and the back office reads it', async () => {
    const dataDir = tempDir();
    const dir = join(tempDir(), 'backups');
    const database = await connect({ engine: 'sqlite', dataDir });
    cleanups.push(() => database.close());
    await migrate(database.db, database.dialect);
    if (!database.sqlite) throw new Error('an SQLite database has its connection');
    let clock = Date.parse('2026-12-06T08:00:00.000Z');
    const lines: string[] = [];
    const schedule = new BackupSchedule(
      { everyHours: 1, keep: 3, dir },
      { source: database.sqlite.handle, now: () => new Date(clock), log: (line) => lines.push(line) },
    );
    schedule.start();
    cleanups.push(() => schedule.stop());
    expect(schedule.status()).toMatchObject({ scheduled: true, everyHours: 1, keep: 3, last: null });
    // Temp files of killed backups (a process gone, and this one's own) are removed by the next
    // prune; one of a backup still under way in a live process stays.
    mkdirSync(dir, { recursive: true });
    const gone = '.pos-20261206T070000000Z.sqlite.partial-4194305';
    const own = `.pos-20261206T073000000Z.sqlite.partial-${process.pid}`;
    const live = `.by-hand.sqlite.partial-${process.ppid}`;
    for (const name of [gone, own, live]) writeFileSync(join(dir, name), 'half a copy');
    for (let i = 0; i < 5; i += 1) {
      expect(await schedule.runNow()).not.toBeNull();
      clock += 3_600_000;
    }
    expect(readdirSync(dir).sort()).toEqual([
      live,
      LAST_BACKUP_FILE,
      'pos-20261206T100000000Z.sqlite',
      'pos-20261206T110000000Z.sqlite',
      'pos-20261206T120000000Z.sqlite',
    ]);
    expect(schedule.status().last).toMatchObject({
      at: '2026-12-06T12:00:00.000Z',
      file: join(dir, 'pos-20261206T120000000Z.sqlite'),
    });
    expect(countCopy(join(dir, 'pos-20261206T120000000Z.sqlite'))).toMatchObject({ orders: 0, sessions: 1 });
    expect(checkSqliteCopy(join(dir, 'pos-20261206T100000000Z.sqlite')).sessions).toBe(1);

    // The folder gone and a file in its place: the failure is kept beside the last success.
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'in the way');
    expect(await schedule.runNow()).toBeNull();
    expect(schedule.status().lastFailure).toMatchObject({ at: '2026-12-06T13:00:00.000Z' });
    expect(schedule.status().last?.at).toBe('2026-12-06T12:00:00.000Z');
    expect(lines.filter((line) => line.startsWith('backup FAILED: '))).toHaveLength(1);
  });

  it('a server with a schedule answers GET /api/backups/last (admin only) and keeps it across a restart', async () => {
    const dataDir = tempDir();
    const dir = join(tempDir(), 'copies');
    const quiet = { log: () => undefined };
    const server = await startTestServer({ dataDir, backup: { everyHours: 24, keep: 2, dir }, ...quiet });
    cleanups.push(() => server.stop());
    expect((await call(server.url, 'GET', '/api/backups/last')).body).toEqual({
      scheduled: true,
      everyHours: 24,
      keep: 2,
      last: null,
      lastFailure: null,
    });
    expect(
      (await call(server.url, 'GET', '/api/backups/last', undefined, undefined, { token: null })).status,
    ).toBe(401);
    expect(
      (
        await call(server.url, 'GET', '/api/backups/last', undefined, undefined, {
          token: server.device.token,
        })
      ).status,
    ).toBe(403);
    const made = await server.backups?.runNow();
    if (!made) throw new Error('the backup was made');
    expect(countCopy(made.file).sessions).toBe(1);
    const answer = (await call(server.url, 'GET', '/api/backups/last')).body;
    expect(answer.last).toEqual({ at: expect.any(String), file: made.file, bytes: made.bytes });
    expect(answer.lastFailure).toBeNull();
    await server.stop();

    const again = await launchServer({ dataDir, backup: { everyHours: 24, keep: 2, dir }, ...quiet });
    cleanups.push(() => again.close());
    expect(
      (await call(again.url, 'GET', '/api/backups/last', undefined, undefined, ADMIN)).body.last,
    ).toEqual(answer.last);

    await again.close();

    // A status file the schedule cannot use (a hand edit, a torn write): GET still answers 200,
    // with only the parts that match the status's schema.
    const status = join(dir, LAST_BACKUP_FILE);
    const damaged: [string, unknown][] = [
      ['{"last": {"at": 5, "file": "x", "bytes": "many"}, "failure": "oops"}', null],
      ['[1, 2, 3]', null],
      ['not json', null],
      [JSON.stringify({ last: { ...answer.last, orders: 2, sessions: 1 }, failure: 7 }), answer.last],
    ];
    for (const [text, last] of damaged) {
      writeFileSync(status, text);
      const reading = await launchServer({ dataDir, backup: { everyHours: 24, keep: 2, dir }, ...quiet });
      cleanups.push(() => reading.close());
      const read = await call(reading.url, 'GET', '/api/backups/last', undefined, undefined, ADMIN);
      expect(read.status, text).toBe(200);
      expect(read.body, text).toMatchObject({ scheduled: true, last, lastFailure: null });
      await reading.close();
    }

    const off = await startTestServer();
    cleanups.push(() => off.stop());
    expect((await call(off.url, 'GET', '/api/backups/last')).body).toEqual({
      scheduled: false,
      everyHours: null,
      keep: null,
      last: null,
      lastFailure: null,
    });
  });
});

describe.skipIf(TEST_ENGINE !== 'sqlite')('the commands and the server as processes', () => {
  it(
    'npm run backup copies a server running in another process and exits 0; bad input exits 1 with a message',
    async () => {
      const dataDir = tempDir();
      const server = await serverOn(dataDir);
      await uploadOrders(server.url, orders(server.device, 4));
      const copy = join(tempDir(), 'copy.sqlite');
      const made = await runScript('scripts/backup.ts', [copy], { POS_DATA_DIR: dataDir });
      expect(made.err).toBe('');
      expect(made.code).toBe(0);
      expect(made.out).toMatch(
        /^pos-shell backup: wrote .*copy\.sqlite: \d+ bytes; the copy holds 4 orders and 1 sessions$/m,
      );
      expect(checkSqliteCopy(copy).orders).toBe(4);

      const refused = await runScript('scripts/restore.ts', [copy, '--force'], { POS_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(
        /^pos-shell restore: FAILED: .* is open in a running server: stop the server first/m,
      );
      const usage = await runScript('scripts/backup.ts', [], { POS_DATA_DIR: dataDir });
      expect(usage.code).toBe(1);
      expect(usage.err).toMatch(/^pos-shell backup: FAILED: usage: npm run backup -- <file>/m);
    },
    START_TIMEOUT_MS * 2,
  );

  it(
    'npm run serve says where the backups go, and refuses a POS_BACKUP_EVERY_H it cannot use',
    async () => {
      const dataDir = join(tempDir(), 'data');
      const bad = runMain({ POS_DATA_DIR: dataDir, POS_BACKUP_EVERY_H: 'daily' });
      expect(await bad.exited).toBe(1);
      expect(bad.err()).toContain(
        'pos-shell: cannot start: POS_BACKUP_EVERY_H "daily" is not a number of hours',
      );
      const good = runMain({ POS_DATA_DIR: dataDir, POS_BACKUP_EVERY_H: '24' });
      await waitForLine(
        good.out,
        new RegExp(`^pos-shell: a backup every 24 h into ${join(dataDir, 'backups')}, the newest 7 kept`),
        START_TIMEOUT_MS,
      );
      good.child.kill('SIGTERM');
      expect(await good.exited).toBe(0);
    },
    START_TIMEOUT_MS * 2,
  );
});

describe('the schedule read from the environment', () => {
  it('is off unless POS_BACKUP_EVERY_H is set, keeps 7 by default beside the database, and refuses what it cannot use', () => {
    expect(backupScheduleFromEnv({}, '/srv/pos/data')).toBeNull();
    expect(backupScheduleFromEnv({ POS_BACKUP_EVERY_H: ' ' }, '/srv/pos/data')).toBeNull();
    expect(backupScheduleFromEnv({ POS_BACKUP_EVERY_H: '6' }, '/srv/pos/data')).toEqual({
      everyHours: 6,
      keep: DEFAULT_BACKUP_KEEP,
      dir: '/srv/pos/data/backups',
    });
    expect(
      backupScheduleFromEnv(
        { POS_BACKUP_EVERY_H: '0.5', POS_BACKUP_KEEP: '30', POS_BACKUP_DIR: '/mnt/usb/pos' },
        '/srv/pos/data',
      ),
    ).toEqual({ everyHours: 0.5, keep: 30, dir: '/mnt/usb/pos' });
    for (const every of ['0', '-1', 'daily', '1e3', '481', '0.001']) {
      expect(() => backupScheduleFromEnv({ POS_BACKUP_EVERY_H: every }, '/d'), every).toThrow(
        /^POS_BACKUP_EVERY_H .* is not a number of hours/,
      );
    }
    for (const keep of ['0', '-2', 'all', '1.5']) {
      expect(
        () => backupScheduleFromEnv({ POS_BACKUP_EVERY_H: '1', POS_BACKUP_KEEP: keep }, '/d'),
        keep,
      ).toThrow(/^POS_BACKUP_KEEP .* is not a whole number of backups/);
    }
  });
});

describe.skipIf(TEST_ENGINE !== 'postgres' || !findPgTool('pg_dump') || !findPgTool('pg_restore'))(
  'backup and restore on PostgreSQL',
  () => {
    it('pg_dump then pg_restore: a round trip gives back exactly the backed-up orders', async () => {
      const database = await testDatabase();
      cleanups.push(() => database.drop());
      const url = database.databaseUrl;
      if (!url) throw new Error('a PostgreSQL test database has a URL');
      const dataDir = tempDir();
      const copy = join(tempDir(), 'shop.dump');
      const env = { DATABASE_URL: url };
      const first = await serverOn(dataDir, url);
      const before = orders(first.device, 3);
      await uploadOrders(first.url, before);
      const out = captured();
      expect(await backupCommand([copy], env, out)).toBe(0);
      expect(out.lines.join('\n')).toMatch(/PostgreSQL \(DATABASE_URL\): ran .*pg_dump --format=custom/);
      expect(out.lines.join('\n')).toMatch(/3 orders and 1 sessions/);
      const after = orders(first.device, 2);
      await uploadOrders(first.url, after);
      // The server still runs: its connections show in pg_stat_activity, and the restore waits for it.
      const running = captured();
      expect(await restoreCommand([copy], env, running)).toBe(1);
      expect(running.errors.join('\n')).toMatch(
        /other connection\(s\), a running server's: stop every server/,
      );
      await first.stop();

      // A dump made by a newer pos-shell (one more schema step) is refused, even with --force.
      const newer = join(tempDir(), 'newer.dump');
      const step = MIGRATIONS.length + 1;
      const sql = new pg.Client({ connectionString: url });
      await sql.connect();
      try {
        await sql.query(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from-the-future', 'now')",
          [step],
        );
        expect(await backupCommand([newer], env, captured())).toBe(0);
        await sql.query('DELETE FROM schema_migrations WHERE version = $1', [step]);
      } finally {
        await sql.end();
      }
      const future = captured();
      expect(await restoreCommand([newer, '--force'], env, future)).toBe(1);
      expect(future.errors.join('\n')).toMatch(new RegExp(`schema step ${step}, made by a newer pos-shell`));

      const refused = captured();
      expect(await restoreCommand([copy], env, refused)).toBe(1);
      expect(refused.errors.join('\n')).toMatch(
        /holds data \(5 orders, 1 sessions, 1 devices\): add --force/,
      );
      const garbage = join(tempDir(), 'garbage.dump');
      writeFileSync(garbage, 'PGDMP? no');
      const bad = captured();
      expect(await restoreCommand([garbage, '--force'], env, bad)).toBe(1);
      expect(bad.errors.join('\n')).toMatch(/is not a dump pg_restore can read/);

      const restored = captured();
      expect(await restoreCommand([copy, '--force'], env, restored)).toBe(0);
      expect(restored.lines.join('\n')).toMatch(/now holds 3 orders and 1 sessions/);
      const second = await startAgain(dataDir, url);
      expect(await storedUuids(second.url)).toEqual(uuidsOf(before));
      await expectSentAgainOnce(second.url, after, first.device.token);
    });

    it('a dump taken while a server takes uploads counts what it holds: restored into an empty database, the same orders', async () => {
      const database = await testDatabase();
      const empty = await testDatabase();
      cleanups.push(
        () => database.drop(),
        () => empty.drop(),
      );
      if (!database.databaseUrl || !empty.databaseUrl) throw new Error('PostgreSQL test databases have URLs');
      const server = await serverOn(tempDir(), database.databaseUrl);
      const copy = join(tempDir(), 'during.dump');
      const batch = 20;
      let uploading = true;
      let sent = 0;
      const uploads = (async () => {
        while (uploading) {
          await uploadOrders(server.url, orders(server.device, batch));
          sent += batch;
        }
      })();
      const out = captured();
      try {
        while (sent < batch * 2) await new Promise((done) => setTimeout(done, 10));
        expect(await backupCommand([copy], { DATABASE_URL: database.databaseUrl }, out)).toBe(0);
      } finally {
        uploading = false;
        await uploads;
      }
      const counted = Number(/(\d+) orders and 1 sessions/.exec(out.lines.join('\n'))?.[1]);
      expect(counted % batch).toBe(0);
      expect(counted).toBeGreaterThanOrEqual(batch * 2);
      // An empty database holds nothing to lose: no --force needed.
      const restored = captured();
      expect(await restoreCommand([copy], { DATABASE_URL: empty.databaseUrl }, restored)).toBe(0);
      expect(restored.lines.join('\n')).toContain(`now holds ${counted} orders and 1 sessions`);
      expect((await countPostgres(empty.databaseUrl)).orders).toBe(counted);
    });

    it('the server refuses a backup schedule on PostgreSQL', async () => {
      const database = await testDatabase();
      cleanups.push(() => database.drop());
      await expect(
        launchServer({
          dataDir: tempDir(),
          ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
          backup: { everyHours: 1, keep: 2, dir: tempDir() },
        }),
      ).rejects.toThrow(/POS_BACKUP_EVERY_H schedules backups of the embedded SQLite database/);
    });
  },
);
