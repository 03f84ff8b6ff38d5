import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Payment, PosOrder } from '../../src/domain/pos-order.js';
import {
  call,
  freshSession,
  makeOrder,
  moveSession,
  pairDevice,
  SEED_CONFIG_ID,
  uploadOrders,
  useTestServer,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

async function storedOrders(sessionId: number | string): Promise<PosOrder[]> {
  const answer = await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${sessionId}/orders`);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('uploading orders', () => {
  it('accepts valid orders and lists them as stored, by received time', async () => {
    const session = await freshSession(server.url);
    const first = makeOrder({ sessionId: session.id, pay: { method: 'cash', tendered: 2000 } });
    const tablet2 = await pairDevice(server.url, SEED_CONFIG_ID);
    const second = makeOrder({ sessionId: session.id, deviceNumber: tablet2.deviceNumber });
    expect(await uploadOrders(server.url, [first])).toEqual([{ uuid: first.uuid, status: 'accepted' }]);
    expect(await uploadOrders(server.url, [second], tablet2.token)).toEqual([
      { uuid: second.uuid, status: 'accepted' },
    ]);
    expect(await storedOrders(session.id)).toEqual([first, second]);
  });

  it('a re-sent upload after a lost answer is duplicate and the server keeps one order', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    expect((await uploadOrders(server.url, [order]))[0]?.status).toBe('accepted');
    expect(await uploadOrders(server.url, [order])).toEqual([{ uuid: order.uuid, status: 'duplicate' }]);
    const twiceInOneBatch = makeOrder({ sessionId: session.id });
    expect((await uploadOrders(server.url, [twiceInOneBatch, twiceInOneBatch])).map((r) => r.status)).toEqual(
      ['accepted', 'duplicate'],
    );
    const stored = await storedOrders(session.id);
    expect(stored.filter((o) => o.uuid === order.uuid)).toHaveLength(1);
    expect(stored).toHaveLength(2);
  });

  it('treats a uuid in other letter case as the same order', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    await uploadOrders(server.url, [order]);
    const shouted = { ...order, uuid: order.uuid.toUpperCase() };
    expect((await uploadOrders(server.url, [shouted]))[0]?.status).toBe('duplicate');
  });

  it('the server refuses an order that arrives after the session closed', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    await moveSession(server.url, session.id, 'closed');
    const [result] = await uploadOrders(server.url, [order]);
    expect(result).toMatchObject({
      uuid: order.uuid,
      status: 'session_closed',
      error: { code: 'session_closed' },
    });
    expect(await storedOrders(session.id)).toEqual([]);
  });

  it('accepts orders while the session is in closing_control (rule 3)', async () => {
    const session = await freshSession(server.url);
    await moveSession(server.url, session.id, 'closing_control');
    const order = makeOrder({ sessionId: session.id });
    expect((await uploadOrders(server.url, [order]))[0]?.status).toBe('accepted');
  });

  it('refuses orders while the session is in opening_control', async () => {
    const session = await freshSession(server.url, 'opening_control');
    const [result] = await uploadOrders(server.url, [makeOrder({ sessionId: session.id })]);
    expect(result?.status).toBe('session_closed');
  });

  it('answers duplicate for an accepted order re-sent after its session closed', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: session.id });
    await uploadOrders(server.url, [order]);
    await moveSession(server.url, session.id, 'closed');
    expect(await uploadOrders(server.url, [order])).toEqual([{ uuid: order.uuid, status: 'duplicate' }]);
  });

  it('marks an order whose totals do not add up invalid and still accepts the others', async () => {
    const session = await freshSession(server.url);
    const good = makeOrder({ sessionId: session.id });
    const wrongTotal = { ...makeOrder({ sessionId: session.id }), amountTotal: 1 };
    const wrongTax = (() => {
      const o = makeOrder({ sessionId: session.id });
      return { ...o, amountTax: o.amountTax + 1 };
    })();
    const alsoGood = makeOrder({ sessionId: session.id });
    const results = await uploadOrders(server.url, [good, wrongTotal, wrongTax, alsoGood]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'invalid', 'invalid', 'accepted']);
    expect(results[1]?.error?.code).toBe('validation_failed');
    expect(results[1]?.error?.message).toMatch(/amountTotal/);
    expect(results[2]?.error?.message).toMatch(/amountTax/);
    expect((await storedOrders(session.id)).map((o) => o.uuid)).toEqual([good.uuid, alsoGood.uuid]);
  });

  it('marks schema failures invalid with the uuid when readable, null when not', async () => {
    const session = await freshSession(server.url);
    const noLines = { ...makeOrder({ sessionId: session.id }), lines: [] };
    const results = await uploadOrders(server.url, [noLines, 'garbage', { uuid: 12 }, null]);
    expect(results).toEqual([
      {
        uuid: noLines.uuid,
        status: 'invalid',
        error: { code: 'validation_failed', message: expect.stringMatching(/lines/) },
      },
      { uuid: null, status: 'invalid', error: expect.objectContaining({ code: 'validation_failed' }) },
      { uuid: null, status: 'invalid', error: expect.objectContaining({ code: 'validation_failed' }) },
      { uuid: null, status: 'invalid', error: expect.objectContaining({ code: 'validation_failed' }) },
    ]);
  });

  it('marks an order of an unknown session, a foreign currency or a used reference invalid', async () => {
    const session = await freshSession(server.url);
    const taken = makeOrder({ sessionId: session.id });
    await uploadOrders(server.url, [taken]);
    const results = await uploadOrders(server.url, [
      makeOrder({ sessionId: 99_999 }),
      makeOrder({ sessionId: session.id, currency: 'USD' }),
      { ...makeOrder({ sessionId: session.id }), reference: taken.reference },
    ]);
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['invalid', 'not_found'],
      ['invalid', 'validation_failed'],
      ['invalid', 'conflict'],
    ]);
  });

  it('accepts a session id sent as a string', async () => {
    const session = await freshSession(server.url);
    const order = makeOrder({ sessionId: String(session.id) });
    expect((await uploadOrders(server.url, [order]))[0]?.status).toBe('accepted');
    expect(await storedOrders(session.id)).toHaveLength(1);
  });

  it('accepts a full batch of 500 orders in one request', async () => {
    const session = await freshSession(server.url);
    const orders = Array.from({ length: 500 }, () => makeOrder({ sessionId: session.id }));
    const results = await uploadOrders(server.url, orders);
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(results.map((r) => r.uuid)).toEqual(orders.map((o) => o.uuid));
  });
});

describe('one upload, set-based: each order answered as on its own', () => {
  it('a batch of new, stored, twice-sent, closed-session and invalid orders answers each exactly', async () => {
    const closing = await freshSession(server.url);
    const stored = makeOrder({ sessionId: closing.id });
    expect(await uploadOrders(server.url, [stored])).toEqual([{ uuid: stored.uuid, status: 'accepted' }]);
    const late = makeOrder({ sessionId: closing.id });
    const session = await freshSession(server.url); // closes the first
    const fresh = makeOrder({ sessionId: session.id });
    const twice = makeOrder({ sessionId: session.id });
    const wrongTotal = { ...makeOrder({ sessionId: session.id }), amountTotal: 1 };
    const unknownSession = makeOrder({ sessionId: 99_999 });
    const storedShouted = { ...stored, uuid: stored.uuid.toUpperCase() };
    const results = await uploadOrders(server.url, [
      fresh,
      stored,
      twice,
      late,
      twice,
      wrongTotal,
      storedShouted,
      unknownSession,
      { uuid: 12 },
    ]);
    expect(results).toEqual([
      { uuid: fresh.uuid, status: 'accepted' },
      { uuid: stored.uuid, status: 'duplicate' },
      { uuid: twice.uuid, status: 'accepted' },
      {
        uuid: late.uuid,
        status: 'session_closed',
        error: { code: 'session_closed', message: expect.stringMatching(/closed/) },
      },
      { uuid: twice.uuid, status: 'duplicate' },
      {
        uuid: wrongTotal.uuid,
        status: 'invalid',
        error: { code: 'validation_failed', message: expect.stringMatching(/amountTotal/) },
      },
      { uuid: storedShouted.uuid, status: 'duplicate' },
      {
        uuid: unknownSession.uuid,
        status: 'invalid',
        error: { code: 'not_found', message: expect.stringMatching(/99999/) },
      },
      { uuid: null, status: 'invalid', error: expect.objectContaining({ code: 'validation_failed' }) },
    ]);
    expect((await storedOrders(session.id)).map((o) => o.uuid)).toEqual([fresh.uuid, twice.uuid]);
    expect((await storedOrders(closing.id)).map((o) => o.uuid)).toEqual([stored.uuid]);
    // Sent again as a whole: every order the first answer accepted or kept is now a duplicate.
    const again = await uploadOrders(server.url, [fresh, twice, late]);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'session_closed']);
  });

  it('stores every line and payment of a batch larger than one INSERT of them (1,500 rows each)', async () => {
    const session = await freshSession(server.url);
    const items = [
      { index: 0, quantity: 1 },
      { index: 1, quantity: 2 },
      { index: 2, quantity: 3 },
    ];
    const orders = Array.from({ length: 500 }, (_, i) => {
      const { lines, amountTotal } = makeOrder({ sessionId: session.id, items });
      // Three payments share the total: cash 100, card 200, the rest by card.
      const payments: Payment[] = [
        { method: 'cash', amount: 100 },
        { method: 'card', amount: 200 },
        { method: 'card', amount: amountTotal - 300 },
      ];
      const draft = { uuid: randomUUID(), sessionId: session.id, deviceNumber: 1, currency: 'EUR' };
      return buildOrder({ ...draft, createdAt: new Date().toISOString(), lines, payments }, 900_000 + i);
    });
    const results = await uploadOrders(server.url, orders);
    expect(results.map((r) => r.status)).toEqual(orders.map(() => 'accepted'));
    const { db } = server.database;
    const count = async (table: 'order_lines' | 'order_payments') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('session_id', '=', Number(session.id))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('order_lines')).toBe(1_500);
    expect(await count('order_payments')).toBe(1_500);
    const lastLines = await db
      .selectFrom('order_lines')
      .select(['position', 'quantity'])
      .where('order_uuid', '=', orders[499]?.uuid.toLowerCase() ?? '')
      .orderBy('position')
      .execute();
    expect(lastLines).toEqual([
      { position: 0, quantity: 1 },
      { position: 1, quantity: 2 },
      { position: 2, quantity: 3 },
    ]);
  });
});

describe('bad uploads', () => {
  it('refuses 501 orders with payload_too_large', async () => {
    const orders = Array.from({ length: 501 }, () => makeOrder({ sessionId: 1 }));
    const answer = await call(server.url, 'POST', '/api/orders', { orders });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
  });

  it('refuses a body over the size limit with payload_too_large', async () => {
    const answer = await call(server.url, 'POST', '/api/orders', {
      orders: [{ pad: 'x'.repeat(5 * 1024 * 1024) }],
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
  });

  it.each([[{ orders: [] }], [{ orders: 'many' }], [{}], [[]], [null]])(
    'refuses the envelope %j with 400',
    async (body) => {
      const answer = await call(server.url, 'POST', '/api/orders', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    },
  );

  it('refuses malformed JSON with 400 bad_request', async () => {
    const answer = await call(server.url, 'POST', '/api/orders', undefined, {
      text: '{"orders": [',
      contentType: 'application/json',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('bad_request');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'refuses content type %s with 415',
    async (type) => {
      const answer = await call(server.url, 'POST', '/api/orders', undefined, {
        text: '{"orders":[]}',
        contentType: type,
      });
      expect(answer.status).toBe(415);
      expect(answer.body.error.code).toBe('unsupported_media_type');
    },
  );

  it('answers 404 for the orders of an unknown session', async () => {
    const answer = await call(server.url, 'GET', `/api/sessions/${randomUUID()}/orders`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });
});
