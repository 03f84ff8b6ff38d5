import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObservedRequest } from '../../server/app-deps.js';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { call, makeOrder, makeTempDir, testDatabase } from './fixtures.js';

const dataDir = makeTempDir();
const seen: ObservedRequest[] = [];
let server: RunningServer;
let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  database = await testDatabase();
  server = await startServer({
    dataDir,
    ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
    staticDir: `${dataDir}/no-dist`,
    port: 0,
    host: '127.0.0.1',
    observe: (r) => seen.push(r),
  });
});
afterAll(async () => {
  await server.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('observing requests', () => {
  it('shows each routed request with its method, URL and parsed body', async () => {
    const deviceId = randomUUID();
    await call(server.url, 'GET', `/api/sessions/1?deviceId=${deviceId}&pending=0&held=0`);
    const order = makeOrder({ sessionId: 1 });
    await call(server.url, 'POST', '/api/orders', { orders: [order] });
    expect(seen).toEqual([
      { method: 'GET', url: `/api/sessions/1?deviceId=${deviceId}&pending=0&held=0`, body: undefined },
      { method: 'POST', url: '/api/orders', body: { orders: [order] } },
    ]);
  });

  it('answers http://localhost:<port> as the URL for host 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });
});
