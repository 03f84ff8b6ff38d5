import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { createTestDatabase, type TestDatabase } from '../kit/postgres.js';
import { call, makeTempDir, SEED_CONFIG_ID, TEST_ADMIN_TOKEN, TEST_ENGINE } from './fixtures.js';
import { sessionEvents } from './sse-kit.js';

/** A closure made on one instance must reach a till streaming from another within this (the budget). */
const FAN_OUT_BUDGET_MS = 1_000;

/** Two instances of the server on one PostgreSQL database, as behind a proxy. */
interface Pair {
  a: RunningServer;
  b: RunningServer;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function twoInstances(): Promise<Pair> {
  const database: TestDatabase = await createTestDatabase();
  cleanups.push(() => database.drop());
  const start = async (): Promise<RunningServer> => {
    const dataDir = makeTempDir();
    const server = await startServer({ dataDir, databaseUrl: database.url, staticDir: join(dataDir, 'no-dist'), port: 0, host: '127.0.0.1', adminToken: TEST_ADMIN_TOKEN, log: () => undefined });
    cleanups.push(async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    return server;
  };
  const a = await start();
  const b = await start();
  return { a, b };
}

/** The event stream of session `id` on `server`, as the manager (a till's token works the same). */
async function stream(server: RunningServer, id: number) {
  const abort = new AbortController();
  cleanups.push(async () => abort.abort());
  const response = await fetch(`${server.url}/api/sessions/${id}/events`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, signal: abort.signal });
  expect(response.status).toBe(200);
  return sessionEvents(response);
}

// Several instances share state only through PostgreSQL: on SQLite (one process) there is nothing
// to fan out, and the server-pg project runs this file.
describe.skipIf(TEST_ENGINE !== 'postgres')('several instances on one PostgreSQL database', () => {
  it('a close made on instance A reaches a till streaming from instance B in under 1 s, and B to A the same', async () => {
    const { a, b } = await twoInstances();
    const onB = await stream(b, 1);
    expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('opened');
    const closingAt = Date.now();
    expect((await call(a.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' }, undefined, { token: TEST_ADMIN_TOKEN })).status).toBe(200);
    expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('closing_control');
    expect(Date.now() - closingAt).toBeLessThan(FAN_OUT_BUDGET_MS);

    const onA = await stream(a, 1);
    expect((await onA.next(FAN_OUT_BUDGET_MS)).state).toBe('closing_control');
    const closedAt = Date.now();
    expect((await call(b.url, 'PATCH', '/api/sessions/1', { state: 'closed' }, undefined, { token: TEST_ADMIN_TOKEN })).status).toBe(200);
    expect((await onA.next(FAN_OUT_BUDGET_MS)).state).toBe('closed');
    expect((await onB.next(FAN_OUT_BUDGET_MS)).state).toBe('closed');
    expect(Date.now() - closedAt).toBeLessThan(FAN_OUT_BUDGET_MS);
  });

  it('a session opened on one instance tells tills blocked on the closed one, streaming from the other, where Reload continues', async () => {
    const { a, b } = await twoInstances();
    await call(a.url, 'PATCH', '/api/sessions/1', { state: 'closed' }, undefined, { token: TEST_ADMIN_TOKEN });
    const onB = await stream(b, 1);
    expect(await onB.next(FAN_OUT_BUDGET_MS)).toMatchObject({ state: 'closed', nextSession: null });
    const opened = await call(a.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, undefined, undefined, { token: TEST_ADMIN_TOKEN });
    expect(opened.status).toBe(201);
    expect(await onB.next(FAN_OUT_BUDGET_MS)).toMatchObject({ id: 1, state: 'closed', nextSession: { id: opened.body.id, name: opened.body.name } });
  });
});
