import { describe, expect, it } from 'vitest';
import { cartTotals } from '../../src/domain/order-totals.js';
import { MAX_LINE_NAME_LENGTH, OrdersUploadResultSchema, type PosOrder } from '../../src/domain/pos-order.js';
import { call, freshSession, makeOrder, useTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

async function uploadOne(order: unknown) {
  const answer = await call(server.url, 'POST', '/api/orders', { orders: [order] });
  expect(answer.status).toBe(200);
  return OrdersUploadResultSchema.parse(answer.body).results[0];
}

/** Re-totals an order after its lines were edited, paying by card, so only the edit is wrong. */
function retotal(order: PosOrder): PosOrder {
  const { amountTotal, amountTax } = cartTotals(order.lines);
  return {
    ...order,
    amountTotal,
    amountTax,
    amountPaid: amountTotal,
    amountReturn: 0,
    payments: [{ method: 'card', amount: amountTotal }],
  };
}

describe('what an order says is checked against the catalog and its own session', () => {
  it('refuses a line whose product is not in the config catalog', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    const forged = retotal({
      ...order,
      lines: order.lines.map((l, i) => (i === 0 ? { ...l, productId: 'nope' } : l)),
    });
    expect(await uploadOne(forged)).toMatchObject({
      status: 'invalid',
      error: { code: 'validation_failed', message: expect.stringMatching(/not in the catalog/) },
    });
  });

  it("accepts a line at another tax rate than the catalog's (the till sold at the rate it held)", async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    const otherRate = retotal({ ...order, lines: order.lines.map((l) => ({ ...l, taxRate: 0 })) });
    expect(await uploadOne(otherRate)).toEqual({ uuid: order.uuid, status: 'accepted' });
  });

  it('refuses a reference that names another session or another device than the order', async () => {
    const session = await freshSession(server.url);
    const otherSession = makeOrder({ sessionId: session.id });
    expect(await uploadOne({ ...otherSession, reference: '00077-001-0001' })).toMatchObject({
      status: 'invalid',
    });
    const otherReference = makeOrder({ sessionId: session.id });
    expect(
      await uploadOne({ ...otherReference, reference: otherReference.reference.replace('-001-', '-005-') }),
    ).toMatchObject({ status: 'invalid' });
  });

  it('refuses an order, a line or a payment with a field it does not know, instead of storing it without', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    const [line, ...lines] = order.lines;
    const [payment, ...payments] = order.payments;
    const spoiled: unknown[] = [
      { ...order, note: 'x' },
      { ...order, lines: [{ ...line, constructor: 1 }, ...lines] },
      { ...order, payments: [{ ...payment, tip: 100 }, ...payments] },
    ];
    for (const body of spoiled)
      expect(await uploadOne(body)).toMatchObject({ uuid: order.uuid, status: 'invalid' });
    const stored = await call(server.url, 'GET', `/api/sessions/${session.id}/orders`);
    expect(stored.body).toEqual([]);
  });

  it('refuses a line whose name is longer than any product name, instead of storing all of it', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    const [line, ...lines] = order.lines;
    const long = { ...order, lines: [{ ...line, name: 'x'.repeat(MAX_LINE_NAME_LENGTH + 1) }, ...lines] };
    expect(await uploadOne(long)).toMatchObject({ uuid: order.uuid, status: 'invalid' });
    const stored = await call(server.url, 'GET', `/api/sessions/${session.id}/orders`);
    expect(stored.body).toEqual([]);
  });

  it('refuses an upload whose body has a field besides orders, and stores none of them', async () => {
    const session = await freshSession(server.url);
    const answer = await call(server.url, 'POST', '/api/orders', {
      orders: [makeOrder({ sessionId: session.id })],
      flush: true,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'validation_failed', field: 'flush' });
    const stored = await call(server.url, 'GET', `/api/sessions/${session.id}/orders`);
    expect(stored.body).toEqual([]);
  });

  it('accepts a unit price that differs from the catalog (the device sold at the price it held)', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    const repriced = retotal({
      ...order,
      lines: order.lines.map((l) => ({ ...l, unitPrice: l.unitPrice + 10 })),
    });
    expect(await uploadOne(repriced)).toEqual({ uuid: order.uuid, status: 'accepted' });
  });
});

describe('a batch naming more products than a statement takes parameters', () => {
  it('is answered order by order (not in the catalog), not with a 500', async () => {
    const session = await freshSession(server.url);
    // 67 orders of 500 lines, each line another product id: 33,500 ids, above SQLite's 32,766 parameters.
    const orders = Array.from({ length: 67 }, (_unused, o) => {
      const order = makeOrder({ sessionId: session.id });
      const line = order.lines[0];
      if (!line) throw new Error('no line');
      return retotal({
        ...order,
        lines: Array.from({ length: 500 }, (_l, i) => ({
          ...line,
          productId: 100_000 + o * 500 + i,
          unitPrice: 1,
        })),
      });
    });
    const answer = await call(server.url, 'POST', '/api/orders', { orders });
    expect(answer.status).toBe(200);
    const results = OrdersUploadResultSchema.parse(answer.body).results;
    expect(results).toHaveLength(orders.length);
    expect(
      results.every((r) => r.status === 'invalid' && (r.error?.message ?? '').includes('not in the catalog')),
    ).toBe(true);
  });
});

describe('a sale that totals zero', () => {
  it('is accepted with no payment', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    const free = {
      ...order,
      lines: order.lines.map((l) => ({ ...l, discount: 100 })),
      payments: [],
      amountTotal: 0,
      amountTax: 0,
      amountPaid: 0,
      amountReturn: 0,
    };
    expect(await uploadOne(free)).toEqual({ uuid: order.uuid, status: 'accepted' });
  });
});
