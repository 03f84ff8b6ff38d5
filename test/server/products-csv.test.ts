import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MAX_PRODUCTS_CSV_BYTES, MAX_PRODUCTS_CSV_ROWS } from '../../src/domain/api/products-csv.js';
import type { CsvProblemReason } from '../../src/domain/pos-error.js';
import { inStoreEan13 } from '../../server/db/ean13.js';
import { sessionEvents } from '../kit/session-events.js';
import { waitFor } from '../kit/wait-for.js';
import { SEED_CATALOG } from '../../server/db/seed-catalog.js';
import {
  call,
  freshSession,
  SEED_CONFIG_ID,
  TEST_ADMIN_TOKEN,
  TEST_ENGINE,
  useTestServer,
  type Answer,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

const HEADER = 'name,price,tax_rate,category,barcode';
/** A change must reach an open event stream within this (as the session closures do, DESIGN.md). */
const PUSH_BUDGET_MS = 1_000;
const EXPORT_HEADER = `${HEADER},archived`;

let configs = 0;
/** A new POS config with an empty catalog (EUR unless said), for a test of its own. */
async function newConfig(currency = 'EUR'): Promise<number> {
  configs += 1;
  const made = await call<{ id: number }>(server.url, 'POST', '/api/configs', {
    name: `CSV counter ${configs}`,
    currency,
  });
  expect(made.status).toBe(201);
  return made.body.id;
}

/** POSTs `text` as the import of config `configId` (as the admin unless `token` says). */
async function importCsv(
  configId: number,
  text: string,
  options: { dryRun?: boolean; contentType?: string; token?: string | null } = {},
): Promise<Answer> {
  return call(
    server.url,
    'POST',
    `/api/configs/${configId}/products/import${options.dryRun ? '?dryRun=1' : ''}`,
    undefined,
    { text, contentType: options.contentType ?? 'text/csv' },
    options.token === undefined ? {} : { token: options.token },
  );
}

/** The export of config `configId` as text, without its byte order mark (checked to be there). */
async function exportCsv(configId: number): Promise<string> {
  const response = await fetch(`${server.url}/api/configs/${configId}/products.csv`, {
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes.slice(3));
}

/** What is stored of config `configId`'s catalog: its products in id order and its catalog version. */
async function stored(configId: number): Promise<{ version: number; products: unknown[] }> {
  const { db } = server.database;
  const config = await db
    .selectFrom('configs')
    .select('catalog_version')
    .where('id', '=', configId)
    .executeTakeFirstOrThrow();
  const products = await db
    .selectFrom('products')
    .select(['id', 'name', 'price', 'tax_rate', 'category', 'barcode', 'archived'])
    .where('config_id', '=', configId)
    .orderBy('id')
    .execute();
  return { version: Number(config.catalog_version), products };
}

describe('the catalog export (GET /api/configs/:id/products.csv)', () => {
  it('gives the demo catalog with prices in euros and tax rates in percent, one row per product', async () => {
    const lines = (await exportCsv(SEED_CONFIG_ID)).split('\r\n');
    expect(lines[0]).toBe(EXPORT_HEADER);
    expect(lines).toHaveLength(SEED_CATALOG.length + 2); // the header and a final line break
    // The demo's products carry in-store barcodes (seed.ts), numbered in seed order.
    const beer = SEED_CATALOG.findIndex((p) => p.name.startsWith('Bière blonde'));
    expect(lines).toContain(`Pommes Golden 1 kg,2.99,5.5,Fruits et légumes,${inStoreEan13(1)},0`);
    expect(lines).toContain(`Bière blonde 6 x 25 cl,5.49,20,Boissons,${inStoreEan13(beer + 1)},0`);
  });

  it('writes 2.50 and 5.5, barcodes, archived products, and guards a formula-like name with a quote', async () => {
    const configId = await newConfig();
    await server.database.db
      .insertInto('products')
      .values([
        {
          config_id: configId,
          name: '=HYPERLINK("http://x","y")',
          price: 250,
          tax_rate: 550,
          category: 'A',
          barcode: null,
          archived: 0,
        },
        {
          config_id: configId,
          name: 'Old, "stock"',
          price: 5,
          tax_rate: 2000,
          category: 'B',
          barcode: '4006381333931',
          archived: 1,
        },
      ])
      .execute();
    expect(await exportCsv(configId)).toBe(
      `${EXPORT_HEADER}\r\n"'=HYPERLINK(""http://x"",""y"")",2.50,5.5,A,,0\r\n` +
        `"Old, ""stock""",0.05,20,B,4006381333931,1\r\n`,
    );
    // The guard's quote is the export's own: the file imports back as the same products.
    expect((await importCsv(configId, await exportCsv(configId))).body).toMatchObject({ unchanged: 2 });
  });

  it('answers 404 for an unknown config, 401 without a token and 403 to a tablet', async () => {
    expect((await call(server.url, 'GET', '/api/configs/99999/products.csv')).status).toBe(404);
    const path = `/api/configs/${SEED_CONFIG_ID}/products.csv`;
    expect((await call(server.url, 'GET', path, undefined, undefined, { token: null })).status).toBe(401);
    expect(
      (await call(server.url, 'GET', path, undefined, undefined, { token: server.device.token })).status,
    ).toBe(403);
  });
});

describe('a catalog import (POST /api/configs/:id/products/import)', () => {
  it('creates, updates and leaves unchanged, raising the catalog version once; the same file again changes nothing', async () => {
    const configId = await newConfig();
    const before = await stored(configId);
    const first = await importCsv(
      configId,
      `${HEADER}\nApple,1.00,5.5,Fruit,4006381333931\nPear,1.20,5.5,Fruit,\nSoap,3,20,Home,\n`,
    );
    expect(first).toMatchObject({
      status: 200,
      body: { created: 3, updated: 0, unchanged: 0, dryRun: false },
    });
    expect((await stored(configId)).version).toBe(before.version + 1);

    // Apple renamed (matched by barcode), Pear kept, Soap archived, Milk new.
    const second = `${EXPORT_HEADER}\nGreen apple,1.00,5.5,Fruit,4006381333931,0\npear,1.20,5.5,Fruit,,\nSoap,3.00,20,Home,,1\nMilk,0.99,5.5,Dairy,,\n`;
    expect((await importCsv(configId, second)).body).toEqual({
      created: 1,
      updated: 3,
      unchanged: 0,
      dryRun: false,
    });
    const after = await stored(configId);
    expect(after.version).toBe(before.version + 2);
    expect(await exportCsv(configId)).toBe(
      `${EXPORT_HEADER}\r\nMilk,0.99,5.5,Dairy,,0\r\nGreen apple,1.00,5.5,Fruit,4006381333931,0\r\n` +
        'pear,1.20,5.5,Fruit,,0\r\nSoap,3.00,20,Home,,1\r\n',
    );

    expect((await importCsv(configId, second)).body).toEqual({
      created: 0,
      updated: 0,
      unchanged: 4,
      dryRun: false,
    });
    expect(await stored(configId), 'the same file again: not a row, not the version').toEqual(after);
  });

  it('an empty barcode cell removes the barcode, archived 0 restores, and each product keeps its id', async () => {
    const configId = await newConfig();
    await importCsv(
      configId,
      `${EXPORT_HEADER}\nApple,1,5.5,Fruit,4006381333931,1\nPear,1,5.5,Fruit,96385074,0\n`,
    );
    const before = await stored(configId);
    const answer = await importCsv(
      configId,
      `${EXPORT_HEADER}\nApple,1,5.5,Fruit,,0\nPear,1,5.5,Fruit,73513537,0\n`,
    );
    expect(answer.body).toEqual({ created: 0, updated: 2, unchanged: 0, dryRun: false });
    expect((await stored(configId)).products).toEqual([
      { ...(before.products[0] as object), barcode: null, archived: 0 },
      { ...(before.products[1] as object), barcode: '73513537' },
    ]);
  });

  it('a dry run counts what the file would do and writes nothing', async () => {
    const configId = await newConfig();
    await importCsv(configId, `${HEADER}\nApple,1,5.5,Fruit,\n`);
    const before = await stored(configId);
    const answer = await importCsv(configId, `${HEADER}\nApple,2,5.5,Fruit,\nPear,1,5.5,Fruit,\n`, {
      dryRun: true,
    });
    expect(answer).toMatchObject({
      status: 200,
      body: { created: 1, updated: 1, unchanged: 0, dryRun: true },
    });
    expect(await stored(configId)).toEqual(before);
  });

  it('the export of the demo catalog imports back as unchanged; an edited copy reaches the open tills at once', async () => {
    const session = await freshSession(server.url);
    const abort = new AbortController();
    const stream = sessionEvents(
      await fetch(`${server.url}/api/sessions/${session.id}/events?access_token=${server.device.token}`, {
        signal: abort.signal,
      }),
    );
    await stream.next(PUSH_BUDGET_MS);
    const exported = await exportCsv(SEED_CONFIG_ID);
    const before = await stored(SEED_CONFIG_ID);
    expect((await importCsv(SEED_CONFIG_ID, `\uFEFF${exported}`)).body).toEqual({
      created: 0,
      updated: 0,
      unchanged: SEED_CATALOG.length,
      dryRun: false,
    });
    expect(await stored(SEED_CONFIG_ID)).toEqual(before);

    const edited = exported.replace('Pommes Golden 1 kg,2.99,', 'Pommes Golden 1 kg,3.09,');
    expect((await importCsv(SEED_CONFIG_ID, edited)).body).toMatchObject({ updated: 1 });
    // Pushed on the event stream, not only answered at the next scheduled check.
    expect((await stream.next(PUSH_BUDGET_MS)).catalogVersion).toBe(before.version + 1);
    const check = await call(server.url, 'GET', `/api/sessions/${session.id}`);
    expect(check.body.catalogVersion).toBe(before.version + 1);
    abort.abort();
  });

  it('reads a French spreadsheet: byte order mark, semicolons, decimal commas, quoted separators and line breaks', async () => {
    const configId = await newConfig();
    const text =
      '\uFEFFname;price;tax_rate;category;barcode\r\n"Pain; complet";2,50;5,5;"Boulangerie\r\n";\r\n';
    // A quoted line break inside the category is trimmed away; the name keeps its semicolon.
    expect((await importCsv(configId, text)).body).toMatchObject({ created: 1 });
    expect((await stored(configId)).products).toEqual([
      expect.objectContaining({ name: 'Pain; complet', price: 250, tax_rate: 550, category: 'Boulangerie' }),
    ]);
  });

  it('reads an unquoted decimal comma in a semicolon file as the decimals, not a separator: 2,50 is 250', async () => {
    const configId = await newConfig();
    const answer = await importCsv(
      configId,
      'name;price;tax_rate;category;barcode\nBaguette;2,50;5,5;Pain;\n',
    );
    expect(answer.body).toEqual({ created: 1, updated: 0, unchanged: 0, dryRun: false });
    expect((await stored(configId)).products).toEqual([
      expect.objectContaining({ name: 'Baguette', price: 250, tax_rate: 550 }),
    ]);
  });

  it('imports a name typed on two lines of a spreadsheet cell as one line, and the dry run counts it', async () => {
    const configId = await newConfig();
    const text = `${HEADER}\r\n"Pain\r\ncomplet",2.50,5.5,"Boulangerie\n artisanale",\r\nLait,1,5.5,x,\r\n`;
    expect((await importCsv(configId, text, { dryRun: true })).body).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      dryRun: true,
    });
    expect((await importCsv(configId, text)).body).toMatchObject({ created: 2 });
    expect((await stored(configId)).products).toEqual([
      expect.objectContaining({ name: 'Pain complet', category: 'Boulangerie artisanale' }),
      expect.objectContaining({ name: 'Lait' }),
    ]);
    // Read again, the stored one-line name is the same product.
    expect((await importCsv(configId, text)).body).toMatchObject({ unchanged: 2 });
  });

  const EDGE_CASES: {
    what: string;
    text: string;
    line: number;
    column: string;
    reason: CsvProblemReason;
    otherLine?: number;
  }[] = [
    {
      what: 'a byte order mark does not shift the lines',
      text: `\uFEFF${HEADER}\nA,1,1,x,\nB,-1,1,x,\n`,
      line: 3,
      column: 'price',
      reason: 'price',
    },
    {
      what: 'semicolons',
      text: 'name;price;tax_rate;category;barcode\nA;1;1;x;\nB;1;1;;\n',
      line: 3,
      column: 'category',
      reason: 'category',
    },
    {
      what: 'a decimal comma with too many decimals',
      text: `${HEADER}\nA,"2,505",1,x,\n`,
      line: 2,
      column: 'price',
      reason: 'price',
    },
    {
      what: 'the row after a quoted line break (row 4 as a spreadsheet shows it, line 5 of the text)',
      text: `${HEADER}\nA,1,1,"x, y",\nB,1,1,"x\n",\nC,1,1,x,4006381333932\n`,
      line: 4,
      column: 'barcode',
      reason: 'barcode',
    },
    {
      what: 'a duplicate barcode in the file',
      text: `${HEADER}\nA,1,1,x,96385074\nB,1,1,x,96385074\n`,
      line: 3,
      column: 'barcode',
      reason: 'duplicate_in_file',
      otherLine: 2,
    },
    {
      what: 'a name twice in the file (names compare without case)',
      text: `${HEADER}\nApple,1,1,x,\napple,2,1,x,\n`,
      line: 3,
      column: 'name',
      reason: 'duplicate_in_file',
      otherLine: 2,
    },
    {
      what: 'a bad check digit',
      text: `${HEADER}\nA,1,1,x,4006381333932\n`,
      line: 2,
      column: 'barcode',
      reason: 'barcode',
    },
    {
      what: 'a negative price',
      text: `${HEADER}\nA,-2.50,1,x,\n`,
      line: 2,
      column: 'price',
      reason: 'price',
    },
    {
      what: 'a missing column',
      text: 'name,price,tax_rate,category\nA,1,1,x\n',
      line: 1,
      column: 'barcode',
      reason: 'header',
    },
    {
      what: 'a wrong header',
      text: 'product,cost,vat,group,ean\nA,1,1,x,\n',
      line: 1,
      column: 'product',
      reason: 'header',
    },
    { what: 'an empty file', text: '', line: 1, column: '', reason: 'empty_file' },
    {
      what: 'a quote never closed',
      text: `${HEADER}\nA,1,1,x,\n"B,1,1,x,\nC,1,1,x,\n`,
      line: 3,
      column: '',
      reason: 'unreadable',
    },
    {
      what: 'a row with fewer values than columns',
      text: `${HEADER}\nA,1,1\n`,
      line: 2,
      column: 'category',
      reason: 'values_count',
    },
  ];

  for (const { what, text, line, column, reason, otherLine } of EDGE_CASES)
    it(`refuses ${what} with 422 invalid_csv on line ${line}, column "${column}", reason ${reason}, and writes nothing`, async () => {
      const configId = await newConfig();
      await importCsv(configId, `${HEADER}\nKept,1,1,x,\n`);
      const before = await stored(configId);
      const answer = await importCsv(configId, text);
      expect(answer.status).toBe(422);
      expect(answer.body.error.code).toBe('invalid_csv');
      expect(answer.body.error.message).toMatch(/Nothing was changed/);
      expect(answer.body.error.details).toEqual([
        {
          line,
          column,
          reason,
          ...(otherLine === undefined ? {} : { otherLine }),
          message: expect.any(String),
        },
      ]);
      expect(await stored(configId)).toEqual(before);
    });

  it('lists every bad row, the first 100 of them, and says how many there are', async () => {
    const configId = await newConfig();
    const bad = Array.from({ length: 150 }, (_, i) => `P${i},-1,1,x,`).join('\n');
    const answer = await importCsv(configId, `${HEADER}\nGood,1,1,x,\n${bad}\n`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(
      /150 problems in 150 rows \(those of the first 100 bad rows are listed\)/,
    );
    expect(answer.body.error.details).toHaveLength(100);
    expect(answer.body.error.details[0]).toEqual({
      line: 3,
      column: 'price',
      reason: 'price',
      message: 'a price cannot be negative',
    });
    expect((await stored(configId)).products).toEqual([]);
  });

  it('counts rows, not problems, against the 100: every problem of the first 100 bad rows is listed', async () => {
    const configId = await newConfig();
    const bad = (n: number) => Array.from({ length: n }, (_, i) => `P${i},-1,1,,`).join('\n');
    const sixty = await importCsv(configId, `${HEADER}\n${bad(60)}\n`);
    expect(sixty.body.error.message).toMatch(/^The file was not imported: 120 problems in 60 rows\. /);
    expect(sixty.body.error.details).toHaveLength(120);
    expect(new Set(sixty.body.error.details.map((p: { line: number }) => p.line)).size).toBe(60);

    const many = await importCsv(configId, `${HEADER}\n${bad(150)}\n`);
    expect(many.body.error.message).toMatch(
      /300 problems in 150 rows \(those of the first 100 bad rows are listed\)/,
    );
    expect(many.body.error.details).toHaveLength(200);
    expect(many.body.error.details.at(-1)).toMatchObject({ line: 101, column: 'category' });
  });

  it('lists the rows that conflict with the catalog beside the rows that are bad in themselves, in file order', async () => {
    const configId = await newConfig();
    await importCsv(configId, `${HEADER}\nApple,1,1,x,4006381333931\nPear,1,1,x,96385074\nFig,1,1,x,\n`);
    const before = await stored(configId);
    // Row 2: the barcode of Pear with the name of Fig; row 5: Apple again, renamed on row 4.
    const text =
      `${HEADER}\nFig,1,1,x,96385074\nPlum,-1,1,x,\nRed apple,1,1,x,4006381333931\n` +
      'apple,2,1,x,\nQuince,1,1,x,\n';
    for (const dryRun of [true, false]) {
      const answer = await importCsv(configId, text, { dryRun });
      expect(answer.status).toBe(422);
      expect(answer.body.error.details).toEqual([
        {
          line: 2,
          column: 'name',
          reason: 'conflict_in_catalog',
          message: expect.stringMatching(/"Pear".*"Fig"/),
        },
        { line: 3, column: 'price', reason: 'price', message: 'a price cannot be negative' },
        {
          line: 5,
          column: 'name',
          reason: 'same_product_twice',
          otherLine: 4,
          message: 'line 4 already is the product "Apple"',
        },
      ]);
    }
    expect(await stored(configId)).toEqual(before);
  });

  it("refuses a row whose barcode is one product's and whose name is another's", async () => {
    const configId = await newConfig();
    await importCsv(configId, `${HEADER}\nApple,1,1,x,4006381333931\nPear,1,1,x,\n`);
    const before = await stored(configId);
    const answer = await importCsv(configId, `${HEADER}\nPlum,1,1,x,\nPear,1,1,x,4006381333931\n`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([
      {
        line: 3,
        column: 'name',
        reason: 'conflict_in_catalog',
        message: expect.stringMatching(/"Apple".*"Pear"/),
      },
    ]);
    expect(await stored(configId)).toEqual(before);
  });

  it('refuses a file that is not UTF-8 (a Windows-1252 export) on the row of its first foreign byte', async () => {
    const configId = await newConfig();
    // Row 3 as a spreadsheet shows it, though the quoted line break puts it on the text's line 4.
    const latin1 = Buffer.from(`${HEADER}\n"Pain\ncomplet",1,1,x,\nCr\xe8me,1,1,x,\n`, 'latin1');
    const response = await fetch(`${server.url}/api/configs/${configId}/products/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      body: latin1,
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; details: unknown } };
    expect(body.error.code).toBe('invalid_csv');
    expect(body.error.details).toEqual([
      { line: 3, column: '', reason: 'not_utf8', message: expect.stringMatching(/not UTF-8/) },
    ]);
    expect((await stored(configId)).products).toEqual([]);
  });

  it(`answers 413 over ${MAX_PRODUCTS_CSV_BYTES} bytes or ${MAX_PRODUCTS_CSV_ROWS} rows, and writes nothing`, async () => {
    const configId = await newConfig();
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `P${i},1,1,x,`).join('\n');
    const tooMany = await importCsv(configId, `${HEADER}\n${rows(MAX_PRODUCTS_CSV_ROWS + 1)}\n`);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.code).toBe('payload_too_large');
    const padding = 'x'.repeat(MAX_PRODUCTS_CSV_BYTES);
    const tooBig = await importCsv(configId, `${HEADER}\nA,1,1,${padding},\n`);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    expect((await stored(configId)).products).toEqual([]);
  });

  it("takes a file just under 5 MiB (the limit is the import's, not the JSON routes' 1 MiB)", async () => {
    const configId = await newConfig();
    const padding = 'x'.repeat(MAX_PRODUCTS_CSV_BYTES - 1000);
    const answer = await importCsv(configId, `${HEADER}\nA,1,1,x,\n#${padding},1,1,x,\n`);
    // The long name is refused by its rule, not by the size of the body.
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([
      { line: 3, column: 'name', reason: 'name', message: 'type 1 to 120 characters on one line' },
    ]);
  });

  it('is for the admin only, of a config that exists, with a text/csv body', async () => {
    const text = `${HEADER}\nA,1,1,x,\n`;
    expect((await importCsv(SEED_CONFIG_ID, text, { token: null })).status).toBe(401);
    expect((await importCsv(SEED_CONFIG_ID, text, { token: server.device.token })).status).toBe(403);
    expect((await importCsv(99999, text)).status).toBe(404);
    const json = await importCsv(SEED_CONFIG_ID, JSON.stringify({ text }), {
      contentType: 'application/json',
    });
    expect(json.status).toBe(415);
    expect((await importCsv(SEED_CONFIG_ID, text, { contentType: 'text/plain' })).status).toBe(415);
    const query = await call(
      server.url,
      'POST',
      `/api/configs/${SEED_CONFIG_ID}/products/import?dryRun=yes`,
      undefined,
      {
        text,
        contentType: 'text/csv; charset=utf-8',
      },
    );
    expect(query.status).toBe(400);
    expect(query.body.error.field).toBe('dryRun');
  });

  // SQLite writes one transaction at a time: the race needs PostgreSQL's concurrent writers.
  it.skipIf(TEST_ENGINE !== 'postgres')(
    'answers 409 conflict, writing nothing, when another request takes a name of the file at the same moment',
    async () => {
      const configId = await newConfig();
      const before = await stored(configId);
      const { db } = server.database;
      let importing: Promise<Answer> | undefined;
      await db.transaction().execute(async (trx) => {
        // Another request adds "Apple" and has not committed yet: the import cannot see it.
        await trx
          .insertInto('products')
          .values({
            config_id: configId,
            name: 'Apple',
            price: 1,
            tax_rate: 1,
            category: 'x',
            barcode: null,
            archived: 0,
          })
          .execute();
        importing = importCsv(configId, `${HEADER}\nApple,1,1,x,\n`);
        // The import's insert waits on the other request's "Apple" in the unique index.
        await waitFor('the import waiting on the uncommitted product', async () => {
          const { rows } = await sql<{ waiting: number }>`
            select count(*)::int as waiting from pg_stat_activity
            where wait_event_type = 'Lock' and query ilike 'insert into "products"%'`.execute(db);
          return (rows[0]?.waiting ?? 0) > 0;
        });
      });
      const answer = await importing;
      expect(answer?.status).toBe(409);
      expect(answer?.body.error.code).toBe('conflict');
      const after = await stored(configId);
      expect(after.version).toBe(before.version);
      expect(after.products).toEqual([expect.objectContaining({ name: 'Apple', price: 1 })]);
    },
  );
});
