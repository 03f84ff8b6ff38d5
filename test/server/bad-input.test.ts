import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/pos-error.js';
import { call, useTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

/** Bodies that are not what any route wants. */
const JUNK_BODIES: unknown[] = [
  null,
  0,
  'text',
  [],
  {},
  { orders: null },
  { state: {} },
  { configId: [] },
  { __proto__: { x: 1 } },
];

/** Raw payloads: broken JSON, wrong or missing content type, prototype poisoning. */
const RAW: { text: string; contentType?: string }[] = [
  { text: '{', contentType: 'application/json' },
  { text: '', contentType: 'application/json' },
  { text: '{"a":1}', contentType: 'text/plain' },
  { text: 'a=1', contentType: 'application/x-www-form-urlencoded' },
  { text: '{"__proto__": {"polluted": true}}', contentType: 'application/json' },
  { text: '{"orders": [1]}' },
  { text: '\u0000\u0001', contentType: 'application/json; charset=latin1' },
];

const WRITES: [string, string][] = [
  ['POST', '/api/orders'],
  ['POST', '/api/devices'],
  ['POST', '/api/configs/1/sessions'],
  ['PATCH', '/api/configs/1'],
  ['PATCH', '/api/sessions/1'],
  ['POST', '/api/sessions/1/rescue'],
];

const READS = [
  '/api/configs/abc',
  '/api/configs/99999999999999999999',
  '/api/configs/1e3/products',
  '/api/sessions/-1',
  '/api/sessions/1?pending=%00',
  '/api/sessions/1?held=1e3',
  `/api/sessions/${'9'.repeat(150)}`,
  '/api/sessions/%E0%A4%A/orders',
  '/api/sessions/0/events',
  '/api/nothing/here',
];

function expectErrorBody(body: unknown): void {
  const code = (body as { error?: { code?: unknown } }).error?.code;
  expect(ERROR_CODES).toContain(code);
}

describe('no bad input is ever answered with a 500', () => {
  it.each(WRITES)('%s %s with junk JSON bodies answers 4xx {error}', async (method, path) => {
    for (const body of JUNK_BODIES) {
      const answer = await call(server.url, method, path, body);
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      if (answer.status >= 400) expectErrorBody(answer.body);
    }
  });

  it.each(WRITES)('%s %s with raw payloads answers 4xx {error}', async (method, path) => {
    for (const raw of RAW) {
      const answer = await call(server.url, method, path, undefined, raw);
      expect(answer.status, `${method} ${path} ${JSON.stringify(raw)}`).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expectErrorBody(answer.body);
    }
  });

  it.each(READS)('GET %s answers 4xx {error}', async (path) => {
    const answer = await call(server.url, 'GET', path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expectErrorBody(answer.body);
  });

  it('answers 404 not_found to an unknown /api route for any method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const answer = await call(server.url, method, '/api/unknown', method === 'GET' ? undefined : {});
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });

  it("answers a URL over Node's 16 KB header limit with 431 in the API's error shape, not Fastify's own body", async () => {
    const answer = await call(server.url, 'GET', `/api/sessions/${'x'.repeat(20_000)}`);
    expect(answer.status).toBe(431);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(answer.body as object)).toEqual(['error']);
    expect(answer.body.error.code).toBe('bad_request');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 415 to a body without a content type', async () => {
    const answer = await call(server.url, 'POST', '/api/orders', undefined, { text: '{"orders":[]}' });
    expect(answer.status).toBeLessThan(500);
    expect([400, 415]).toContain(answer.status);
  });
});
