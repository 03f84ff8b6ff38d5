import { describe, expect, it } from 'vitest';
import { ManagedProductSchema } from '../../src/domain/api/products.js';
import { ProductSchema, type ProductFields } from '../../src/domain/product.js';
import { inStoreEan13 } from '../../server/db/ean13.js';
import { sessionEvents } from '../kit/session-events.js';
import {
  call,
  pairDevice,
  TEST_ENGINE,
  useTestServer,
  type PairedDevice,
  type TestServer,
} from './fixtures.js';
import { z } from '../../src/domain/zod.js';

let server: TestServer;
useTestServer((s) => (server = s));

let configCount = 0;

/** A new POS config of its own (empty catalog) and a device paired to it. */
async function newRegister(): Promise<{ configId: number; device: PairedDevice }> {
  configCount += 1;
  const created = await call(server.url, 'POST', '/api/configs', {
    name: `Products counter ${configCount}`,
    currency: 'EUR',
  });
  expect(created.status).toBe(201);
  const configId = created.body.id as number;
  return { configId, device: await pairDevice(server.url, configId) };
}

let barcodeItem = 5_000;
/** A valid EAN-13 never used before in this file. */
function freshBarcode(): string {
  barcodeItem += 1;
  return inStoreEan13(barcodeItem);
}

/** Fields of a valid product; `overrides` replace some. */
function fields(overrides: Partial<ProductFields> = {}): ProductFields {
  return {
    name: 'Oat milk',
    price: 189,
    taxRate: 550,
    category: 'Crèmerie',
    barcode: freshBarcode(),
    ...overrides,
  };
}

async function addProduct(configId: number, body: unknown) {
  return call(server.url, 'POST', `/api/configs/${configId}/products`, body);
}

/** What a refused request must leave as it was: the config's products (every column) and catalog version. */
async function catalogState(configId: number): Promise<unknown> {
  const db = server.database.db;
  const products = await db
    .selectFrom('products')
    .selectAll()
    .where('config_id', '=', configId)
    .orderBy('id')
    .execute();
  const config = await db
    .selectFrom('configs')
    .select('catalog_version')
    .where('id', '=', configId)
    .executeTakeFirstOrThrow();
  return { products, version: config.catalog_version };
}

async function catalogVersion(configId: number): Promise<number> {
  const row = await server.database.db
    .selectFrom('configs')
    .select('catalog_version')
    .where('id', '=', configId)
    .executeTakeFirstOrThrow();
  return row.catalog_version;
}

/** The catalog a device of the config gets. */
async function tillCatalog(configId: number, device: PairedDevice) {
  const answer = await call(server.url, 'GET', `/api/configs/${configId}/products`, undefined, undefined, {
    token: device.token,
  });
  expect(answer.status).toBe(200);
  return answer.body as { id: number; name: string; archived?: boolean }[];
}

/** Every product of the config, archived ones too, as the back office gets them. */
async function managedCatalog(configId: number) {
  const answer = await call(server.url, 'GET', `/api/configs/${configId}/products?includeArchived=1`);
  expect(answer.status).toBe(200);
  return z.array(ManagedProductSchema).parse(answer.body);
}

describe('POST /api/configs/:id/products', () => {
  it('adds a product, trimmed, answers 201 with it and raises the catalog version once', async () => {
    const { configId, device } = await newRegister();
    const before = await catalogVersion(configId);
    const body = fields({ name: '  Oat milk  ', category: ' Crèmerie ' });
    const answer = await addProduct(configId, body);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.any(Number),
      name: 'Oat milk',
      price: 189,
      taxRate: 550,
      category: 'Crèmerie',
      barcode: body.barcode,
      archived: false,
    });
    expect(await catalogVersion(configId)).toBe(before + 1);
    expect(await tillCatalog(configId, device)).toEqual([
      {
        id: answer.body.id,
        name: 'Oat milk',
        price: 189,
        taxRate: 550,
        category: 'Crèmerie',
        barcode: body.barcode,
      },
    ]);
  });

  it('takes a product without a barcode (absent or null), and EAN-8 and UPC-A barcodes', async () => {
    const { configId } = await newRegister();
    const { barcode: _none, ...withoutBarcode } = fields({ name: 'Loose apples' });
    expect((await addProduct(configId, withoutBarcode)).body.barcode).toBeNull();
    expect(
      (await addProduct(configId, fields({ name: 'Loose pears', barcode: null }))).body.barcode,
    ).toBeNull();
    expect((await addProduct(configId, fields({ name: 'Gum', barcode: '96385074' }))).status).toBe(201);
    expect((await addProduct(configId, fields({ name: 'Cola', barcode: '036000291452' }))).status).toBe(201);
    expect(await catalogVersion(configId)).toBe(5);
  });

  it('takes each field at its limits: a name of 120 characters, a category of 60, prices 0 and 10^9, tax rates 0 and 10,000', async () => {
    const { configId } = await newRegister();
    const limits: ProductFields[] = [
      fields({ name: 'n'.repeat(120), category: 'c'.repeat(60) }),
      fields({ name: 'Free sample', price: 0, taxRate: 0 }),
      fields({ name: 'Most expensive', price: 1_000_000_000, taxRate: 10_000 }),
    ];
    for (const product of limits) {
      const answer = await addProduct(configId, product);
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject(product);
    }
    // Stored as given: read back, not only answered.
    const stored = await managedCatalog(configId);
    expect(stored).toHaveLength(limits.length);
    expect(stored).toEqual(expect.arrayContaining(limits.map((p) => expect.objectContaining(p))));
  });

  it.each([
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(121) }],
    ['name', { name: 'two\nlines' }],
    ['price', { price: -1 }],
    ['price', { price: 1.5 }],
    ['price', { price: 1_000_000_001 }],
    ['price', { price: '189' }],
    ['taxRate', { taxRate: 10_001 }],
    ['taxRate', { taxRate: -5 }],
    ['category', { category: '' }],
    ['category', { category: 'c'.repeat(61) }],
    ['barcode', { barcode: '4006381333932' }],
    ['barcode', { barcode: '400638133393' }],
    ['barcode', { barcode: '1234567' }],
    ['barcode', { barcode: 4006381333931 }],
  ])(
    'refuses a bad %s (%j) with 400 validation_failed naming it, and changes nothing',
    async (field, bad) => {
      const { configId } = await newRegister();
      await addProduct(configId, fields({ name: 'Already there' }));
      const before = await catalogState(configId);
      const answer = await addProduct(configId, { ...fields(), ...bad });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'validation_failed',
        message: expect.stringContaining(field),
        field,
      });
      expect(await catalogState(configId)).toEqual(before);
    },
  );

  it('refuses a missing field and a field it does not know, and changes nothing', async () => {
    const { configId } = await newRegister();
    const before = await catalogState(configId);
    const { price: _price, ...noPrice } = fields();
    const missing = await addProduct(configId, noPrice);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', field: 'price' });
    const extra = await addProduct(configId, { ...fields(), colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('colour'),
    });
    expect(await catalogState(configId)).toEqual(before);
  });

  it('refuses a name another product holds in another case, with 409 conflict naming the name', async () => {
    const { configId } = await newRegister();
    const first = await addProduct(configId, fields({ name: 'Oat milk' }));
    const before = await catalogState(configId);
    const answer = await addProduct(configId, fields({ name: ' OAT MILK ' }));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({
      code: 'conflict',
      message: `Another product of this catalog is already named Oat milk (product ${first.body.id}).`,
      field: 'name',
    });
    expect(await catalogState(configId)).toEqual(before);
  });

  it('compares names without case beyond ASCII letters too (É and é)', async () => {
    const { configId } = await newRegister();
    await addProduct(configId, fields({ name: 'Éclair au café' }));
    const before = await catalogState(configId);
    const answer = await addProduct(configId, fields({ name: 'éCLAIR AU CAFÉ' }));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'conflict', field: 'name' });
    expect(await catalogState(configId)).toEqual(before);
  });

  it('refuses a barcode another product holds, with 409 conflict naming the barcode', async () => {
    const { configId } = await newRegister();
    const taken = await addProduct(configId, fields({ name: 'Butter' }));
    const before = await catalogState(configId);
    const answer = await addProduct(configId, fields({ name: 'Margarine', barcode: taken.body.barcode }));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({
      code: 'conflict',
      message: `Barcode ${taken.body.barcode} is already on Butter (product ${taken.body.id}).`,
      field: 'barcode',
    });
    expect(await catalogState(configId)).toEqual(before);
  });

  it('counts archived products: their name and barcode stay taken', async () => {
    const { configId } = await newRegister();
    const old = await addProduct(configId, fields({ name: 'Old bread' }));
    await call(server.url, 'PATCH', `/api/products/${old.body.id}`, { archived: true });
    const before = await catalogState(configId);
    const byName = await addProduct(configId, fields({ name: 'old bread' }));
    expect(byName.status).toBe(409);
    expect(byName.body.error).toEqual({
      code: 'conflict',
      message: `Another product of this catalog is already named Old bread (product ${old.body.id}, archived).`,
      field: 'name',
    });
    const byBarcode = await addProduct(configId, fields({ name: 'New bread', barcode: old.body.barcode }));
    expect(byBarcode.status).toBe(409);
    expect(byBarcode.body.error).toMatchObject({ code: 'conflict', field: 'barcode' });
    expect(await catalogState(configId)).toEqual(before);
  });

  it('lets two configs each have a product of the same name and barcode', async () => {
    const a = await newRegister();
    const b = await newRegister();
    const shared = fields({ name: 'Baguette' });
    expect((await addProduct(a.configId, shared)).status).toBe(201);
    expect((await addProduct(b.configId, shared)).status).toBe(201);
  });

  it('answers 404 not_found for an unknown config, and creates nothing', async () => {
    const db = server.database.db;
    const count = async () => (await db.selectFrom('products').select('id').execute()).length;
    const before = await count();
    for (const id of ['9999', 'abc']) {
      const answer = await addProduct(id as unknown as number, fields());
      expect(answer.status).toBe(404);
      expect(answer.body.error).toEqual({ code: 'not_found', message: `No config ${id}` });
    }
    expect(await count()).toBe(before);
  });

  it('is for the manager: a device gets 403 forbidden, no token 401, and nothing changes', async () => {
    const { configId, device } = await newRegister();
    const before = await catalogState(configId);
    const asDevice = await call(
      server.url,
      'POST',
      `/api/configs/${configId}/products`,
      fields(),
      undefined,
      {
        token: device.token,
      },
    );
    expect(asDevice.status).toBe(403);
    expect(asDevice.body.error).toEqual({
      code: 'forbidden',
      message: 'This is a manager action: it needs the admin token.',
    });
    const anonymous = await call(
      server.url,
      'POST',
      `/api/configs/${configId}/products`,
      fields(),
      undefined,
      {
        token: null,
      },
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    expect(await catalogState(configId)).toEqual(before);
  });

  it('gives one 201 and otherwise 409 naming the name when requests add one name at once, raising the version once', async () => {
    const { configId } = await newRegister();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_unused, i) =>
        addProduct(configId, fields({ name: i % 2 ? 'Kefir' : 'KEFIR' })),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body.error).toMatchObject({ code: 'conflict', field: 'name' });
    expect(await catalogVersion(configId)).toBe(2);
    expect(await managedCatalog(configId)).toHaveLength(1);
  });

  it('answers a name taken by a change not yet committed (a race past the check) with the same 409', async () => {
    const { configId } = await newRegister();
    const db = server.database.db;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted: () => void = () => undefined;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    // Another writer inserts "Skyr" and holds its transaction open: on PostgreSQL the request's
    // check cannot see it, its insert waits on the unique index, then fails once this commits.
    const other = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('products')
        .values({
          config_id: configId,
          name: 'Skyr',
          price: 250,
          tax_rate: 550,
          category: 'Crèmerie',
          barcode: null,
        })
        .execute();
      inserted();
      await held;
    });
    // The request goes once that insert is in: sent before it, on a loaded machine, it could
    // commit first (seen once in CI), and the race this test is about would not happen.
    await Promise.race([insertedYet, other]);
    const request = addProduct(configId, fields({ name: 'skyr' }));
    if (TEST_ENGINE === 'postgres') await waitForLockWait();
    release();
    await other;
    const answer = await request;
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already named Skyr'),
      field: 'name',
    });
    expect(await catalogVersion(configId)).toBe(1);
  });
});

/** Waits (bounded) until a statement of the test database waits on a lock (PostgreSQL). */
async function waitForLockWait(): Promise<void> {
  const { sql } = await import('kysely');
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await sql<{ waiting: number | string }>`
      select count(*) as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(server.database.db);
    if (Number(rows[0]?.waiting) > 0) return;
    if (Date.now() > deadline) throw new Error('no statement waited on a lock in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PATCH /api/products/:id', () => {
  it('changes the fields given, answers the product, and raises the version once per change', async () => {
    const { configId, device } = await newRegister();
    const created = await addProduct(configId, fields({ name: 'Brie' }));
    const version = await catalogVersion(configId);
    const answer = await call(server.url, 'PATCH', `/api/products/${created.body.id}`, {
      name: 'Brie de Meaux',
      price: 420,
      taxRate: 2000,
      category: 'Fromages',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      ...created.body,
      name: 'Brie de Meaux',
      price: 420,
      taxRate: 2000,
      category: 'Fromages',
    });
    expect(await catalogVersion(configId)).toBe(version + 1);
    expect((await tillCatalog(configId, device))[0]).toMatchObject({ name: 'Brie de Meaux', price: 420 });
  });

  it('removes the barcode with null, and sets a new one', async () => {
    const { configId } = await newRegister();
    const created = await addProduct(configId, fields({ name: 'Comté' }));
    const removed = await call(server.url, 'PATCH', `/api/products/${created.body.id}`, { barcode: null });
    expect(removed.body.barcode).toBeNull();
    const code = freshBarcode();
    expect(
      (await call(server.url, 'PATCH', `/api/products/${created.body.id}`, { barcode: code })).body.barcode,
    ).toBe(code);
    expect(await catalogVersion(configId)).toBe(4);
  });

  it('archives a product: off the tills, listed with includeArchived=1; restoring brings it back', async () => {
    const { configId, device } = await newRegister();
    const kept = await addProduct(configId, fields({ name: 'Cider' }));
    const old = await addProduct(configId, fields({ name: 'Perry' }));
    const archived = await call(server.url, 'PATCH', `/api/products/${old.body.id}`, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({ ...old.body, archived: true });
    expect((await tillCatalog(configId, device)).map((p) => p.name)).toEqual(['Cider']);
    expect(await tillCatalog(configId, device)).toEqual([
      ProductSchema.parse({ ...kept.body, archived: undefined }),
    ]);
    expect((await tillCatalog(configId, device))[0]).not.toHaveProperty('archived');
    expect(await managedCatalog(configId)).toEqual([kept.body, { ...old.body, archived: true }]);
    const version = await catalogVersion(configId);
    const restored = await call(server.url, 'PATCH', `/api/products/${old.body.id}`, { archived: false });
    expect(restored.body.archived).toBe(false);
    expect((await tillCatalog(configId, device)).map((p) => p.name)).toEqual(['Cider', 'Perry']);
    expect(await catalogVersion(configId)).toBe(version + 1);
  });

  it('lets a product change the case of its own name', async () => {
    const { configId } = await newRegister();
    const created = await addProduct(configId, fields({ name: 'oat milk' }));
    const answer = await call(server.url, 'PATCH', `/api/products/${created.body.id}`, { name: 'Oat Milk' });
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe('Oat Milk');
  });

  it('does not raise the version for a PATCH that changes nothing', async () => {
    const { configId } = await newRegister();
    const created = await addProduct(configId, fields({ name: 'Yogurt' }));
    const before = await catalogState(configId);
    const { id: _id, archived: _archived, ...same } = created.body;
    for (const body of [{}, same, { archived: false }]) {
      const answer = await call(server.url, 'PATCH', `/api/products/${created.body.id}`, body);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(created.body);
    }
    expect(await catalogState(configId)).toEqual(before);
  });

  it('refuses a name or barcode another product holds with 409 naming the field, and changes nothing', async () => {
    const { configId } = await newRegister();
    const milk = await addProduct(configId, fields({ name: 'Milk' }));
    const cream = await addProduct(configId, fields({ name: 'Cream' }));
    const before = await catalogState(configId);
    const byName = await call(server.url, 'PATCH', `/api/products/${cream.body.id}`, {
      name: 'MILK',
      price: 1,
    });
    expect(byName.status).toBe(409);
    expect(byName.body.error).toEqual({
      code: 'conflict',
      message: `Another product of this catalog is already named Milk (product ${milk.body.id}).`,
      field: 'name',
    });
    const byBarcode = await call(server.url, 'PATCH', `/api/products/${cream.body.id}`, {
      barcode: milk.body.barcode,
    });
    expect(byBarcode.status).toBe(409);
    expect(byBarcode.body.error).toEqual({
      code: 'conflict',
      message: `Barcode ${milk.body.barcode} is already on Milk (product ${milk.body.id}).`,
      field: 'barcode',
    });
    expect(await catalogState(configId)).toEqual(before);
  });

  it('gives one 200 and one 409 naming the name when two products take one name at once, raising the version once', async () => {
    const { configId } = await newRegister();
    const a = await addProduct(configId, fields({ name: 'Green tea' }));
    const b = await addProduct(configId, fields({ name: 'Black tea' }));
    const version = await catalogVersion(configId);
    const answers = await Promise.all([
      call(server.url, 'PATCH', `/api/products/${a.body.id}`, { name: 'Chai' }),
      call(server.url, 'PATCH', `/api/products/${b.body.id}`, { name: 'CHAI' }),
      addProduct(configId, fields({ name: 'Mint tea' })),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.error).toMatchObject({
      code: 'conflict',
      field: 'name',
    });
    expect(await catalogVersion(configId)).toBe(version + 2);
  });

  it.each([
    ['name', { name: '' }],
    ['price', { price: -1 }],
    ['taxRate', { taxRate: 10_001 }],
    ['category', { category: 'c'.repeat(61) }],
    ['barcode', { barcode: '4006381333932' }],
    ['archived', { archived: 'yes' }],
  ])(
    'refuses a bad %s (%j) with 400 validation_failed naming it, and changes nothing',
    async (field, bad) => {
      const { configId } = await newRegister();
      const created = await addProduct(configId, fields({ name: 'Tea' }));
      const before = await catalogState(configId);
      const answer = await call(server.url, 'PATCH', `/api/products/${created.body.id}`, {
        price: 5,
        ...bad,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'validation_failed',
        message: expect.stringContaining(field),
        field,
      });
      expect(await catalogState(configId)).toEqual(before);
    },
  );

  it('answers 404 not_found for an unknown product', async () => {
    for (const id of ['999999', 'abc', '-1']) {
      const answer = await call(server.url, 'PATCH', `/api/products/${id}`, { price: 1 });
      expect(answer.status).toBe(404);
      expect(answer.body.error).toEqual({ code: 'not_found', message: `No product ${id}` });
    }
  });

  it('is for the manager: a device of the config gets 403 forbidden, no token 401, and nothing changes', async () => {
    const { configId, device } = await newRegister();
    const created = await addProduct(configId, fields({ name: 'Coffee' }));
    const before = await catalogState(configId);
    const anonymous = await call(
      server.url,
      'PATCH',
      `/api/products/${created.body.id}`,
      { price: 1 },
      undefined,
      { token: null },
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    const answer = await call(
      server.url,
      'PATCH',
      `/api/products/${created.body.id}`,
      { price: 1 },
      undefined,
      {
        token: device.token,
      },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    expect(await catalogState(configId)).toEqual(before);
  });
});

describe('GET /api/configs/:id/products', () => {
  it('refuses includeArchived=1 to a device with 403 forbidden', async () => {
    const { configId, device } = await newRegister();
    const answer = await call(
      server.url,
      'GET',
      `/api/configs/${configId}/products?includeArchived=1`,
      undefined,
      undefined,
      { token: device.token },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: 'forbidden',
      message: 'Archived products are for the back office: this needs the admin token.',
    });
  });

  it('gives the admin the active products alone without the flag, and with includeArchived=0', async () => {
    const { configId } = await newRegister();
    const kept = await addProduct(configId, fields({ name: 'Jam' }));
    const old = await addProduct(configId, fields({ name: 'Honey' }));
    await call(server.url, 'PATCH', `/api/products/${old.body.id}`, { archived: true });
    for (const query of ['', '?includeArchived=0']) {
      const answer = await call(server.url, 'GET', `/api/configs/${configId}/products${query}`);
      expect(answer.body.map((p: { name: string }) => p.name)).toEqual([kept.body.name]);
    }
  });

  it('refuses an includeArchived other than 0 or 1 with 400 validation_failed', async () => {
    const { configId } = await newRegister();
    const answer = await call(server.url, 'GET', `/api/configs/${configId}/products?includeArchived=yes`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'validation_failed', field: 'includeArchived' });
  });
});

describe('open tills hear of a catalog change at once', () => {
  it("pushes the session with the new catalogVersion on the device's event stream after a POST and a PATCH", async () => {
    const { configId, device } = await newRegister();
    const opened = await call(server.url, 'POST', `/api/configs/${configId}/sessions`, { state: 'opened' });
    expect(opened.status).toBe(201);
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/sessions/${opened.body.id}/events`, {
      headers: { authorization: `Bearer ${device.token}` },
      signal: controller.signal,
    });
    try {
      const events = sessionEvents(response);
      const version = (await events.next(5_000)).catalogVersion ?? 0;
      expect(version).toBe(await catalogVersion(configId));
      const created = await addProduct(configId, fields({ name: 'Sparkling water' }));
      expect(created.status).toBe(201);
      const afterPost = await events.next(5_000);
      expect(afterPost).toMatchObject({
        id: opened.body.id,
        state: 'opened',
        catalogVersion: version + 1,
      });
      await call(server.url, 'PATCH', `/api/products/${created.body.id}`, { archived: true });
      expect((await events.next(5_000)).catalogVersion).toBe(version + 2);
    } finally {
      controller.abort();
    }
  });
});
