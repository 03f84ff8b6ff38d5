import { existsSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as connectTcp, createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useCleanups } from '../kit/use-server.js';
import { buildApp } from '../../server/app.js';
import { MAX_PIN_FAILURES } from '../../server/orders/require-manager.js';
import { PAIRING_ATTEMPTS_PER_MINUTE } from '../../server/routes/pair.js';
import type { ChangeFeed, ChangeFeedState } from '../../server/events/change-feed.js';
import { LocalChangeFeed } from '../../server/events/local-change-feed.js';
import type { RunningServer } from '../../server/start-server.js';
import { createDatabaseOn, createTestDatabase, startPgCluster, type PgCluster } from '../kit/postgres.js';
import {
  call,
  makeOrder,
  makeTempDir,
  openTestDatabase,
  SEED_CONFIG_ID,
  TEST_ADMIN_TOKEN,
  TEST_ENGINE,
  testDatabase,
  type Answer,
  type PairedDevice,
} from './fixtures.js';
import { launchServer } from '../kit/test-server.js';
import { freePort, killStarted, runMain, START_TIMEOUT_MS, waitForLine } from '../kit/server-process.js';
import { sessionEvents } from '../kit/session-events.js';
import { waitFor } from '../kit/wait-for.js';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';

/** A request that needs the database answers within this while PostgreSQL is down (the pool's connect bound is 3 s; a refused connection is immediate). */
const PROMPT_MS = 2_500;
/** A close made on one instance reaches a till streaming from another within this (the budget). */
const FAN_OUT_BUDGET_MS = 1_000;
/** Two servers started and a dozen requests (PBKDF2 for each PIN): seconds when the machine is busy. */
const TWO_INSTANCES_TEST_MS = 30_000;
/** How long instances may take to find PostgreSQL again (the feed's backoff tops out at 5 s). */
const RECOVERY_MS = 20_000;

const admin = { token: TEST_ADMIN_TOKEN };
const defer = useCleanups();
afterEach(killStarted);

/** Two instances on the PostgreSQL database `url`, as behind a proxy; `lines` gets what they log. */
async function twoInstances(
  url: string,
  lines: string[] = [],
): Promise<{ a: RunningServer; b: RunningServer }> {
  const start = async (name: string): Promise<RunningServer> => {
    const server = await launchServer({ databaseUrl: url, log: (line) => lines.push(`${name}: ${line}`) });
    defer(server.close);
    return server.running();
  };
  return { a: await start('A'), b: await start('B') };
}

/** Pairs a tablet of the seeded config: code made on `codeFrom`, redeemed on `pairOn`. */
async function pair(codeFrom: RunningServer, pairOn: RunningServer): Promise<PairedDevice> {
  const code = (
    await call(codeFrom.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {}, undefined, admin)
  ).body.code as string;
  const paired = await call<PairedDevice>(pairOn.url, 'POST', '/api/pair', { code }, undefined, {
    token: null,
  });
  expect(paired.status).toBe(201);
  return paired.body;
}

/** The event stream of session `id` on `server`, as the tablet `token`. */
async function stream(server: RunningServer, id: number, token: string) {
  const abort = new AbortController();
  defer(async () => abort.abort());
  const response = await fetch(`${server.url}/api/sessions/${id}/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const events = sessionEvents(response);
  return {
    /** The next event in state `state` (a resync may push the current state again first). */
    until: async (state: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const session = await events.next(Math.max(1, deadline - Date.now()));
        if (session.state === state) return session;
      }
    },
  };
}

/** `request()`'s answer and how long it took (ms). */
async function timed<T>(request: () => Promise<Answer<T>>): Promise<Answer<T> & { ms: number }> {
  const startedAt = Date.now();
  const answer = await request();
  return { ...answer, ms: Date.now() - startedAt };
}

// Stopping the database under running instances is a PostgreSQL fault: SQLite is a file in the
// process, and a cluster of the test's own is needed to stop and start (startPgCluster).
describe.skipIf(TEST_ENGINE !== 'postgres')('PostgreSQL stopped under two running instances', () => {
  let cluster: PgCluster | null = null;
  afterEach(async () => {
    await cluster?.dispose();
    cluster = null;
  });

  it(
    'both answer 503 database_unavailable promptly (never a hang or a 500) and /api/health 503; started again, both recover by themselves and a close on A reaches a till streaming from B in under 1 s',
    { timeout: 90_000 },
    async () => {
      cluster = await startPgCluster();
      const database = await createDatabaseOn(cluster.url);
      const lines: string[] = [];
      const { a, b } = await twoInstances(database.url, lines);
      const tablet = await pair(a, b);
      const asTablet = { token: tablet.token };
      const onB = await stream(b, 1, tablet.token);
      await onB.until('opened', FAN_OUT_BUDGET_MS);
      for (const server of [a, b])
        expect(
          (await call(server.url, 'GET', '/api/health', undefined, undefined, { token: null })).status,
        ).toBe(200);

      await cluster.stop();
      const order = makeOrder({ sessionId: 1, deviceNumber: tablet.deviceNumber });
      for (const server of [a, b]) {
        const answers = [
          await timed(() => call(server.url, 'GET', '/api/sessions/1', undefined, undefined, asTablet)),
          await timed(() =>
            call(server.url, 'POST', '/api/orders', { orders: [order] }, undefined, asTablet),
          ),
          await timed(() => call(server.url, 'GET', '/api/configs', undefined, undefined, admin)),
          await timed(() =>
            call(server.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' }, undefined, admin),
          ),
          await timed(() =>
            call(server.url, 'POST', '/api/pair', { code: 'AAAA-AAAA' }, undefined, { token: null }),
          ),
          await timed(() => call(server.url, 'GET', '/api/health', undefined, undefined, { token: null })),
        ];
        for (const answer of answers) {
          expect(answer.status).toBe(503);
          expect(answer.body.error.code).toBe('database_unavailable');
          expect(answer.body.error.message).toMatch(/database|change feed/);
          expect(answer.ms).toBeLessThan(PROMPT_MS);
        }
      }
      // One line per instance says PostgreSQL cannot be used, however many requests failed.
      for (const name of ['A', 'B']) {
        expect(
          lines.filter(
            (line) => line.startsWith(`${name}: PostgreSQL on `) && line.includes('cannot be used'),
          ),
        ).toHaveLength(1);
      }

      await cluster.start();
      for (const server of [a, b]) {
        await waitFor(
          `${server.url} healthy again`,
          async () =>
            (await call(server.url, 'GET', '/api/health', undefined, undefined, { token: null })).status ===
            200,
          RECOVERY_MS,
        );
      }
      expect((await call(a.url, 'GET', '/api/sessions/1', undefined, undefined, asTablet)).body.state).toBe(
        'opened',
      );
      expect(
        (await call(b.url, 'POST', '/api/orders', { orders: [order] }, undefined, asTablet)).body.results,
      ).toEqual([{ uuid: order.uuid, status: 'accepted' }]);
      // The stream opened on B before the outage is still served, and hears A again.
      const closingAt = Date.now();
      expect(
        (await call(a.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' }, undefined, admin))
          .status,
      ).toBe(200);
      await onB.until('closing_control', FAN_OUT_BUDGET_MS);
      expect(Date.now() - closingAt).toBeLessThan(FAN_OUT_BUDGET_MS);
      for (const name of ['A', 'B']) {
        expect(
          lines.some((line) => line.startsWith(`${name}: PostgreSQL on `) && line.includes('answers again')),
        ).toBe(true);
        expect(lines.some((line) => line.startsWith(`${name}: change feed: listening again`))).toBe(true);
      }
    },
  );
});

// Limits shared by instances are a PostgreSQL matter: on SQLite there is one process.
describe.skipIf(TEST_ENGINE !== 'postgres')('limits across instances', () => {
  it(
    `locks rescues out after ${MAX_PIN_FAILURES} wrong manager PINs spread over A and B, as on one instance, even for the right PIN`,
    { timeout: TWO_INSTANCES_TEST_MS },
    async () => {
      const database = await createTestDatabase();
      defer(() => database.drop());
      const { a, b } = await twoInstances(database.url);
      const tablet = await pair(a, a);
      expect(
        (
          await call(
            a.url,
            'PATCH',
            `/api/configs/${SEED_CONFIG_ID}`,
            { managerPin: '8642' },
            undefined,
            admin,
          )
        ).status,
      ).toBe(200);
      await call(a.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' }, undefined, admin);
      await call(a.url, 'PATCH', '/api/sessions/1', { state: 'closed' }, undefined, admin);
      const order = makeOrder({ sessionId: 1, deviceNumber: tablet.deviceNumber });
      const tryPin = (server: RunningServer, pin: string) =>
        call(server.url, 'POST', '/api/sessions/1/rescue', { orders: [order] }, undefined, {
          token: tablet.token,
          headers: { [MANAGER_PIN_HEADER]: pin },
        });

      const wrong = ['0000', '1111', '2222', '3333', '4444', '5555'].slice(0, MAX_PIN_FAILURES);
      const answers = [];
      for (const [index, pin] of wrong.entries()) answers.push(await tryPin(index % 2 === 0 ? a : b, pin));
      expect(answers.map((answer) => answer.status)).toEqual(wrong.map(() => 403));
      for (const server of [a, b]) {
        const locked = await tryPin(server, '8642');
        expect(locked.status).toBe(429);
        expect(locked.body.error).toEqual({
          code: 'rate_limited',
          message: 'Too many wrong manager PINs: rescue from a tablet again in 15 min.',
        });
      }
      // Nothing was rescued.
      expect(await a.database.db.selectFrom('orders').select('uuid').execute()).toEqual([]);
    },
  );

  it(
    `counts pairing attempts made on A and on B together: the ${PAIRING_ATTEMPTS_PER_MINUTE + 1}th from one address is refused on both`,
    { timeout: TWO_INSTANCES_TEST_MS },
    async () => {
      const database = await createTestDatabase();
      defer(() => database.drop());
      const { a, b } = await twoInstances(database.url);
      const statuses: number[] = [];
      for (let i = 0; i < PAIRING_ATTEMPTS_PER_MINUTE; i += 1) {
        statuses.push(
          (
            await call(i % 2 === 0 ? a.url : b.url, 'POST', '/api/pair', { code: 'AAAA-AAAA' }, undefined, {
              token: null,
            })
          ).status,
        );
      }
      expect(statuses).toEqual(statuses.map(() => 401));
      for (const server of [a, b]) {
        const code = (
          await call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {}, undefined, admin)
        ).body.code as string;
        const limited = await call(server.url, 'POST', '/api/pair', { code }, undefined, { token: null });
        expect(limited.status).toBe(429);
        expect(limited.body.error.code).toBe('rate_limited');
        expect(limited.body.error.message).toMatch(/^Too many pairing attempts: try again in \d+ s\.$/);
      }
      // The refused attempts paired nothing.
      expect(await a.database.db.selectFrom('devices').select('device_id').execute()).toEqual([]);
    },
  );
});

/** A feed whose listener state the test sets. */
class FeedInState extends LocalChangeFeed implements ChangeFeed {
  current: ChangeFeedState = 'listening';

  state(): ChangeFeedState {
    return this.current;
  }
}

describe('/api/health', () => {
  it('answers 503 while the change feed is not listening (changes from other instances would be missed), and 200 once it is again', async () => {
    const database = await openTestDatabase();
    defer(() => database.dispose());
    const changes = new FeedInState();
    const app = buildApp({
      db: database.db,
      changes,
      staticDir: join(makeTempDir(), 'no-dist'),
      version: 'test',
      adminToken: TEST_ADMIN_TOKEN,
    });
    defer(() => app.close());
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
      ok: true,
      version: 'test',
    });
    changes.current = 'reconnecting';
    const down = await app.inject({ method: 'GET', url: '/api/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({
      error: {
        code: 'database_unavailable',
        message:
          'Changes made on other instances do not reach this one yet (its change feed is reconnecting): try again in a moment.',
      },
    });
    changes.current = 'listening';
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('a request reaching a server that is stopping', () => {
  it('answers 503 server_stopping in the API shape with Connection: close, not a framework body the till cannot read', async () => {
    const database = await openTestDatabase();
    defer(() => database.dispose());
    const app = buildApp({
      db: database.db,
      staticDir: join(makeTempDir(), 'no-dist'),
      version: 'test',
      adminToken: TEST_ADMIN_TOKEN,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    // One connection: a request in flight (half its body sent), then, once the server is
    // stopping, the rest of it and a second request pipelined behind it.
    const socket = connectTcp(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const body = JSON.stringify({ state: 'closing_control' });
    const auth = `Authorization: Bearer ${TEST_ADMIN_TOKEN}\r\n`;
    // In flight from the moment Node has parsed its headers and handed it to the app.
    const inFlight = new Promise<void>((resolve) => app.server.once('request', () => resolve()));
    socket.write(
      `PATCH /api/sessions/1 HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await inFlight;
    const closed = app.close();
    await waitFor('the server stopped listening', () => !app.server.listening, 5_000, 5);
    socket.write(`${body.slice(5)}GET /api/sessions/1 HTTP/1.1\r\nHost: x\r\n${auth}\r\n`);
    await closed;
    await ended;
    const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
    // The request in flight finished; the one behind it was refused in the API's shape.
    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(second!.slice(second!.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'server_stopping', message: 'This server is stopping: try again in a moment.' },
    });
  });
});

/** A fresh temp folder, removed after the test. */
function tempDir(): string {
  const dir = makeTempDir('pos-faults-');
  defer(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** True when a new TCP connection to `port` on 127.0.0.1 is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

// The entry point as a shop runs it (server/main.ts in a process of its own).
describe('npm run serve: start and stop', () => {
  // An unreachable DATABASE_URL needs no PostgreSQL at all: it runs in the SQLite project.
  it.skipIf(TEST_ENGINE !== 'sqlite')(
    'names the host and port of a PostgreSQL that cannot be reached, never the password, and exits 1 within 30 s',
    { timeout: 60_000 },
    async () => {
      const port = await freePort();
      const dataDir = join(tempDir(), 'data');
      const startedAt = Date.now();
      const run = runMain({
        POS_DATA_DIR: dataDir,
        POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        DATABASE_URL: `postgres://shop:hunter2-secret@127.0.0.1:${port}/pos`,
      });
      expect(await run.exited).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
      expect(run.err()).toContain(
        `pos-shell: cannot start: PostgreSQL database pos on 127.0.0.1:${port} cannot be reached (connect ECONNREFUSED 127.0.0.1:${port}): check that PostgreSQL runs there and that DATABASE_URL names it.`,
      );
      expect(run.err() + run.out()).not.toContain('hunter2-secret');
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it.skipIf(TEST_ENGINE !== 'sqlite')(
    'gives up on a PostgreSQL address that accepts connections and never answers, naming it, and exits 1 within 30 s',
    { timeout: 60_000 },
    async () => {
      // A host that takes the connection and says nothing (a wrong port behind a firewall, a hung server).
      const accepted = new Set<Socket>();
      const silent = createTcpServer((socket: Socket) => {
        accepted.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      defer(async () => {
        for (const socket of accepted) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      });
      const address = silent.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const dataDir = join(tempDir(), 'data');
      const startedAt = Date.now();
      const run = runMain({
        POS_DATA_DIR: dataDir,
        POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        DATABASE_URL: `postgres://shop:hunter2-secret@127.0.0.1:${port}/pos`,
      });
      expect(await run.exited).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
      expect(run.err()).toMatch(
        new RegExp(
          `^pos-shell: cannot start: PostgreSQL database pos on 127\\.0\\.0\\.1:${port} cannot be reached \\(.+\\): check that PostgreSQL runs there and that DATABASE_URL names it\\.$`,
          'm',
        ),
      );
      expect(run.err() + run.out()).not.toContain('hunter2-secret');
    },
  );

  it(
    'drains on SIGTERM: stops accepting, ends the event streams, finishes a request in flight, then exits 0',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const database = await testDatabase();
      defer(() => database.drop());
      const run = runMain({
        POS_DATA_DIR: join(dir, 'data'),
        POS_STATIC_DIR: join(dir, 'no-dist'),
        POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      });
      const [, base] = await waitForLine(run.out, /till at (http:\/\/localhost:\d+)\//, START_TIMEOUT_MS);
      if (!base) throw new Error('no URL');
      const port = Number(new URL(base).port);
      const response = await fetch(`${base}/api/sessions/1/events`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
      if (!reader) throw new Error('no stream');
      expect((await reader.read()).value).toContain('retry:');

      // A request in flight: its body is half sent when SIGTERM comes. `Expect: 100-continue`
      // makes the server say when it has read the headers; a connection whose headers it has
      // not read yet is idle to it, and an idle connection is rightly closed by a drain.
      const inFlight = httpRequest(`${base}/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'application/json',
          'content-length': 2,
          expect: '100-continue',
        },
      });
      const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
        inFlight.on('response', (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        inFlight.on('error', reject);
      });
      // Awaited below; handled now so a cut connection fails the test, not the run.
      answered.catch(() => undefined);
      const headersRead = new Promise((resolve) => inFlight.once('continue', resolve));
      inFlight.flushHeaders();
      await headersRead;
      inFlight.write('{');

      run.child.kill('SIGTERM');
      await waitForLine(run.out, /^pos-shell: SIGTERM: draining/);
      // The stream ends (its till reconnects, through the proxy, to another instance).
      for (;;) if ((await reader.read()).done) break;
      await waitFor('new connections refused', () => refused(port), 5_000);
      // The request stays in flight longer than a shutdown that cuts connections after a second would allow.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(run.child.exitCode).toBeNull();
      inFlight.end('}');
      const answer = await answered;
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.body).code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(await run.exited).toBe(0);
      expect(run.out()).toMatch(/^pos-shell: stopped after \d+ ms$/m);
      expect(run.err()).toBe('');
    },
  );
});
