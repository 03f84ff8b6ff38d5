import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CashMove } from '../../src/domain/cash.js';
import type { Id } from '../../src/domain/ids.js';
import { buildOrder } from '../../src/domain/build-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import {
  call,
  CATALOG,
  makeOrder,
  pairDevice,
  SEED_CONFIG_ID,
  TEST_ADMIN_TOKEN,
  useTestServer,
  type CallAs,
  type TestServer,
} from './fixtures.js';

/**
 * `POST /api/cash-moves`: cash put in or taken out of the drawer, sent from a till's outbox like
 * an order, stored once per uuid and answered per move; and the expected cash a close sums from
 * them. Real HTTP, a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
let server: TestServer;
useTestServer((s) => (server = s));

const CONFIG = `/api/configs/${SEED_CONFIG_ID}`;

beforeAll(async () => {
  expect((await call(server.url, 'PATCH', CONFIG, { cashControl: true })).status).toBe(200);
});

/** A move of device 1 into `sessionId`; `over` changes any field. */
function move(sessionId: Id, over: Partial<CashMove> = {}): CashMove {
  return {
    uuid: randomUUID(),
    sessionId,
    deviceNumber: server.device.deviceNumber,
    amount: 1_000,
    reason: 'Change float',
    createdAt: new Date().toISOString(),
    ...over,
  };
}

/** Sends `moves` as device 1 (or as `as` says) and answers the upload. */
async function send(moves: unknown[], as: CallAs = { token: server.device.token }) {
  return call(server.url, 'POST', '/api/cash-moves', { moves }, undefined, as);
}

const statuses = (answer: { body: { results: { status: string }[] } }) =>
  answer.body.results.map((r) => r.status);

/** The moves stored for session `id`, as rows. */
async function storedMoves(id: Id) {
  return server.database.db
    .selectFrom('cash_moves')
    .select(['uuid', 'amount', 'reason', 'device_number'])
    .where('session_id', '=', Number(id))
    .orderBy('arrival')
    .execute();
}

/** Closes the register's current session as the manager (counted with a note) and opens the next one, counted `openingCash`. */
async function openedSession(openingCash = 0): Promise<PosSession> {
  const current = (await call(server.url, 'GET', CONFIG)).body.currentSessionId as number | null;
  if (current !== null) {
    const session = (await call<PosSession>(server.url, 'GET', `/api/sessions/${current}`)).body;
    if (session.state === 'opening_control')
      await call(server.url, 'PATCH', `/api/sessions/${current}`, { state: 'opened', openingCash: 0 });
    const closed = await call(server.url, 'PATCH', `/api/sessions/${current}`, {
      state: 'closed',
      closingCash: 0,
      closingNote: 'test: next session',
    });
    expect(closed.status).toBe(200);
  }
  const opened = await call<PosSession>(server.url, 'POST', `${CONFIG}/sessions`);
  expect(opened.body.state).toBe('opening_control');
  const counted = await call(server.url, 'PATCH', `/api/sessions/${opened.body.id}`, {
    state: 'opened',
    openingCash,
  });
  expect(counted.status).toBe(200);
  return opened.body;
}

describe('cash moves', () => {
  it('accepts moves in and out of an opened session and stores each with its signed amount and reason', async () => {
    const session = await openedSession();
    const cashIn = move(session.id, { amount: 5_000, reason: 'Change float' });
    const cashOut = move(session.id, { amount: -2_000, reason: 'Bank deposit' });
    const answer = await send([cashIn, cashOut]);
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      { uuid: cashIn.uuid, status: 'accepted' },
      { uuid: cashOut.uuid, status: 'accepted' },
    ]);
    expect(await storedMoves(session.id)).toEqual([
      { uuid: cashIn.uuid, amount: 5_000, reason: 'Change float', device_number: 1 },
      { uuid: cashOut.uuid, amount: -2_000, reason: 'Bank deposit', device_number: 1 },
    ]);
  });

  it('stores a move sent twice once (duplicate), across uploads and within one, so a retried outbox never counts cash twice', async () => {
    const session = await openedSession();
    const once = move(session.id);
    expect(statuses(await send([once]))).toEqual(['accepted']);
    expect(statuses(await send([once]))).toEqual(['duplicate']);
    const twice = move(session.id, { amount: 300 });
    expect(statuses(await send([twice, { ...twice, uuid: twice.uuid.toUpperCase() }]))).toEqual([
      'accepted',
      'duplicate',
    ]);
    expect((await storedMoves(session.id)).map((m) => m.amount)).toEqual([1_000, 300]);
  });

  it('answers session_closed for a move of a closed session and stores nothing, so the tablet holds it', async () => {
    const session = await openedSession();
    await openedSession();
    const late = move(session.id);
    const answer = await send([late]);
    expect(answer.body.results).toEqual([
      {
        uuid: late.uuid,
        status: 'session_closed',
        error: { code: 'session_closed', message: expect.any(String) },
      },
    ]);
    expect(await storedMoves(session.id)).toEqual([]);
  });

  it('keeps a move stored before its session closed a duplicate when sent again after, not session_closed', async () => {
    const session = await openedSession();
    const sent = move(session.id);
    expect(statuses(await send([sent]))).toEqual(['accepted']);
    await openedSession();
    expect(statuses(await send([sent]))).toEqual(['duplicate']);
  });

  it('refuses, one by one, a move for an unknown session, one still in opening_control and one of a register without cash control, and stores none of them', async () => {
    const session = await openedSession();
    const unknown = move(99_999);
    // The next session, in opening_control (the float not counted yet).
    const closed = await call(server.url, 'PATCH', `/api/sessions/${session.id}`, {
      state: 'closed',
      closingCash: 0,
    });
    expect(closed.status).toBe(200);
    const next = (await call<PosSession>(server.url, 'POST', `${CONFIG}/sessions`)).body;
    expect(next.state).toBe('opening_control');
    const early = move(next.id);
    const plain = await call(server.url, 'POST', '/api/configs', {
      name: 'No cash control',
      currency: 'EUR',
    });
    const plainSession = (
      await call<PosSession>(server.url, 'POST', `/api/configs/${plain.body.id}/sessions`)
    ).body;
    const uncontrolled = move(plainSession.id);
    const answer = await send([unknown, early, uncontrolled], { token: TEST_ADMIN_TOKEN });
    expect(answer.body.results).toEqual([
      { uuid: unknown.uuid, status: 'invalid', error: { code: 'not_found', message: 'No session 99999' } },
      {
        uuid: early.uuid,
        status: 'invalid',
        error: { code: 'conflict', message: expect.stringContaining('opening_control') },
      },
      {
        uuid: uncontrolled.uuid,
        status: 'invalid',
        error: { code: 'conflict', message: expect.stringContaining('does not have cash control') },
      },
    ]);
    for (const id of [next.id, plainSession.id]) expect(await storedMoves(id)).toEqual([]);
    const count = await server.database.db
      .selectFrom('cash_moves')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('uuid', 'in', [unknown.uuid, early.uuid, uncontrolled.uuid])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("refuses a device's move into another config's session or under another device number (invalid, forbidden), and still takes its good moves", async () => {
    const session = await openedSession();
    const other = await call(server.url, 'POST', '/api/configs', {
      name: 'Other drawer',
      currency: 'EUR',
      cashControl: true,
    });
    const otherSession = (
      await call<PosSession>(server.url, 'POST', `/api/configs/${other.body.id}/sessions`, {
        state: 'opened',
      })
    ).body;
    const stranger = await pairDevice(server.url, other.body.id);
    const intoOther = move(otherSession.id);
    const wrongNumber = move(session.id, { deviceNumber: 7 });
    const good = move(session.id);
    const answer = await send([intoOther, wrongNumber, good]);
    expect(
      answer.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual([
      ['invalid', 'forbidden'],
      ['invalid', 'forbidden'],
      ['accepted', undefined],
    ]);
    expect(await storedMoves(otherSession.id)).toEqual([]);
    expect((await storedMoves(session.id)).map((m) => m.uuid)).toEqual([good.uuid]);
    // The other config's own tablet may.
    const own = move(otherSession.id, { deviceNumber: stranger.deviceNumber });
    expect(statuses(await send([own], { token: stranger.token }))).toEqual(['accepted']);
  });

  it.each([
    ['a zero amount', { amount: 0 }, 'amount'],
    ['a fraction', { amount: 10.5 }, 'amount'],
    ['an amount above 10^10', { amount: 10_000_000_001 }, 'amount'],
    ['an amount as text', { amount: '10' }, 'amount'],
    ['no reason', { reason: '   ' }, 'reason'],
    ['an unknown field', { note: 'x' }, 'note'],
  ])(
    'answers a move with %s invalid (validation_failed naming the field) and stores nothing',
    async (_what, over, field) => {
      const session = await openedSession();
      const bad = { ...move(session.id), ...over };
      const answer = await send([bad]);
      expect(answer.status).toBe(200);
      expect(answer.body.results[0]).toMatchObject({
        uuid: bad.uuid,
        status: 'invalid',
        error: { code: 'validation_failed' },
      });
      expect(answer.body.results[0].error.message).toContain(field);
      expect(await storedMoves(session.id)).toEqual([]);
    },
  );

  it.each([
    ['no list', {}, 400],
    ['an empty list', { moves: [] }, 400],
    ['another field', { moves: [{}], orders: [] }, 400],
    ['501 moves', { moves: Array.from({ length: 501 }, () => ({})) }, 413],
  ])('refuses an upload with %s as a whole', async (_what, body, status) => {
    const answer = await call(server.url, 'POST', '/api/cash-moves', body, undefined, {
      token: server.device.token,
    });
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(status === 413 ? 'payload_too_large' : 'validation_failed');
  });

  it('refuses an upload without a token (401)', async () => {
    const answer = await send([move(1)], { token: null });
    expect(answer.status).toBe(401);
  });
});

describe('the expected cash at closing', () => {
  it('is opening + cash tendered − change + moves, split payments counting only their cash part', async () => {
    const session = await openedSession(10_000);
    const line = (index: number, quantity: number) => {
      const product = CATALOG[index];
      if (!product) throw new Error(`no product ${index}`);
      return {
        productId: product.id,
        name: product.name,
        quantity,
        unitPrice: product.price,
        taxRate: product.taxRate,
        discount: 0,
      };
    };
    const draft = {
      sessionId: session.id,
      deviceNumber: 1,
      currency: 'EUR',
      createdAt: new Date().toISOString(),
    };
    const lines = [line(0, 3), line(5, 1)];
    const total = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    // Split: part by card, the rest in cash with a note that gives change.
    const split = buildOrder(
      {
        ...draft,
        uuid: randomUUID(),
        lines,
        payments: [
          { method: 'card', amount: 300 },
          { method: 'cash', amount: total },
        ],
      },
      9_001,
    );
    const cashOnly = makeOrder({ sessionId: session.id, pay: { method: 'cash', tendered: 10_000 } });
    const cardOnly = makeOrder({ sessionId: session.id, pay: { method: 'card' } });
    const upload = await call(server.url, 'POST', '/api/orders', { orders: [split, cashOnly, cardOnly] });
    expect(statuses(upload)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(split.amountReturn).toBe(300);
    expect(
      statuses(await send([move(session.id, { amount: 2_500 }), move(session.id, { amount: -4_000 })])),
    ).toEqual(['accepted', 'accepted']);
    const expected = 10_000 + (total + 10_000) - (split.amountReturn + cashOnly.amountReturn) + 2_500 - 4_000;
    const off = await call(server.url, 'PATCH', `/api/sessions/${session.id}`, {
      state: 'closed',
      closingCash: expected - 1,
    });
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('closing_note_required');
    const closed = await call(server.url, 'PATCH', `/api/sessions/${session.id}`, {
      state: 'closed',
      closingCash: expected,
    });
    expect(closed.status).toBe(200);
    const row = await server.database.db
      .selectFrom('sessions')
      .select(['expected_closing_cash', 'closing_cash'])
      .where('id', '=', Number(session.id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ expected_closing_cash: expected, closing_cash: expected });
  });
});
