import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { startServer } from '../../server/start-server.js';
import {
  call,
  makeOrder,
  makeTempDir,
  SEED_CONFIG_ID,
  TEST_ENGINE,
  testDatabase,
  type PairedDevice,
} from './fixtures.js';

const dataDir = makeTempDir();
/** The same database for both starts (PostgreSQL), or the SQLite file in `dataDir`. */
let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start() {
  return startServer({
    dataDir,
    ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
    staticDir: `${dataDir}/no-dist`,
    port: 0,
    host: '127.0.0.1',
  });
}

describe('restart', () => {
  it('keeps orders, sessions, settings, devices and the generated admin token on the same data dir and does not seed twice', async () => {
    const first = await start();
    // No POS_ADMIN_TOKEN: the first start generates the token and says so once; SQLite keeps it
    // in the data folder (0600), PostgreSQL keeps its hash in the database.
    expect(first.admin.generated).toBe(true);
    if (TEST_ENGINE === 'sqlite') expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    if (!first.admin.token) throw new Error('a generated token is given once');
    const admin = { token: first.admin.token };
    const code = (
      await call(first.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {}, undefined, admin)
    ).body.code as string;
    const device = (
      await call<PairedDevice>(first.url, 'POST', '/api/pair', { code }, undefined, { token: null })
    ).body;
    const order = makeOrder({ sessionId: 1, deviceNumber: device.deviceNumber });
    expect(
      (await call(first.url, 'POST', '/api/orders', { orders: [order] }, undefined, { token: device.token }))
        .body.results[0].status,
    ).toBe('accepted');
    await call(
      first.url,
      'PATCH',
      `/api/configs/${SEED_CONFIG_ID}`,
      { checkSessionStateFrequency: 45 },
      undefined,
      admin,
    );
    await call(first.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' }, undefined, admin);
    const products = (
      await call(first.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`, undefined, undefined, admin)
    ).body.length;
    await first.close();

    const second = await start();
    try {
      expect(second.admin).toEqual(
        TEST_ENGINE === 'sqlite'
          ? { token: admin.token, generated: false, source: 'file' }
          : { token: null, generated: false, source: 'database' },
      );
      expect(
        (await call<PosOrder[]>(second.url, 'GET', '/api/sessions/1/orders', undefined, undefined, admin))
          .body,
      ).toEqual([order]);
      expect((await call(second.url, 'GET', '/api/configs', undefined, undefined, admin)).body).toEqual([
        expect.objectContaining({ id: SEED_CONFIG_ID, checkSessionStateFrequency: 45, currentSessionId: 1 }),
      ]);
      const asDevice = { token: device.token };
      expect(
        (await call(second.url, 'GET', '/api/sessions/1', undefined, undefined, asDevice)).body.state,
      ).toBe('closing_control');
      expect(
        (
          await call(
            second.url,
            'GET',
            `/api/configs/${SEED_CONFIG_ID}/products`,
            undefined,
            undefined,
            asDevice,
          )
        ).body,
      ).toHaveLength(products);
      expect(
        (await call(second.url, 'POST', '/api/orders', { orders: [order] }, undefined, asDevice)).body
          .results[0].status,
      ).toBe('duplicate');
    } finally {
      await second.close();
    }
  });
});
