import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Id } from '../../src/domain/ids.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { ordersCsv } from '../../server/orders-csv.js';
import { minorToDecimal as decimal } from '../../src/domain/currency.js';
import {
  call,
  freshSession,
  makeOrder,
  useTestServer,
  TEST_ADMIN_TOKEN,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

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

  it('adds up a session above 2^31 minor units exactly, as numbers (PostgreSQL sums int8 into numeric text)', async () => {
    const session = await freshSession(server.url);
    const base = makeOrder({ sessionId: session.id, items: [{ index: 0, quantity: 1 }] });
    // 15 million euros a sale: two of them pass 2^31 cents.
    const big = (sequence: number, method: 'card' | 'cash') =>
      buildOrder(
        {
          uuid: randomUUID(),
          sessionId: session.id,
          deviceNumber: 1,
          currency: 'EUR',
          createdAt: new Date().toISOString(),
          lines: base.lines.map((l) => ({ ...l, unitPrice: 1_500_000_000 })),
          payments: [{ method, amount: 1_500_000_000 }],
        },
        sequence,
      );
    const orders = [big(91_001, 'card'), big(91_002, 'cash'), big(91_003, 'cash')];
    await upload(orders);
    const total = 3 * 1_500_000_000;
    expect(total).toBeGreaterThan(2 ** 31);
    const summary = (await call(server.url, 'GET', `/api/sessions/${session.id}/summary`)).body;
    expect(summary).toMatchObject({
      orderCount: 3,
      amountTotal: total,
      byPaymentMethod: [
        { method: 'card', count: 1, amount: 1_500_000_000 },
        { method: 'cash', count: 2, amount: 3_000_000_000 },
      ],
    });
    const listed = (await call(server.url, 'GET', '/api/configs/1/sessions')).body as {
      id: number;
      orderCount: number;
      amountTotal: number;
    }[];
    expect(listed.find((s) => s.id === session.id)).toMatchObject({ orderCount: 3, amountTotal: total });
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

  it.each(['0', '1001', 'ten', '-1', '2.5', ''])(
    'refuses limit=%s with 400 validation_failed',
    async (limit) => {
      const session = await freshSession(server.url);
      const answer = await call(server.url, 'GET', `/api/sessions/${session.id}/orders?limit=${limit}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: { code: 'validation_failed', message: expect.stringMatching(/^limit: /) },
      });
    },
  );
});

describe('the export of a session (GET /api/sessions/:id/orders.csv)', () => {
  it('gives every order as a CSV download, money in decimals, what each method took, a rescued order with the name of its closed session', async () => {
    const closed = await freshSession(server.url);
    const late = makeOrder({ sessionId: closed.id });
    await call(server.url, 'PATCH', `/api/sessions/${closed.id}`, { state: 'closed' });
    const session = await freshSession(server.url);
    const cash = makeOrder({ sessionId: session.id, pay: { method: 'cash', tendered: 5000 } });
    const mixed = mixedOrder(session.id, 90_002);
    await upload([cash, mixed]);
    expect(
      (await call(server.url, 'POST', `/api/sessions/${closed.id}/rescue`, { orders: [late] })).status,
    ).toBe(200);

    const response = await fetch(`${server.url}/api/sessions/${session.id}/orders.csv`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${session.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-orders.csv"`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    const money = (minor: number) => (minor / 100).toFixed(2);
    expect(lines).toEqual([
      'reference,created_at,device,payments,total,tax,paid,change,currency,rescued_from_session,paid_cash,paid_card,kind,refund_of,refund_reason',
      `${cash.reference},${cash.createdAt},1,cash,${money(cash.amountTotal)},${money(cash.amountTax)},50.00,${money(cash.amountReturn)},EUR,,50.00,0.00,sale,,`,
      `${mixed.reference},${mixed.createdAt},1,card+cash,${money(mixed.amountTotal)},${money(mixed.amountTax)},21.00,${money(mixed.amountReturn)},EUR,,20.00,1.00,sale,,`,
      `${late.reference},${late.createdAt},1,card,${money(late.amountTotal)},${money(late.amountTax)},${money(late.amountPaid)},0.00,EUR,${closed.name},0.00,${money(late.amountPaid)},sale,,`,
      '',
    ]);
  });

  it('answers 404 for an unknown session and 401 without the admin token', async () => {
    expect((await call(server.url, 'GET', '/api/sessions/99999/orders.csv')).status).toBe(404);
    expect(
      (await call(server.url, 'GET', '/api/sessions/1/orders.csv', undefined, undefined, { token: null }))
        .status,
    ).toBe(401);
  });
});

describe('CSV fields', () => {
  it("writes money with the currency's own digits, negative included", () => {
    expect(decimal(450, 'EUR')).toBe('4.50');
    expect(decimal(5, 'EUR')).toBe('0.05');
    expect(decimal(-1234, 'EUR')).toBe('-12.34');
    expect(decimal(450, 'JPY')).toBe('450');
    expect(decimal(1234, 'KWD')).toBe('1.234');
  });

  it('quotes what needs quoting and defuses what a spreadsheet would run as a formula', () => {
    const order: PosOrder = { ...makeOrder({ sessionId: 1 }), reference: '=HYPERLINK("x"),1' };
    const csv = ordersCsv([order], 2, new Map([['1', 'Main, "A"']]));
    const row = csv.split('\r\n')[1] ?? '';
    expect(row.startsWith(`"'=HYPERLINK(""x""),1",`)).toBe(true);
    expect(row.endsWith(`,EUR,"Main, ""A""",0.00,${decimal(order.amountPaid, 'EUR')},sale,,`)).toBe(true);
  });
});
