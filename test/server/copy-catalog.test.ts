import { describe, expect, it } from 'vitest';
import { ManagedProductSchema, type ManagedProduct } from '../../src/domain/api/products.js';
import { call, pairDevice, SEED_CONFIG_ID, useTestServer, type TestServer } from './fixtures.js';
import { z } from '../../src/domain/zod.js';

let server: TestServer;
useTestServer((s) => (server = s));

async function catalogOf(configId: number): Promise<ManagedProduct[]> {
  const answer = await call(server.url, 'GET', `/api/configs/${configId}/products?includeArchived=1`);
  expect(answer.status).toBe(200);
  return z.array(ManagedProductSchema).parse(answer.body);
}

/** Every config and product row, to show a refused creation left them as they were. */
async function everything(): Promise<unknown> {
  const db = server.database.db;
  return {
    configs: await db.selectFrom('configs').selectAll().orderBy('id').execute(),
    products: await db.selectFrom('products').selectAll().orderBy('id').execute(),
  };
}

const withoutId = ({ id: _id, ...product }: ManagedProduct) => product;

describe('POST /api/configs with copyCatalogFrom', () => {
  it("starts the new config with a copy of the other's products, archived ones too, under new ids", async () => {
    const source = await catalogOf(SEED_CONFIG_ID);
    const toArchive = source[3];
    if (!toArchive) throw new Error('the seed has products');
    await call(server.url, 'PATCH', `/api/products/${toArchive.id}`, { archived: true });
    const original = await catalogOf(SEED_CONFIG_ID);

    const created = await call(server.url, 'POST', '/api/configs', {
      name: 'Second counter',
      currency: 'EUR',
      copyCatalogFrom: SEED_CONFIG_ID,
    });
    expect(created.status).toBe(201);
    const copy = await catalogOf(created.body.id);
    expect(copy.map(withoutId)).toEqual(original.map(withoutId));
    expect(copy.filter((p) => p.archived).map((p) => p.name)).toEqual([toArchive.name]);
    const originalIds = new Set(original.map((p) => p.id));
    expect(copy.some((p) => originalIds.has(p.id))).toBe(false);
    expect(await catalogOf(SEED_CONFIG_ID)).toEqual(original);

    // The copy is the new register's own: its tills sell the active products, and changing one
    // leaves the original as it was.
    const device = await pairDevice(server.url, created.body.id);
    const tills = await call(
      server.url,
      'GET',
      `/api/configs/${created.body.id}/products`,
      undefined,
      undefined,
      {
        token: device.token,
      },
    );
    expect(tills.body).toHaveLength(original.length - 1);
    const first = copy[0];
    if (!first) throw new Error('the copy has products');
    await call(server.url, 'PATCH', `/api/products/${first.id}`, { price: first.price + 100 });
    expect(await catalogOf(SEED_CONFIG_ID)).toEqual(original);
  });

  it('starts a config made without copyCatalogFrom with no catalog', async () => {
    const created = await call(server.url, 'POST', '/api/configs', {
      name: 'Empty counter',
      currency: 'EUR',
    });
    expect(created.status).toBe(201);
    expect(await catalogOf(created.body.id)).toEqual([]);
  });

  it('answers 404 not_found for a config that does not exist, and creates nothing', async () => {
    const before = await everything();
    const answer = await call(server.url, 'POST', '/api/configs', {
      name: 'Orphan counter',
      currency: 'EUR',
      copyCatalogFrom: 9_999,
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toEqual({
      code: 'not_found',
      message: 'No config 9999 to copy the catalog from.',
      field: 'copyCatalogFrom',
    });
    expect(await everything()).toEqual(before);
  });

  it('refuses to copy the catalog of a config in another currency (its minor units are other amounts)', async () => {
    const before = await everything();
    const answer = await call(server.url, 'POST', '/api/configs', {
      name: 'Tokyo counter',
      currency: 'JPY',
      copyCatalogFrom: SEED_CONFIG_ID,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: 'validation_failed',
      message:
        'copyCatalogFrom: config Main counter sells in EUR, not JPY: its prices would be other amounts. Copy the catalog of a config in JPY.',
      field: 'copyCatalogFrom',
    });
    expect(await everything()).toEqual(before);
  });

  it('copies nothing when the name is taken (409), and refuses a copyCatalogFrom that is not an id', async () => {
    const before = await everything();
    const taken = await call(server.url, 'POST', '/api/configs', {
      name: 'Main counter',
      currency: 'EUR',
      copyCatalogFrom: SEED_CONFIG_ID,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
    for (const bad of [-1, 1.5, '1', null]) {
      const answer = await call(server.url, 'POST', '/api/configs', {
        name: 'Odd counter',
        currency: 'EUR',
        copyCatalogFrom: bad,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'validation_failed', field: 'copyCatalogFrom' });
    }
    expect(await everything()).toEqual(before);
  });
});
