import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Id } from '../../src/domain/ids.js';
import { cartTotals } from '../../src/domain/order-totals.js';
import {
  MAX_CASH_TENDERED_TIMES_TOTAL,
  MAX_ORDER_LINES,
  type OrderLine,
  type Payment,
  type PosOrder,
} from '../../src/domain/pos-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { call, freshSession, makeOrder, uploadOrders, useTestServer, type TestServer } from './fixtures.js';

// The edges of one order (order-checks.ts, the order's schema): a wrong device clock, a typed
// amount out of all proportion, a discount outside 0–100 %, a payment of nothing, a basket no till
// builds. Each is answered for the order alone (`invalid`), the rest of its request still counts.

let server: TestServer;
useTestServer((s) => (server = s));

const HOUR_MS = 60 * 60 * 1000;

let session: PosSession;

/** An open session, opened once for the file (each test's orders have their own uuids). */
async function openSession(): Promise<PosSession> {
  session ??= await freshSession(server.url);
  return session;
}

/** The one result of uploading `order`: its status, its error's code and message. */
async function verdictOn(order: unknown) {
  const [result] = await uploadOrders(server.url, [order]);
  return result;
}

describe('an order dated by a wrong device clock', () => {
  it('refuses (invalid) an order dated more than 24 h ahead of the server clock, and takes one 23 h ahead', async () => {
    const { id } = await openSession();
    const late = makeOrder({ sessionId: id, createdAt: new Date(Date.now() + 25 * HOUR_MS).toISOString() });
    expect(await verdictOn(late)).toEqual({
      uuid: late.uuid,
      status: 'invalid',
      error: {
        code: 'validation_failed',
        message: expect.stringMatching(/24 h ahead of the server's clock/),
      },
    });
    const fast = makeOrder({ sessionId: id, createdAt: new Date(Date.now() + 23 * HOUR_MS).toISOString() });
    expect((await verdictOn(fast))?.status).toBe('accepted');
  });

  it('refuses (invalid) an order dated more than 24 h before its session opened, and takes one 23 h before', async () => {
    const { id, openedAt } = await openSession();
    const opened = Date.parse(openedAt ?? '');
    const old = makeOrder({ sessionId: id, createdAt: new Date(opened - 25 * HOUR_MS).toISOString() });
    expect(await verdictOn(old)).toEqual({
      uuid: old.uuid,
      status: 'invalid',
      error: {
        code: 'validation_failed',
        message: expect.stringMatching(/24 h before its session was opened/),
      },
    });
    const slow = makeOrder({ sessionId: id, createdAt: new Date(opened - 23 * HOUR_MS).toISOString() });
    expect((await verdictOn(slow))?.status).toBe('accepted');
  });
});

describe('amounts and discounts out of bounds', () => {
  it(`refuses (invalid) a sale whose cash is more than ${MAX_CASH_TENDERED_TIMES_TOTAL} times its total (a typo, not a sale), and takes exactly ${MAX_CASH_TENDERED_TIMES_TOTAL} times`, async () => {
    const { id } = await openSession();
    const { amountTotal } = makeOrder({ sessionId: id });
    const most = MAX_CASH_TENDERED_TIMES_TOTAL * amountTotal;
    const typo = makeOrder({ sessionId: id, pay: { method: 'cash', tendered: most + 1 } });
    expect(await verdictOn(typo)).toEqual({
      uuid: typo.uuid,
      status: 'invalid',
      error: {
        code: 'validation_failed',
        message: expect.stringMatching(/cash tendered .* 100 times the total/),
      },
    });
    const bigNote = makeOrder({ sessionId: id, pay: { method: 'cash', tendered: most } });
    expect((await verdictOn(bigNote))?.status).toBe('accepted');
  });

  it.each([0, -100])(
    'refuses (invalid) a sale with a payment of %i (a payment is positive)',
    async (amount) => {
      const { id } = await openSession();
      const order = makeOrder({ sessionId: id });
      const payments = [...order.payments, { method: 'card' as const, amount }];
      const result = await verdictOn({ ...order, payments });
      expect(result).toEqual({
        uuid: order.uuid,
        status: 'invalid',
        error: { code: 'validation_failed', message: expect.stringMatching(/payments\.1\.amount/) },
      });
    },
  );

  it.each([101, -1, 150])(
    'refuses (invalid) a line discount of %i %% (outside 0–100 %%)',
    async (discount) => {
      const { id } = await openSession();
      const order = makeOrder({ sessionId: id });
      const lines = order.lines.map((line, index) => (index === 0 ? { ...line, discount } : line));
      expect(await verdictOn({ ...order, lines })).toEqual({
        uuid: order.uuid,
        status: 'invalid',
        error: { code: 'validation_failed', message: expect.stringMatching(/lines\.0\.discount/) },
      });
    },
  );

  it('takes a line discount of 100 % (the line given away)', async () => {
    const { id } = await openSession();
    const { lines } = makeOrder({ sessionId: id });
    const free = lines.map((line, index) => (index === 0 ? { ...line, discount: 100 } : line));
    const order = orderOf(id, free);
    expect((await verdictOn(order))?.status).toBe('accepted');
  });
});

describe('an order with too many lines', () => {
  it(`answers an order of ${MAX_ORDER_LINES + 1} lines invalid alone and accepts the others of its request`, async () => {
    const { id } = await openSession();
    const good = makeOrder({ sessionId: id });
    const huge = orderOf(id, linesOf(id, MAX_ORDER_LINES + 1));
    const after = makeOrder({ sessionId: id });
    const answer = await call(server.url, 'POST', '/api/orders', { orders: [good, huge, after] });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      results: [
        { uuid: good.uuid, status: 'accepted' },
        {
          uuid: huge.uuid,
          status: 'invalid',
          error: { code: 'validation_failed', message: expect.stringMatching(/^lines: .*500/) },
        },
        { uuid: after.uuid, status: 'accepted' },
      ],
    });
    // Nothing of it was stored: sent again it is still invalid, not a duplicate.
    expect((await verdictOn(huge))?.status).toBe('invalid');
  });

  it(`takes an order of ${MAX_ORDER_LINES} lines`, async () => {
    const { id } = await openSession();
    const order = orderOf(id, linesOf(id, MAX_ORDER_LINES));
    expect((await verdictOn(order))?.status).toBe('accepted');
  });
});

/** `count` lines of one unit each, from the seeded catalog (the default order's lines, repeated). */
function linesOf(sessionId: Id, count: number): OrderLine[] {
  const { lines } = makeOrder({ sessionId });
  return Array.from({ length: count }, (_, index) => ({
    ...(lines[index % lines.length] as OrderLine),
    quantity: 1,
  }));
}

/** A valid sale of `lines` paid by card (nothing when it totals 0), with right totals. */
function orderOf(sessionId: Id, lines: OrderLine[]): PosOrder {
  const { uuid, deviceNumber, currency, createdAt, reference } = makeOrder({ sessionId });
  const { amountTotal } = cartTotals(lines);
  const payments: Payment[] = amountTotal === 0 ? [] : [{ method: 'card', amount: amountTotal }];
  const draft = { uuid, sessionId, deviceNumber, currency, createdAt, lines, payments };
  return buildOrder(draft, Number(reference.split('-').at(-1)));
}
