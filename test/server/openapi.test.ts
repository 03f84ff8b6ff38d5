import { Ajv2020 } from 'ajv/dist/2020.js';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { registeredRoutes } from '../kit/registered-routes.js';
import { API_DOCS_PATH, OPENAPI_PATH } from '../../server/openapi.js';
import {
  call,
  makeOrder,
  makeTempDir,
  newPairingCode,
  openTestDatabase,
  SEED_CONFIG_ID,
  startTestServer,
  TEST_ADMIN_TOKEN,
  uncountedMove,
  type Answer,
  type CallAs,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
let doc: OpenAPIV3_1.Document;
beforeAll(async () => {
  server = await startTestServer();
  doc = (await call<OpenAPIV3_1.Document>(server.url, 'GET', OPENAPI_PATH)).body;
});
afterAll(async () => {
  await server.stop();
});

/**
 * Routes that are not the API and so not in the document: the built till and back office
 * (@fastify/static's `/*`, `/` when nothing is built), the document itself and its page.
 */
const NOT_API = (url: string): boolean =>
  url === '/*' ||
  url === '/' ||
  url === OPENAPI_PATH ||
  url === API_DOCS_PATH ||
  url.startsWith(`${API_DOCS_PATH}/`);

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

/** The JSON schema of the answer `status` of `method template` in the document; fails when it has none. */
function answerSchema(method: string, template: string, status: number): object {
  const operation = doc.paths?.[template]?.[method.toLowerCase() as OpenAPIV3_1.HttpMethods];
  const response = operation?.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined;
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${template} has no JSON answer ${status} in the document`);
  return schema;
}

/**
 * Calls `method template` (path parameters `{id}` filled from `params`) on the test server and
 * checks its JSON answer against the document's schema for the route and the status it got.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked against the document, not typed here
async function api<T = any>(
  method: string,
  template: string,
  options: {
    params?: Record<string, string | number>;
    query?: string;
    body?: unknown;
    raw?: { text: string; contentType: string };
    as?: CallAs;
  } = {},
): Promise<Answer<T>> {
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => String(options.params?.[name]));
  const answer = await call<T>(
    server.url,
    method,
    path + (options.query ?? ''),
    options.body,
    options.raw,
    options.as,
  );
  const validate = ajv.compile(answerSchema(method, template, answer.status));
  const valid = validate(answer.body);
  expect(validate.errors ?? [], `${method} ${path} ${answer.status}: ${JSON.stringify(answer.body)}`).toEqual(
    [],
  );
  expect(valid).toBe(true);
  return answer;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the admin and device tokens as security schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components?.securitySchemes ?? {})).toEqual(
      expect.arrayContaining(['adminToken', 'deviceToken', 'deviceTokenInQuery', 'managerPin']),
    );
  });

  it('has every route the server registers, with its method, so no route goes undocumented', async () => {
    const database = await openTestDatabase();
    const dataDir = makeTempDir();
    const app = buildApp({
      db: database.db,
      staticDir: dataDir,
      version: 'test',
      adminToken: TEST_ADMIN_TOKEN,
    });
    try {
      await app.ready();
      const api = registeredRoutes(app).filter((r) => r.method !== 'HEAD' && !NOT_API(r.url));
      expect(api.length).toBeGreaterThan(15);
      const missing = api.filter(
        (r) =>
          !doc.paths?.[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase() as OpenAPIV3_1.HttpMethods],
      );
      expect(missing).toEqual([]);
      // And the other way: the document names no route the server does not have.
      const served = new Set(api.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
      const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
        Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(documented.filter((d) => !served.has(d))).toEqual([]);
    } finally {
      await app.close();
      await database.dispose();
    }
  });

  it('lists the error codes of each answer and who may call each route', () => {
    const check = doc.paths?.['/api/sessions/{id}']?.get;
    expect(check?.security).toEqual([{ deviceToken: [] }, { adminToken: [] }]);
    const notFound = check?.responses?.['404'] as OpenAPIV3_1.ResponseObject;
    expect(notFound.description).toContain('not_found');
    const unauthorized = check?.responses?.['401'] as OpenAPIV3_1.ResponseObject;
    expect(unauthorized.description).toContain('device_revoked');
    // Any route that reads a token may answer 429 once its address sent too many unknown ones.
    const limited = check?.responses?.['429'] as OpenAPIV3_1.ResponseObject;
    expect(limited.description).toContain('rate_limited');
    const scheme = doc.components?.securitySchemes?.adminToken as OpenAPIV3_1.HttpSecurityScheme;
    expect(scheme.description).toMatch(/429 rate_limited with Retry-After/);
    expect(doc.paths?.['/api/health']?.get?.security).toEqual([]);
    const csv = doc.paths?.['/api/sessions/{id}/orders.csv']?.get?.responses?.[
      '200'
    ] as OpenAPIV3_1.ResponseObject;
    expect(Object.keys(csv.content ?? {})).toEqual(['text/csv']);
  });

  it("says which order edges an upload refuses, so a client is not surprised by an order's `invalid` or a 413", () => {
    const upload = doc.paths?.['/api/orders']?.post;
    expect(upload?.description).toMatch(/24 h ahead/);
    expect(upload?.description).toMatch(/100 × its total/);
    expect(upload?.description).toMatch(/more than 500 lines/);
    expect(upload?.description).toMatch(/body over 4 MiB/);
    expect(doc.paths?.['/api/sessions/{id}/rescue']?.post?.description).toMatch(/body over 4 MiB/);
    expect(doc.info.description).toMatch(/JSON body over 1 MiB answers 413/);
    const tooLarge = upload?.responses?.['413'] as OpenAPIV3_1.ResponseObject;
    expect(tooLarge.description).toContain('payload_too_large');
  });
});

describe('the answers of a day of work match the document', () => {
  it('pair, check, sell, summarise, close, rescue, list and export: every JSON answer has its schema', async () => {
    const device = { token: server.device.token };
    expect((await api('GET', '/api/health')).status).toBe(200);
    expect((await api('GET', '/api/configs')).status).toBe(200);
    await api('PATCH', '/api/configs/{id}', {
      params: { id: SEED_CONFIG_ID },
      body: { checkSessionStateFrequency: 30 },
    });
    const created = await api('POST', '/api/configs', { body: { name: 'Second counter', currency: 'EUR' } });
    expect(created.status).toBe(201);
    const taken = await api('POST', '/api/configs', { body: { name: 'Second counter', currency: 'EUR' } });
    expect(taken.status).toBe(409);
    const copied = await api('POST', '/api/configs', {
      body: { name: 'Third counter', currency: 'EUR', copyCatalogFrom: SEED_CONFIG_ID },
    });
    expect(copied.status).toBe(201);
    const noSource = await api('POST', '/api/configs', {
      body: { name: 'Fourth counter', currency: 'EUR', copyCatalogFrom: 999 },
    });
    expect(noSource.status).toBe(404);
    const badFrequency = await api('PATCH', '/api/configs/{id}', {
      params: { id: SEED_CONFIG_ID },
      body: { checkSessionStateFrequency: 1 },
    });
    expect(badFrequency.status).toBe(400);
    expect((await api('GET', '/api/configs', { as: { token: null } })).status).toBe(401);

    const pairing = await api('POST', '/api/configs/{id}/pairing-codes', { params: { id: SEED_CONFIG_ID } });
    expect(pairing.status).toBe(201);
    const paired = await api('POST', '/api/pair', {
      body: { code: await newPairingCode(server.url, SEED_CONFIG_ID) },
      as: { token: null },
    });
    expect(paired.status).toBe(201);
    await api('GET', '/api/device', { as: device });
    await api('PATCH', '/api/devices/{id}', {
      params: { id: paired.body.deviceId },
      body: { name: 'Spare tablet' },
    });
    await api('GET', '/api/configs/{id}/devices', { params: { id: SEED_CONFIG_ID } });
    await api('GET', '/api/configs/{id}/products', { params: { id: SEED_CONFIG_ID }, as: device });
    const product = await api('POST', '/api/configs/{id}/products', {
      params: { id: SEED_CONFIG_ID },
      body: { name: 'Oat milk', price: 189, taxRate: 550, category: 'Crèmerie', barcode: '4006381333931' },
    });
    expect(product.status).toBe(201);
    const sameName = await api('POST', '/api/configs/{id}/products', {
      params: { id: SEED_CONFIG_ID },
      body: { name: 'OAT MILK', price: 189, taxRate: 550, category: 'Crèmerie' },
    });
    expect(sameName.status).toBe(409);
    const badPrice = await api('POST', '/api/configs/{id}/products', {
      params: { id: SEED_CONFIG_ID },
      body: { name: 'Rice milk', price: -1, taxRate: 550, category: 'Crèmerie' },
    });
    expect(badPrice.status).toBe(400);
    const archived = await api('PATCH', '/api/products/{id}', {
      params: { id: product.body.id },
      body: { price: 199, barcode: null, archived: true },
    });
    expect(archived.body.archived).toBe(true);
    expect((await api('PATCH', '/api/products/{id}', { params: { id: 999_999 }, body: {} })).status).toBe(
      404,
    );
    const everything = await api('GET', '/api/configs/{id}/products', {
      params: { id: SEED_CONFIG_ID },
      query: '?includeArchived=1',
    });
    expect(everything.body.some((p: { archived: boolean }) => p.archived)).toBe(true);
    expect(
      (
        await api('GET', '/api/configs/{id}/products', {
          params: { id: SEED_CONFIG_ID },
          query: '?includeArchived=1',
          as: device,
        })
      ).status,
    ).toBe(403);
    const config = await api('GET', '/api/configs/{id}', { params: { id: SEED_CONFIG_ID }, as: device });

    const sessionId = config.body.currentSessionId as number;
    await api('GET', '/api/sessions/{id}', {
      params: { id: sessionId },
      query: '?pending=2&held=0',
      as: device,
    });
    const upload = await api('POST', '/api/orders', {
      body: {
        orders: [
          makeOrder({
            sessionId,
            deviceNumber: server.device.deviceNumber,
            pay: { method: 'cash', tendered: 5_000 },
          }),
        ],
      },
      as: device,
    });
    expect(upload.body.results[0].status).toBe('accepted');
    await api('GET', '/api/sessions/{id}/orders', { params: { id: sessionId } });
    await api('GET', '/api/sessions/{id}/orders', { params: { id: sessionId }, query: '?limit=1' });
    expect(
      (await api('GET', '/api/sessions/{id}/orders', { params: { id: sessionId }, query: '?limit=0' }))
        .status,
    ).toBe(400);
    const summary = await api('GET', '/api/sessions/{id}/summary', { params: { id: sessionId } });
    expect(summary.body.orderCount).toBe(1);
    await api('GET', '/api/configs/{id}/sessions', { params: { id: SEED_CONFIG_ID } });
    await api('PATCH', '/api/sessions/{id}', {
      params: { id: sessionId },
      body: { state: 'closing_control' },
    });
    await api('PATCH', '/api/sessions/{id}', { params: { id: sessionId }, body: uncountedMove('closed') });
    const again = await api('PATCH', '/api/sessions/{id}', {
      params: { id: sessionId },
      body: { state: 'opened' },
    });
    expect(again.status).toBe(409);
    const held = makeOrder({ sessionId, deviceNumber: server.device.deviceNumber });
    const late = await api('POST', '/api/orders', { body: { orders: [held] }, as: device });
    expect(late.body.results[0].status).toBe('session_closed');
    const next = await api('POST', '/api/configs/{id}/sessions', {
      params: { id: SEED_CONFIG_ID },
      body: { state: 'opened' },
    });
    expect(next.status).toBe(201);
    const rescued = await api('POST', '/api/sessions/{id}/rescue', {
      params: { id: sessionId },
      body: { orders: [held] },
    });
    expect(rescued.body.results[0].status).toBe('accepted');
    await api('GET', '/api/sessions/{id}/summary', { params: { id: next.body.id } });
    const x = await api('GET', '/api/sessions/{id}/report', { params: { id: next.body.id }, as: device });
    expect(x.body.kind).toBe('X');
    const z = await api('GET', '/api/sessions/{id}/report', { params: { id: sessionId } });
    expect(z.body.kind).toBe('Z');
    const today = new Date().toISOString().slice(0, 10);
    await api('GET', '/api/configs/{id}/report', { params: { id: SEED_CONFIG_ID }, query: `?date=${today}` });
    const badDay = await api('GET', '/api/configs/{id}/report', {
      params: { id: SEED_CONFIG_ID },
      query: '?date=2026-02-30',
    });
    expect(badDay.status).toBe(400);
    expect((await api('GET', '/api/sessions/{id}', { params: { id: 'abc' } })).status).toBe(404);
    await api('POST', '/api/devices/{id}/revoke', { params: { id: paired.body.deviceId } });

    const csv = await fetch(`${server.url}/api/sessions/${sessionId}/orders.csv`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
  });
});

describe('the catalog CSV routes match the document', () => {
  it('the import takes text/csv; its counts and its 422 with the bad lines have their schemas', async () => {
    const operation = doc.paths?.['/api/configs/{id}/products/import']?.post;
    const body = operation?.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
    expect(Object.keys(body?.content ?? {})).toEqual(['text/csv']);
    const exported = doc.paths?.['/api/configs/{id}/products.csv']?.get?.responses?.[
      '200'
    ] as OpenAPIV3_1.ResponseObject;
    expect(Object.keys(exported.content ?? {})).toEqual(['text/csv']);
    const file = (rows: string) => ({
      text: `name,price,tax_rate,category,barcode\n${rows}`,
      contentType: 'text/csv',
    });
    const params = { id: SEED_CONFIG_ID };
    const counted = await api('POST', '/api/configs/{id}/products/import', {
      params,
      query: '?dryRun=1',
      raw: file('Doc apple,1.00,5.5,Fruit,\n'),
    });
    expect(counted.body).toEqual({ created: 1, updated: 0, unchanged: 0, dryRun: true });
    const refused = await api('POST', '/api/configs/{id}/products/import', {
      params,
      raw: file('Doc apple,-1,5.5,Fruit,\n'),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([
      { line: 2, column: 'price', reason: 'price', message: 'a price cannot be negative' },
    ]);
  });
});
