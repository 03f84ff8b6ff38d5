import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { startServer } from '../../server/start-server.js';
import { call, makeOrder, makeTempDir, SEED_CONFIG_ID } from './fixtures.js';

const dataDir = makeTempDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start() {
  return startServer({ dataDir, staticDir: `${dataDir}/no-dist`, port: 0, host: '127.0.0.1' });
}

describe('restart', () => {
  it('keeps orders, sessions and settings on the same data dir and does not seed twice', async () => {
    const first = await start();
    const order = makeOrder({ sessionId: 1 });
    expect((await call(first.url, 'POST', '/api/orders', { orders: [order] })).body.results[0].status).toBe('accepted');
    await call(first.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { checkSessionStateFrequency: 45 });
    await call(first.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' });
    const products = (await call(first.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`)).body.length;
    await first.close();

    const second = await start();
    try {
      expect((await call<PosOrder[]>(second.url, 'GET', '/api/sessions/1/orders')).body).toEqual([order]);
      expect((await call(second.url, 'GET', '/api/configs')).body).toEqual([
        expect.objectContaining({ id: SEED_CONFIG_ID, checkSessionStateFrequency: 45, currentSessionId: 1 }),
      ]);
      expect((await call(second.url, 'GET', '/api/sessions/1')).body.state).toBe('closing_control');
      expect((await call(second.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`)).body).toHaveLength(products);
      expect((await call(second.url, 'POST', '/api/orders', { orders: [order] })).body.results[0].status).toBe('duplicate');
    } finally {
      await second.close();
    }
  });
});
