import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { MAX_TOKEN_FAILURES, TOKEN_FAILURE_WINDOW_MS } from '../../server/auth/auth.js';
import {
  call,
  openTestDatabase,
  pairDevice,
  SEED_CONFIG_ID,
  TEST_ADMIN_TOKEN,
  type Answer,
} from './fixtures.js';

// Guessing the admin token: after MAX_TOKEN_FAILURES unknown tokens from one address within a
// minute, every request with a token that is not a device's answers 429 with Retry-After, the
// right admin token included, on every route, until the minute ends (server/auth/auth.ts). Each
// test has a server and a database of its own, and its own clock.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server at `base` over a fresh database, its clock `clock.now` (moved by the test). */
async function serverWithClock(options: { trustProxy?: boolean } = {}) {
  const clock = { now: new Date('2026-12-06T09:00:00Z') };
  const database = await openTestDatabase();
  const app = buildApp({
    db: database.db,
    staticDir: join(tmpdir(), 'no-dist'),
    version: 'test',
    adminToken: TEST_ADMIN_TOKEN,
    now: () => clock.now,
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    await app.close();
    await database.dispose();
  });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { base, clock };
}

/** A token nobody holds, of the admin token's length, different each time. */
const guess = (i: number) => `pos_admin_${String(i).padStart(43, 'x')}`;

/** The admin routes of the server's OpenAPI document that read no body, as callable paths. */
async function adminReads(base: string): Promise<string[]> {
  const doc = (await call<OpenAPIV3_1.Document>(base, 'GET', '/api/openapi.json')).body;
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) => {
    const read = item?.get;
    if (!read?.security?.some((s) => 'adminToken' in s)) return [];
    const filled = path.replace('{id}', String(SEED_CONFIG_ID)).replace('{reference}', '00001-001-0001');
    // Query parameters a route requires are checked before the token: give them.
    return [
      filled.endsWith('/report') && path.startsWith('/api/configs') ? `${filled}?date=2026-12-06` : filled,
    ];
  });
}

function expectLockedOut(answer: Answer, what: string): void {
  expect(answer.status, what).toBe(429);
  expect(answer.body.error.code, what).toBe('rate_limited');
  const wait = Number(answer.headers.get('retry-after'));
  expect(wait, what).toBeGreaterThanOrEqual(1);
  expect(wait, what).toBeLessThanOrEqual(TOKEN_FAILURE_WINDOW_MS / 1000);
  expect(answer.body.error.message, what).toBe(
    `Too many unknown tokens from this address: try again in ${wait} s.`,
  );
}

describe('guessing the admin token', () => {
  it(`answers 429 with Retry-After on every admin route, even to the right token, after ${MAX_TOKEN_FAILURES} unknown tokens from one address in a minute, until the minute ends`, async () => {
    const { base, clock } = await serverWithClock();
    const routes = await adminReads(base);
    expect(routes.length).toBeGreaterThan(10);
    // The guesses go to several routes, reads and writes: each counts.
    for (let i = 0; i < MAX_TOKEN_FAILURES; i++) {
      const answer =
        i % 2 === 0
          ? await call(base, 'GET', routes[i % routes.length] ?? '', undefined, undefined, {
              token: guess(i),
            })
          : await call(base, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { name: 'x' }, undefined, {
              token: guess(i),
            });
      expect(answer.status, `guess ${i + 1}`).toBe(401);
    }
    clock.now = new Date(clock.now.getTime() + 30_000);
    for (const route of routes)
      expectLockedOut(
        await call(base, 'GET', route, undefined, undefined, { token: TEST_ADMIN_TOKEN }),
        route,
      );
    const write = await call(base, 'POST', `/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {}, undefined, {
      token: TEST_ADMIN_TOKEN,
    });
    expectLockedOut(write, 'a write');
    expect(Number(write.headers.get('retry-after'))).toBe(30);
    expectLockedOut(
      await call(base, 'GET', '/api/configs', undefined, undefined, { token: guess(99) }),
      'one more guess',
    );
    // The URL is no way around it: the admin token there is the admin token too.
    expectLockedOut(
      await call(
        base,
        'GET',
        `/api/sessions/1/events?access_token=${TEST_ADMIN_TOKEN}`,
        undefined,
        undefined,
        {
          token: null,
        },
      ),
      'the admin token in the query',
    );
    // The window opened at the first guess; when it ends the manager is back.
    clock.now = new Date(Date.parse('2026-12-06T09:00:00Z') + TOKEN_FAILURE_WINDOW_MS);
    expect(
      (await call(base, 'GET', '/api/configs', undefined, undefined, { token: TEST_ADMIN_TOKEN })).status,
    ).toBe(200);
  });

  it('does not lock out the manager for requests with the right token, nor a tablet of the same address while it is locked out', async () => {
    const { base } = await serverWithClock();
    for (let i = 0; i < MAX_TOKEN_FAILURES * 2; i++)
      expect(
        (await call(base, 'GET', '/api/configs', undefined, undefined, { token: TEST_ADMIN_TOKEN })).status,
      ).toBe(200);
    const tablet = await pairDevice(base, SEED_CONFIG_ID);
    for (let i = 0; i <= MAX_TOKEN_FAILURES; i++)
      await call(base, 'GET', '/api/configs', undefined, undefined, { token: guess(i) });
    expectLockedOut(
      await call(base, 'GET', '/api/configs', undefined, undefined, { token: TEST_ADMIN_TOKEN }),
      'the admin',
    );
    const check = await call(base, 'GET', `/api/sessions/1`, undefined, undefined, { token: tablet.token });
    expect(check.status).toBe(200);
  });

  it('counts each address on its own behind a proxy (TRUST_PROXY=1): one address locked out, another not', async () => {
    const { base } = await serverWithClock({ trustProxy: true });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < MAX_TOKEN_FAILURES; i++)
      await call(base, 'GET', '/api/configs', undefined, undefined, {
        token: guess(i),
        headers: from('10.0.0.7'),
      });
    expectLockedOut(
      await call(base, 'GET', '/api/configs', undefined, undefined, {
        token: TEST_ADMIN_TOKEN,
        headers: from('10.0.0.7'),
      }),
      'the guessing address',
    );
    const other = await call(base, 'GET', '/api/configs', undefined, undefined, {
      token: TEST_ADMIN_TOKEN,
      headers: from('10.0.0.8'),
    });
    expect(other.status).toBe(200);
  });
});
