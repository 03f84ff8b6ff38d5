import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Id } from '../../src/domain/ids.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { call, freshSession, makeOrder, startTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function upload(orders: PosOrder[]): Promise<void> {
  const answer = await call<{ results: { status: string }[] }>(server.url, 'POST', '/api/orders', { orders });
  expect(answer.status).toBe(200);
  expect(answer.body.results.map((r) => r.status)).toEqual(orders.map(() => 'accepted'));
}

/** A card payment of 1.00 and 20.00 in cash for the two default products: change from the cash. */
function mixedOrder(sessionId: Id, sequence: number): PosOrder {
  const base = makeOrder({ sessionId });
  return buildOrder(
    {
      uuid: randomUUID(),
      sessionId,
      deviceNumber: 1,
      currency: 'EUR',
      createdAt: new Date().toISOString(),
      lines: base.lines,
      payments: [
        { method: 'card', amount: 100 },
        { method: 'cash', amount: 2000 },
      ],
    },
    sequence,
  );
}

describe('the session summary (GET /api/sessions/:id/summary)', () => {
  it('totals each payment method as the drawer and the card terminal see it: cash net of the change given', async () => {
    const session = await freshSession(server.url);
    const cash = makeOrder({ sessionId: session.id, pay: { method: 'cash', tendered: 5000 } });
    const card = makeOrder({ sessionId: session.id, pay: { method: 'card' } });
    const mixed = mixedOrder(session.id, 90_001);
    expect(cash.amountReturn).toBeGreaterThan(0);
    expect(mixed.amountReturn).toBeGreaterThan(0);
    await upload([cash, card, mixed]);

    const answer = await call(server.url, 'GET', `/api/sessions/${session.id}/summary`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      orderCount: 3,
      amountTotal: cash.amountTotal + card.amountTotal + mixed.amountTotal,
      byPaymentMethod: [
        { method: 'card', count: 2, amount: card.amountTotal + 100 },
        { method: 'cash', count: 2, amount: cash.amountTotal + (mixed.amountTotal - 100) },
      ],
    });
  });

  it('is empty by method for a session without orders', async () => {
    const session = await freshSession(server.url);
    const answer = await call(server.url, 'GET', `/api/sessions/${session.id}/summary`);
    expect(answer.body).toMatchObject({ orderCount: 0, amountTotal: 0, byPaymentMethod: [] });
  });
});

describe('a page of the orders (GET /api/sessions/:id/orders?limit=N)', () => {
  it('keeps the N received last, oldest first; without a limit, all of them', async () => {
    const session = await freshSession(server.url);
    const orders = [1, 2, 3, 4, 5].map(() => makeOrder({ sessionId: session.id }));
    for (const order of orders) await upload([order]); // five receptions, in this order
    const page = await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${session.id}/orders?limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.map((o) => o.uuid)).toEqual(orders.slice(3).map((o) => o.uuid));
    const all = await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${session.id}/orders`);
    expect(all.body.map((o) => o.uuid)).toEqual(orders.map((o) => o.uuid));
    const more = await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${session.id}/orders?limit=1000`);
    expect(more.body).toHaveLength(5);
  });

  it.each(['0', '1001', 'ten', '-1', '2.5', ''])('refuses limit=%s with 400 validation_failed', async (limit) => {
    const session = await freshSession(server.url);
    const answer = await call(server.url, 'GET', `/api/sessions/${session.id}/orders?limit=${limit}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'validation_failed', message: expect.stringMatching(/^limit: /) } });
  });
});
