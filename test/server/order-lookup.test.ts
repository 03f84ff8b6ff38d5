import { describe, expect, it } from 'vitest';
import { OrderLookupSchema } from '../../src/domain/api/orders.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import {
  call,
  freshSession,
  makeOrder,
  makeRefund,
  pairDevice,
  SEED_CONFIG_ID,
  statuses,
  uploadOrders,
  useTestServer,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

const lookUp = (reference: string, token?: string | null) =>
  call(
    server.url,
    'GET',
    `/api/orders/by-reference/${encodeURIComponent(reference)}`,
    undefined,
    undefined,
    token === undefined ? {} : { token },
  );

describe('GET /api/orders/by-reference/:reference', () => {
  it('answers an earlier session’s sale with what a partial refund took back, so another tablet never offers it again', async () => {
    const earlier = await freshSession(server.url);
    const sale = makeOrder({
      sessionId: earlier.id,
      items: [
        { index: 0, quantity: 3 },
        { index: 9, quantity: 1 },
      ],
    });
    expect(statuses(await uploadOrders(server.url, [sale]))).toEqual(['accepted']);
    const session = await freshSession(server.url);
    const refund = makeRefund({ sessionId: session.id, of: sale, back: [{ line: 0, quantity: 2 }] });
    expect(statuses(await uploadOrders(server.url, [refund]))).toEqual(['accepted']);
    const tablet = await pairDevice(server.url, SEED_CONFIG_ID);

    const answer = await lookUp(sale.reference, tablet.token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const found = OrderLookupSchema.parse(answer.body);
    expect(found.order).toEqual(sale);
    const first = sale.lines[0] as PosOrder['lines'][number];
    expect(found.refunded).toEqual([
      {
        productId: first.productId,
        unitPrice: first.unitPrice,
        discount: first.discount,
        taxRate: first.taxRate,
        quantity: 2,
      },
    ]);
    expect(found.refunds).toEqual([refund.uuid.toLowerCase()]);
    // The manager sees it too.
    expect((await lookUp(sale.reference)).status).toBe(200);
  });

  it('answers a sale never refunded with nothing refunded (not a missing field the till would misread)', async () => {
    const session = await freshSession(server.url);
    const sale = makeOrder({ sessionId: session.id });
    expect(statuses(await uploadOrders(server.url, [sale]))).toEqual(['accepted']);
    const found = OrderLookupSchema.parse((await lookUp(sale.reference)).body);
    expect(found.refunded).toEqual([]);
    expect(found.refunds).toEqual([]);
  });

  it('answers 404 not_found to a device of another config: a tablet learns nothing of another register’s orders', async () => {
    const session = await freshSession(server.url);
    const sale = makeOrder({ sessionId: session.id });
    expect(statuses(await uploadOrders(server.url, [sale]))).toEqual(['accepted']);
    const made = await call(server.url, 'POST', '/api/configs', { name: 'Lookup terrace', currency: 'EUR' });
    expect(made.status).toBe(201);
    const stranger = await pairDevice(server.url, made.body.id as number);
    const answer = await lookUp(sale.reference, stranger.token);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers 404 not_found for a well-formed reference no order has', async () => {
    const answer = await lookUp('99999-999-9999');
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it.each(['abc', '1-1-1', '00001-001-0001x', `${'1'.repeat(40)}-001-0001`, '00001_001_0001'])(
    'answers 400 validation_failed for the malformed reference %s, never a 404 or a 500',
    async (reference) => {
      const answer = await lookUp(reference);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    },
  );

  it('answers 401 unauthorized without a token, not the order', async () => {
    const session = await freshSession(server.url);
    const sale = makeOrder({ sessionId: session.id });
    expect(statuses(await uploadOrders(server.url, [sale]))).toEqual(['accepted']);
    const answer = await lookUp(sale.reference, null);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
    expect(JSON.stringify(answer.body)).not.toContain(sale.uuid);
  });
});
