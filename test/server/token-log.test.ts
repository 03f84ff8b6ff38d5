import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TOKEN_FAILURES } from '../../server/auth/auth.js';
import { killStarted, runMain, START_TIMEOUT_MS, waitForLine } from '../kit/server-process.js';
import { call, makeTempDir, SEED_CONFIG_ID, TEST_ADMIN_TOKEN, testDatabase } from './fixtures.js';

// The manager's token never reaches a log: the real server (server/main.ts, as `npm start` runs
// it, request log on standard output, Fastify's own log on standard error) is sent the token in
// every way a client could send it, with answers that succeed and answers that fail, and all it
// wrote is searched for it. On the suite's engine: DATABASE_URL on PostgreSQL.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killStarted();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the admin token in the logs', () => {
  it(
    'is never written, in the header or the query, by requests that succeed or fail (401, 403, 404, 400, 429)',
    { timeout: 90_000 },
    async () => {
      const dir = makeTempDir('pos-token-log-');
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const database = await testDatabase();
      cleanups.push(database.drop);
      const run = runMain({
        POS_DATA_DIR: join(dir, 'data'),
        POS_STATIC_DIR: join(dir, 'no-dist'),
        POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      });
      const [, base] = await waitForLine(run.out, /till at (http:\/\/localhost:\d+)\//, START_TIMEOUT_MS);
      if (!base) throw new Error('no URL');
      const admin = { token: TEST_ADMIN_TOKEN };
      const header = (value: string) => ({ token: null, headers: { authorization: value } });
      const statuses = [
        (await call(base, 'GET', '/api/configs', undefined, undefined, admin)).status,
        (await call(base, 'GET', '/api/sessions/99999', undefined, undefined, admin)).status,
        (await call(base, 'POST', '/api/configs', { name: '' }, undefined, admin)).status,
        (await call(base, 'POST', '/api/orders', { orders: [{}] }, undefined, admin)).status,
        (
          await call(base, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, undefined, {
            text: `{"name": "${TEST_ADMIN_TOKEN}`,
            contentType: 'application/json',
          })
        ).status,
        // In the query (never accepted for the admin token) and in malformed headers.
        (
          await call(base, 'GET', `/api/configs?access_token=${TEST_ADMIN_TOKEN}`, undefined, undefined, {
            token: null,
          })
        ).status,
        (
          await call(
            base,
            'GET',
            `/api/sessions/1/events?access_token=${TEST_ADMIN_TOKEN}`,
            undefined,
            undefined,
            {
              token: null,
            },
          )
        ).status,
        (
          await call(
            base,
            'GET',
            '/api/configs',
            undefined,
            undefined,
            header(`Bearer ${TEST_ADMIN_TOKEN} x`),
          )
        ).status,
        (await call(base, 'GET', '/api/configs', undefined, undefined, header(`Basic ${TEST_ADMIN_TOKEN}`)))
          .status,
        (await call(base, 'GET', '/api/configs', undefined, undefined, header(`${TEST_ADMIN_TOKEN}`))).status,
      ];
      expect(statuses).toEqual([200, 404, 400, 403, 400, 401, 401, 401, 401, 401]);
      // Guesses near the token, until the address is locked out; then the token itself is refused.
      const guesses = Array.from(
        { length: MAX_TOKEN_FAILURES + 1 },
        (_, i) => `${TEST_ADMIN_TOKEN.slice(0, -2)}${i}x`,
      );
      for (const guess of guesses)
        await call(base, 'GET', '/api/configs', undefined, undefined, { token: guess });
      const locked = await call(base, 'GET', '/api/configs', undefined, undefined, admin);
      expect(locked.status).toBe(429);
      await waitForLine(run.out, /^GET \/api\/configs 429 /);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const written = run.out() + run.err();
      expect(written).toMatch(/^GET \/api\/configs 200 /m);
      expect(written).toMatch(/^GET \/api\/sessions\/1\/events 401 /m);
      for (const secret of [
        TEST_ADMIN_TOKEN,
        TEST_ADMIN_TOKEN.slice(0, 20),
        'access_token',
        'Bearer',
        ...guesses,
      ])
        expect(written).not.toContain(secret);
    },
  );
});
