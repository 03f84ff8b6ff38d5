import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  makeTempDir,
  TEST_ADMIN_TOKEN,
  TEST_ENGINE,
  testDatabase,
  type PairedDevice,
} from './fixtures.js';
import { killStarted, runMain, START_TIMEOUT_MS, waitForLine } from '../kit/server-process.js';

const dirs: string[] = [];

afterEach(() => {
  killStarted();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = makeTempDir('pos-main-');
  dirs.push(dir);
  return join(dir, 'data');
}

// The embedded default (no DATABASE_URL) is SQLite whatever engine the suite runs on: these run in
// the SQLite project only; the PostgreSQL project runs the DATABASE_URL case below.
describe.skipIf(TEST_ENGINE !== 'sqlite')('npm run serve', () => {
  it(
    'says where its data lives, logs one line per request on standard output without a token or a pairing code, and stops on SIGTERM',
    { timeout: 60_000 },
    async () => {
      const dataDir = freshDataDir();
      const run = runMain({
        POS_DATA_DIR: dataDir,
        POS_STATIC_DIR: join(dataDir, '..', 'no-dist'),
        POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      });
      const [, url] = await waitForLine(run.out, /till at (http:\/\/localhost:\d+)\//, START_TIMEOUT_MS);
      if (!url) throw new Error('no URL');
      expect(run.out()).toContain(
        `data in ${resolve(dataDir)} (SQLite database ${resolve(dataDir, 'pos.sqlite')})`,
      );
      expect(run.out()).toMatch(/logs go to standard output/);

      const admin = { token: TEST_ADMIN_TOKEN };
      const pairing = await call(url, 'POST', '/api/configs/1/pairing-codes', {}, undefined, admin);
      const code = pairing.body.code as string;
      expect(pairing.body.pairUrl).toBe(`${url}/?pair=${code}`);
      await fetch(`${url}/?pair=${code}`, { headers: { accept: 'text/html' } });
      const device = (
        await call<PairedDevice>(url, 'POST', '/api/pair', { code }, undefined, { token: null })
      ).body;
      await call(url, 'GET', '/api/sessions/1?pending=2&held=0', undefined, undefined, {
        token: device.token,
      });
      await waitForLine(run.out, /^GET \/api\/sessions\/1 200 \d+\.\d ms$/);
      await waitForLine(run.out, /^POST \/api\/pair 201 \d+\.\d ms$/);
      await waitForLine(run.out, /^GET \/ 503 \d+\.\d ms$/);

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      for (const secret of [TEST_ADMIN_TOKEN, device.token, code, code.replace('-', ''), 'pair=', 'Bearer'])
        expect(run.out()).not.toContain(secret);
    },
  );

  it(
    'refuses a POS_PUBLIC_URL with a path: a clear message, exit 1, no data folder made',
    { timeout: 60_000 },
    async () => {
      const dataDir = freshDataDir();
      const run = runMain({ POS_DATA_DIR: dataDir, POS_PUBLIC_URL: 'https://till.shop.lan/pos' });
      expect(await run.exited).toBe(1);
      expect(run.err()).toContain('pos-shell: cannot start: POS_PUBLIC_URL must not have a path (/pos)');
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it(
    'refuses a POS_ADMIN_TOKEN with an accent: a clear message that does not show it, exit 1, no data folder made',
    { timeout: 60_000 },
    async () => {
      const token = 'pâtisserie-du-coin-0123456789';
      const dataDir = freshDataDir();
      const run = runMain({ POS_DATA_DIR: dataDir, POS_ADMIN_TOKEN: token });
      expect(await run.exited).toBe(1);
      expect(run.err()).toContain(
        'pos-shell: cannot start: POS_ADMIN_TOKEN has a character outside ASCII (U+00E2) at position 2: a token is printable ASCII without spaces (! to ~).',
      );
      expect(run.err() + run.out()).not.toContain(token);
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});

describe.skipIf(TEST_ENGINE !== 'sqlite')('DATABASE_URL', () => {
  it(
    'refuses one that is not postgres:// or postgresql://: a clear message, exit 1, no data folder made',
    { timeout: 60_000 },
    async () => {
      const dataDir = freshDataDir();
      const run = runMain({
        POS_DATA_DIR: dataDir,
        POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        DATABASE_URL: 'mysql://shop@db.lan/pos',
      });
      expect(await run.exited).toBe(1);
      expect(run.err()).toContain(
        'pos-shell: cannot start: DATABASE_URL must start with postgres:// or postgresql://, not mysql://',
      );
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});

describe.skipIf(TEST_ENGINE !== 'postgres')('npm run serve with DATABASE_URL', () => {
  it(
    'runs on that PostgreSQL database, says so without the password, and writes nothing into POS_DATA_DIR',
    { timeout: 60_000 },
    async () => {
      const database = await testDatabase();
      try {
        const dataDir = freshDataDir();
        const url = new URL(database.databaseUrl ?? '');
        url.password = 'not-shown-anywhere';
        const run = runMain({
          POS_DATA_DIR: dataDir,
          POS_STATIC_DIR: join(dataDir, '..', 'no-dist'),
          POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          DATABASE_URL: url.toString(),
        });
        const [, base] = await waitForLine(run.out, /till at (http:\/\/localhost:\d+)\//, START_TIMEOUT_MS);
        if (!base) throw new Error('no URL');
        expect(run.out()).toContain(
          `data in PostgreSQL database ${url.pathname.slice(1)} on ${url.hostname}:${url.port}\n`,
        );
        const configs = await call(base, 'GET', '/api/configs', undefined, undefined, {
          token: TEST_ADMIN_TOKEN,
        });
        expect(configs.body).toEqual([
          expect.objectContaining({ id: 1, name: 'Main counter', currentSessionId: 1 }),
        ]);
        run.child.kill('SIGTERM');
        expect(await run.exited).toBe(0);
        expect(run.out() + run.err()).not.toContain('not-shown-anywhere');
        expect(existsSync(dataDir)).toBe(false);
      } finally {
        await database.drop();
      }
    },
  );

  it(
    'without POS_ADMIN_TOKEN prints the token it generated once, keeps only its hash in the database and nothing in POS_DATA_DIR',
    { timeout: 90_000 },
    async () => {
      const database = await testDatabase();
      try {
        const dataDir = freshDataDir();
        const env = {
          POS_DATA_DIR: dataDir,
          POS_STATIC_DIR: join(dataDir, '..', 'no-dist'),
          DATABASE_URL: database.databaseUrl ?? '',
        };
        const first = runMain(env);
        const [, base, token] = await waitForLine(
          first.out,
          /back office at (http:\/\/localhost:\d+)\/admin#token=(pos_admin_\S+)$/,
          START_TIMEOUT_MS,
        );
        if (!base || !token) throw new Error('no token printed');
        expect(first.out()).toContain(
          'pos-shell: admin token generated; only its hash is kept in the database, so it is not shown again (set POS_ADMIN_TOKEN to choose one).',
        );
        expect((await call(base, 'GET', '/api/configs', undefined, undefined, { token })).status).toBe(200);
        first.child.kill('SIGTERM');
        expect(await first.exited).toBe(0);

        const second = runMain(env);
        const [, again] = await waitForLine(
          second.out,
          /back office at (http:\/\/localhost:\d+)\/admin \(admin token: the one printed at the first start, kept hashed in the database; POS_ADMIN_TOKEN replaces it\)$/,
          START_TIMEOUT_MS,
        );
        if (!again) throw new Error('no URL');
        expect(second.out()).not.toContain(token);
        expect((await call(again, 'GET', '/api/configs', undefined, undefined, { token })).status).toBe(200);
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
        expect(existsSync(dataDir)).toBe(false);
      } finally {
        await database.drop();
      }
    },
  );
});
