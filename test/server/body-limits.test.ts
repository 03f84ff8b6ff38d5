import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_ORDERS_BODY_BYTES } from '../../server/body-limits.js';
import { MAX_CASH_REASON_LENGTH, MAX_CASH_MOVES_PER_UPLOAD, type CashMove } from '../../src/domain/cash.js';
import { MAX_ORDERS_PER_UPLOAD } from '../../src/domain/pos-order.js';
import {
  call,
  CATALOG,
  freshSession,
  makeOrder,
  SEED_CONFIG_ID,
  uploadOrders,
  useTestServer,
  type TestServer,
} from './fixtures.js';

// Request bodies (server/body-limits.ts): 1 MiB on every route, 4 MiB where orders come in (a
// full batch can pass 1 MiB), 5 MiB for the catalog CSV (products-csv.test.ts). Over its limit a
// body answers 413 payload_too_large in the API's error shape, before it is read.

let server: TestServer;
useTestServer((s) => (server = s));

/** A JSON body of exactly `bytes` bytes: one padded field. */
const bodyOf = (bytes: number) => `{"pad":"${'x'.repeat(bytes - '{"pad":""}'.length)}"}`;

async function send(method: string, path: string, bytes: number, token?: string) {
  return call(
    server.url,
    method,
    path,
    undefined,
    { text: bodyOf(bytes), contentType: 'application/json' },
    {
      ...(token ? { token } : {}),
    },
  );
}

describe('request bodies over 1 MiB', () => {
  it.each([
    ['PATCH', `/api/configs/${SEED_CONFIG_ID}`],
    ['POST', '/api/configs'],
    ['POST', `/api/configs/${SEED_CONFIG_ID}/products`],
    ['POST', '/api/pair'],
    ['POST', '/api/cash-moves'],
    ['PATCH', '/api/sessions/1'],
  ])(
    '%s %s answers 413 payload_too_large for a body one byte over 1 MiB, and reads one of 1 MiB',
    async (method, path) => {
      const over = await send(method, path, MAX_BODY_BYTES + 1);
      expect(over.status).toBe(413);
      expect(over.body).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
      const at = await send(method, path, MAX_BODY_BYTES);
      expect(at.status).not.toBe(413);
      expect(at.body.error.code).not.toBe('payload_too_large');
    },
  );

  it(`takes ${MAX_CASH_MOVES_PER_UPLOAD} cash moves with the longest reason in 1 MiB: cash moves need no limit of their own`, () => {
    const move: CashMove = {
      uuid: randomUUID(),
      sessionId: 99999,
      deviceNumber: 999,
      amount: -10_000_000_000,
      reason: '€'.repeat(MAX_CASH_REASON_LENGTH),
      createdAt: new Date().toISOString(),
    };
    const bytes = Buffer.byteLength(
      JSON.stringify({ moves: Array.from({ length: MAX_CASH_MOVES_PER_UPLOAD }, () => move) }),
    );
    expect(bytes).toBeLessThan(MAX_BODY_BYTES / 2);
  });
});

describe('uploads of orders', () => {
  it(`accept a full batch of ${MAX_ORDERS_PER_UPLOAD} orders of 20 lines, over 1 MiB (a busy shop's baskets), and refuse one over 4 MiB with 413`, async () => {
    const session = await freshSession(server.url);
    const items = Array.from({ length: 20 }, (_, i) => ({
      index: (i * 7) % CATALOG.length,
      quantity: 1 + (i % 3),
    }));
    const orders = Array.from({ length: MAX_ORDERS_PER_UPLOAD }, () =>
      makeOrder({ sessionId: session.id, items, pay: { method: 'cash' } }),
    );
    const bytes = Buffer.byteLength(JSON.stringify({ orders }));
    expect(bytes).toBeGreaterThan(MAX_BODY_BYTES);
    expect(bytes).toBeLessThan(MAX_ORDERS_BODY_BYTES / 2);
    const results = await uploadOrders(server.url, orders);
    expect(results.map((r) => r.status)).toEqual(orders.map(() => 'accepted'));
    const over = await send('POST', '/api/orders', MAX_ORDERS_BODY_BYTES + 1, server.device.token);
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('payload_too_large');
  });

  it('a rescue, which carries orders too, reads a body over 1 MiB and refuses one over 4 MiB with 413', async () => {
    const read = await send('POST', '/api/sessions/1/rescue', MAX_BODY_BYTES * 2);
    expect(read.status).toBe(400);
    expect(read.body.error.code).toBe('validation_failed');
    const over = await send('POST', '/api/sessions/1/rescue', MAX_ORDERS_BODY_BYTES + 1);
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('payload_too_large');
  });
});
