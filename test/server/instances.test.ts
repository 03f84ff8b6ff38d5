import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../kit/use-server.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { LISTENER_APPLICATION_NAME } from '../../server/events/listen-connection.js';
import type { RunningServer } from '../../server/start-server.js';
import { createDatabaseOn, createTestDatabase, startPgCluster, type TestDatabase } from '../kit/postgres.js';
import { atOnce, expectAcceptedExactlyStored } from '../kit/races.js';
import { waitFor } from '../kit/wait-for.js';
import {
  call,
  makeOrder,
  newPairingCode,
  pairDevice,
  SEED_CONFIG_ID,
  TEST_ADMIN_TOKEN,
  TEST_ENGINE,
  type Answer,
  type PairedDevice,
  uncountedMove,
} from './fixtures.js';
import { launchServer } from '../kit/test-server.js';
import { appDatabase, listenerRole } from './pg-change-feed-kit.js';
import { sessionEvents } from '../kit/session-events.js';

/** A closure made on one instance must reach a till streaming from another within this (the budget). */
const FAN_OUT_BUDGET_MS = 1_000;

/**
 * Rounds of each race. The requests of a round are sent together to different instances, so they
 * run on separate connections of separate pools: without the lock, the conditional update or the
 * ON CONFLICT the race is lost in nearly every round.
 */
const ROUNDS = 5;

/** Longest wait (ms) for a listener to be back after PostgreSQL or its connection returns (backoff up to 5 s, then the re-read). */
const RECOVERY_MS = 15_000;

const ADMIN = { token: TEST_ADMIN_TOKEN };

/** Tests of several rounds of requests, on a 2-core machine shared with other runs. */
const SLOW = { timeout: 60_000 };

/** Tests that wait for a listener or PostgreSQL to come back (each wait bounded by RECOVERY_MS). */
const RECOVERING = { timeout: 60_000 };

/**
 * Rounds of the close racing uploads: a close lands between an upload's read and its insert in
 * only some rounds, so this race needs more of them than the others to be met for sure.
 */
const CLOSE_RACE_ROUNDS = 10;

/** A device racing a close stops after this many uploads, should the close never come. */
const MAX_UPLOADS_PER_LANE = 200;

/** Two instances of the server on one PostgreSQL database, as behind a proxy. */
interface Pair {
  a: RunningServer;
  b: RunningServer;
}

/** What one instance is started with besides the database. */
interface InstanceOptions {
  /** Where its change feed LISTENs (DATABASE_LISTEN_URL), when not the database's URL. */
  listenUrl?: string;
  /** Receives the instance's own lines (the change feed's); default none. */
  log?: (line: string) => void;
}

const defer = useCleanups();

/** A fresh database on the test cluster (or on `clusterUrl`), dropped after the test. */
async function freshDatabase(clusterUrl?: string): Promise<TestDatabase> {
  const database = clusterUrl ? await createDatabaseOn(clusterUrl) : await createTestDatabase();
  defer(() => database.drop());
  return database;
}

/** Starts an instance on `database` (real HTTP on 127.0.0.1), closed after the test. */
async function instance(database: TestDatabase, options: InstanceOptions = {}): Promise<RunningServer> {
  const server = await launchServer({
    databaseUrl: database.url,
    ...(options.listenUrl ? { databaseListenUrl: options.listenUrl } : {}),
    // Tests pair many tablets from one address; the limit itself is tested with the default.
    pairingAttemptsPerMinute: 1_000,
    tokenFailuresPerMinute: 1_000,
    log: options.log ?? (() => undefined),
  });
  defer(server.close);
  return server.running();
}

async function twoInstances(): Promise<Pair> {
  const database = await freshDatabase();
  return { a: await instance(database), b: await instance(database) };
}

/** The event stream of session `id` on `server`, as the manager (a till's token works the same). */
async function stream(server: RunningServer, id: number) {
  const abort = new AbortController();
  defer(async () => abort.abort());
  const response = await fetch(`${server.url}/api/sessions/${id}/events`, {
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  return sessionEvents(response);
}

/** Uploads `orders` in one batch as `device`; the status of each, or `HTTP <status>` when the batch failed. */
async function upload(server: RunningServer, device: PairedDevice, orders: PosOrder[]): Promise<string[]> {
  const answer = await call<{ results: { status: string }[] }>(
    server.url,
    'POST',
    '/api/orders',
    { orders },
    undefined,
    { token: device.token },
  );
  return answer.status === 200
    ? answer.body.results.map((r) => r.status)
    : orders.map(() => `HTTP ${answer.status}`);
}

/** The uuids stored for session `id`, read through `server`. */
async function storedUuids(server: RunningServer, id: number): Promise<string[]> {
  const answer = await call<PosOrder[]>(
    server.url,
    'GET',
    `/api/sessions/${id}/orders`,
    undefined,
    undefined,
    ADMIN,
  );
  expect(answer.status).toBe(200);
  return answer.body.map((o) => o.uuid);
}

/** Moves session `id` to `state` through `server`; throws unless it answers 200. */
async function move(server: RunningServer, id: number, state: PosSession['state']): Promise<void> {
  const answer = await call(
    server.url,
    'PATCH',
    `/api/sessions/${id}`,
    uncountedMove(state),
    undefined,
    ADMIN,
  );
  if (answer.status !== 200)
    throw new Error(
      `could not move session ${id} to ${state}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
}

/** Opens a new session of the seeded config through `server` (the previous one is closed); returns it. */
async function openSession(server: RunningServer): Promise<PosSession> {
  const answer = await call<PosSession>(
    server.url,
    'POST',
    `/api/configs/${SEED_CONFIG_ID}/sessions`,
    { state: 'opened' },
    undefined,
    ADMIN,
  );
  if (answer.status !== 201)
    throw new Error(`could not open a session: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

// Several instances share state only through PostgreSQL: on SQLite (one process) there is nothing
// to fan out, and the server-pg project runs this file.
describe.skipIf(TEST_ENGINE !== 'postgres')('several instances on one PostgreSQL database', () => {
  it('a close made on instance A reaches a till streaming from instance B in under 1 s, and B to A the same', async () => {
    const { a, b } = await twoInstances();
    const onB = await stream(b, 1);
    expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('opened');
    const closingAt = Date.now();
    expect(
      (await call(a.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' }, undefined, ADMIN)).status,
    ).toBe(200);
    expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('closing_control');
    expect(Date.now() - closingAt).toBeLessThan(FAN_OUT_BUDGET_MS);

    const onA = await stream(a, 1);
    expect((await onA.next(FAN_OUT_BUDGET_MS)).state).toBe('closing_control');
    const closedAt = Date.now();
    expect(
      (await call(b.url, 'PATCH', '/api/sessions/1', uncountedMove('closed'), undefined, ADMIN)).status,
    ).toBe(200);
    expect((await onA.next(FAN_OUT_BUDGET_MS)).state).toBe('closed');
    expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('closed');
    expect(Date.now() - closedAt).toBeLessThan(FAN_OUT_BUDGET_MS);
  });

  it('a session opened on one instance tells tills blocked on the closed one, streaming from the other, where Reload continues', async () => {
    const { a, b } = await twoInstances();
    await call(a.url, 'PATCH', '/api/sessions/1', uncountedMove('closed'), undefined, ADMIN);
    const onB = await stream(b, 1);
    expect(await onB.next(FAN_OUT_BUDGET_MS)).toMatchObject({ state: 'closed', nextSession: null });
    const opened = await call(
      a.url,
      'POST',
      `/api/configs/${SEED_CONFIG_ID}/sessions`,
      undefined,
      undefined,
      ADMIN,
    );
    expect(opened.status).toBe(201);
    expect(await onB.next(FAN_OUT_BUDGET_MS)).toMatchObject({
      id: 1,
      state: 'closed',
      nextSession: { id: opened.body.id, name: opened.body.name },
    });
  });

  it('a product added on instance A reaches a till streaming from instance B with the new catalogVersion in under 1 s', async () => {
    const { a, b } = await twoInstances();
    const onB = await stream(b, 1);
    const before = (await onB.next(FAN_OUT_BUDGET_MS)).catalogVersion ?? 0;
    const addedAt = Date.now();
    const added = await call(
      a.url,
      'POST',
      `/api/configs/${SEED_CONFIG_ID}/products`,
      { name: 'Oat milk', price: 189, taxRate: 550, category: 'Crèmerie' },
      undefined,
      ADMIN,
    );
    expect(added.status).toBe(201);
    expect(await onB.next(FAN_OUT_BUDGET_MS)).toMatchObject({
      id: 1,
      state: 'opened',
      catalogVersion: before + 1,
    });
    expect(Date.now() - addedAt).toBeLessThan(FAN_OUT_BUDGET_MS);
  });

  it(
    'stores an order sent to both instances at the same moment once: one accepted, one duplicate, never a 500, and the summary counts it once',
    SLOW,
    async () => {
      const { a, b } = await twoInstances();
      const device = await pairDevice(a.url, SEED_CONFIG_ID);
      const orders: PosOrder[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const order = makeOrder({ sessionId: 1, deviceNumber: device.deviceNumber });
        orders.push(order);
        const answers = await atOnce(2, (i) => upload([a, b][i] as RunningServer, device, [order]));
        expect(answers.flat().sort()).toEqual(['accepted', 'duplicate']);
      }
      for (const server of [a, b])
        expect((await storedUuids(server, 1)).sort()).toEqual(orders.map((o) => o.uuid).sort());
      const summary = await call(b.url, 'GET', '/api/sessions/1/summary', undefined, undefined, ADMIN);
      const total = orders.reduce((sum, o) => sum + o.amountTotal, 0);
      expect(summary.body).toMatchObject({
        orderCount: ROUNDS,
        amountTotal: total,
        byPaymentMethod: [{ method: 'card', count: ROUNDS, amount: total }],
      });
    },
  );

  it(
    'a close on one instance racing uploads on both: every accepted order is stored, every session_closed one is not, nothing else, nothing after the close',
    SLOW,
    async () => {
      const { a, b } = await twoInstances();
      const devices = [
        await pairDevice(a.url, SEED_CONFIG_ID),
        await pairDevice(b.url, SEED_CONFIG_ID),
        await pairDevice(a.url, SEED_CONFIG_ID),
      ];
      let sessionId = 1;
      for (let round = 0; round < CLOSE_RACE_ROUNDS; round++) {
        if (round > 0) sessionId = Number((await openSession(a)).id);
        const orders: PosOrder[] = [];
        const statuses: string[] = [];
        // Each device flushes its outbox through both instances, one order after another, until an
        // answer is not `accepted`: six uploads in flight whenever the close comes.
        const lane = async (server: RunningServer, device: PairedDevice): Promise<void> => {
          for (let sent = 0; sent < MAX_UPLOADS_PER_LANE; sent++) {
            const order = makeOrder({ sessionId, deviceNumber: device.deviceNumber });
            const index = orders.push(order) - 1;
            const [status = 'no answer'] = await upload(server, device, [order]);
            statuses[index] = status;
            if (status !== 'accepted') return;
          }
        };
        const lanes = Promise.all(devices.flatMap((device) => [lane(a, device), lane(b, device)]));
        await waitFor(
          'uploads to be under way',
          () => statuses.filter((s) => s === 'accepted').length >= 12,
          10_000,
          10,
        );
        const closer = [a, b][round % 2] as RunningServer;
        await move(closer, sessionId, 'closed');
        const storedWhenClosed = (await storedUuids(closer, sessionId)).length;
        await lanes;
        expect(orders).toHaveLength(statuses.length);
        // Uploads went on across the close: each lane's last answer is its refusal.
        expect(statuses.filter((s) => s === 'session_closed')).toHaveLength(6);
        expectAcceptedExactlyStored(
          orders,
          statuses,
          await storedUuids([b, a][round % 2] as RunningServer, sessionId),
          storedWhenClosed,
        );
      }
    },
  );

  it(
    'pairs one tablet with a code redeemed on both instances at once; the other gets pairing_code_invalid and no device',
    SLOW,
    async () => {
      const { a, b } = await twoInstances();
      const devices = async () =>
        (
          await call<unknown[]>(
            b.url,
            'GET',
            `/api/configs/${SEED_CONFIG_ID}/devices`,
            undefined,
            undefined,
            ADMIN,
          )
        ).body.length;
      const before = await devices();
      for (let round = 0; round < ROUNDS; round++) {
        const code = await newPairingCode(a.url, SEED_CONFIG_ID);
        const answers: Answer[] = await atOnce(2, (i) =>
          call(([a, b][i] as RunningServer).url, 'POST', '/api/pair', { code }, undefined, { token: null }),
        );
        expect(answers.map((x) => x.status).sort()).toEqual([201, 401]);
        expect(answers.find((x) => x.status === 401)?.body.error).toEqual({
          code: 'pairing_code_invalid',
          message: 'This pairing code is unknown, expired or already used: ask the manager for a new one.',
        });
        const paired = answers.find((x) => x.status === 201)?.body as PairedDevice;
        for (const server of [a, b])
          expect(
            (await call(server.url, 'GET', '/api/device', undefined, undefined, { token: paired.token }))
              .status,
          ).toBe(200);
        expect(await devices()).toBe(before + round + 1);
      }
    },
  );

  it(
    "a close made while B's LISTEN connection is killed reaches B's stream once B reconnects (the re-read), and later changes fan out again",
    RECOVERING,
    async () => {
      const database = await freshDatabase();
      const admin = appDatabase(database.url);
      defer(() => admin.destroy());
      // B listens as a role of its own, so the test can hold B's listener down (NOLOGIN) while A closes.
      const role = await listenerRole(admin, database.url);
      defer(() => role.drop());
      const roleName = new URL(role.url).username;
      const linesOfB: string[] = [];
      const a = await instance(database);
      const b = await instance(database, { listenUrl: role.url, log: (line) => linesOfB.push(line) });
      const onB = await stream(b, 1);
      expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('opened');

      const listeners = await sql<{
        usename: string;
      }>`SELECT usename FROM pg_stat_activity WHERE datname = ${database.name} AND application_name = ${LISTENER_APPLICATION_NAME}`.execute(
        admin,
      );
      expect(listeners.rows.map((r) => r.usename).sort()).toEqual(
        [decodeURIComponent(new URL(database.url).username), roleName].sort(),
      );
      await role.block();
      const killed = await sql<{
        gone: boolean;
      }>`SELECT pg_terminate_backend(pid, 5000) AS gone FROM pg_stat_activity WHERE application_name = ${LISTENER_APPLICATION_NAME} AND usename = ${roleName}`.execute(
        admin,
      );
      expect(killed.rows).toEqual([{ gone: true }]);
      await waitFor(
        'B to fail a reconnect',
        () => linesOfB.some((line) => line.includes('still reconnecting')),
        RECOVERY_MS,
      );

      await move(a, 1, 'closing_control');
      expect(await role.backends()).toBe(0); // B heard nothing of it: only the re-read can tell B's stream
      await role.allow();
      expect((await onB.next(RECOVERY_MS)).state).toBe('closing_control');
      expect(linesOfB.some((line) => line.includes('listening again'))).toBe(true);

      const closedAt = Date.now();
      await move(a, 1, 'closed');
      expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('closed');
      expect(Date.now() - closedAt).toBeLessThan(FAN_OUT_BUDGET_MS);
      const openedAt = Date.now();
      const opened = await openSession(a);
      expect(await onB.next(FAN_OUT_BUDGET_MS)).toMatchObject({
        id: 1,
        state: 'closed',
        nextSession: { id: opened.id },
      });
      expect(Date.now() - openedAt).toBeLessThan(FAN_OUT_BUDGET_MS);
    },
  );

  it(
    'after PostgreSQL restarts under running instances, both serve again by themselves and a close on A reaches a stream on B in under 1 s',
    RECOVERING,
    async () => {
      const cluster = await startPgCluster();
      defer(() => cluster.dispose());
      const database = await freshDatabase(cluster.url);
      const a = await instance(database);
      const b = await instance(database);
      const onA = await stream(a, 1);
      const onB = await stream(b, 1);
      for (const events of [onA, onB]) expect((await events.next(FAN_OUT_BUDGET_MS)).state).toBe('opened');

      await cluster.restart();
      for (const server of [a, b]) {
        await waitFor(
          `${server.url} to read the database again`,
          async () =>
            (await call(server.url, 'GET', '/api/sessions/1', undefined, undefined, ADMIN).catch(() => null))
              ?.status === 200,
          RECOVERY_MS,
        );
      }
      // Each listener is back when its re-read pushes the session to the stream that stayed open.
      for (const events of [onA, onB]) expect((await events.next(RECOVERY_MS)).state).toBe('opened');

      const closingAt = Date.now();
      await move(a, 1, 'closing_control');
      expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('closing_control');
      expect(Date.now() - closingAt).toBeLessThan(FAN_OUT_BUDGET_MS);
      expect((await onA.next(FAN_OUT_BUDGET_MS)).state).toBe('closing_control');
    },
  );
});
