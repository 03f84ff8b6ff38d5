import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { pairDevice } from '../kit/pair-device.js';
import type { LaunchedServer } from '../kit/test-server.js';
import { useServer } from '../kit/use-server.js';
import { call, makeOrder, SEED_CONFIG_ID, TEST_ENGINE } from './fixtures.js';

/**
 * One server stopped and started again over the same data dir and database, with no
 * POS_ADMIN_TOKEN: the first start generates the token.
 */
let server: LaunchedServer;
useServer((s) => (server = s), { adminToken: null });

describe('restart', () => {
  it('keeps orders, sessions, settings, devices and the generated admin token on the same data dir and does not seed twice', async () => {
    const first = server.running();
    // No POS_ADMIN_TOKEN: the first start generates the token and says so once; SQLite keeps it
    // in the data folder (0600), PostgreSQL keeps its hash in the database.
    expect(first.admin.generated).toBe(true);
    if (TEST_ENGINE === 'sqlite')
      expect(statSync(join(server.dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    if (!first.admin.token) throw new Error('a generated token is given once');
    const admin = { token: first.admin.token };
    const device = await pairDevice(first.url, { adminToken: admin.token });
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
    await server.stop();

    await server.start();
    const second = server.running();
    {
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
    }
  });
});
