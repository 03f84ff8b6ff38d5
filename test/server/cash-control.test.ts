import { beforeAll, describe, expect, it } from 'vitest';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';
import { MAX_CASH_AMOUNT } from '../../src/domain/cash.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import {
  call,
  makeOrder,
  pairDevice,
  SEED_CONFIG_ID,
  useTestServer,
  type CallAs,
  type TestServer,
} from './fixtures.js';

/**
 * Cash control on the server: a register under it opens in opening_control with the float it
 * should hold, opens when the float is counted, and closes only with the drawer counted (and a note
 * when the count differs from what the server expected). Who may make each move. Real HTTP, a
 * real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
let server: TestServer;
useTestServer((s) => (server = s));

const MANAGER_PIN = '2468';
const CONFIG = `/api/configs/${SEED_CONFIG_ID}`;

beforeAll(async () => {
  const on = await call(server.url, 'PATCH', CONFIG, { cashControl: true, managerPin: MANAGER_PIN });
  expect(on.status).toBe(200);
});

/** The answer is read untyped: a refusal is an error body, not a session. */
const patch = (id: number, body: unknown, as?: CallAs) =>
  call(server.url, 'PATCH', `/api/sessions/${id}`, body, undefined, as);

/** The stored row of session `id`: its state and every count. */
async function stored(id: number) {
  return server.database.db
    .selectFrom('sessions')
    .select([
      'state',
      'opened_at',
      'closed_at',
      'expected_opening_cash',
      'opening_cash',
      'expected_closing_cash',
      'closing_cash',
      'closing_note',
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/**
 * Closes the register's current session as the manager, counting `closingCash` (with a note, so
 * any difference is explained), and opens the next one as the config decides (no body).
 */
async function nextSession(closingCash = 0): Promise<PosSession> {
  const config = await call(server.url, 'GET', CONFIG);
  const current = config.body.currentSessionId as number | null;
  if (current !== null) {
    const session = await call<PosSession>(server.url, 'GET', `/api/sessions/${current}`);
    if (session.body.state === 'opening_control')
      expect((await patch(current, { state: 'opened', openingCash: 0 })).status).toBe(200);
    const closed = await patch(current, { state: 'closed', closingCash, closingNote: 'test: next session' });
    expect(closed.status).toBe(200);
  }
  const opened = await call<PosSession>(server.url, 'POST', `${CONFIG}/sessions`);
  expect(opened.status).toBe(201);
  return opened.body;
}

/** An opened session whose float was counted as `openingCash`. */
async function openedSession(openingCash = 0): Promise<PosSession> {
  const session = await nextSession();
  expect((await patch(session.id as number, { state: 'opened', openingCash })).status).toBe(200);
  return session;
}

describe('opening under cash control', () => {
  it('opens a new session in opening_control with the last counted drawer as its expected float, so a till cannot sell before the float is counted', async () => {
    await nextSession();
    const next = await nextSession(12_345);
    expect(next).toMatchObject({
      state: 'opening_control',
      openedAt: null,
      cashControl: true,
      expectedOpeningCash: 12_345,
      openingCash: null,
    });
    const checked = await call(server.url, 'GET', `/api/sessions/${next.id}`, undefined, undefined, {
      token: server.device.token,
    });
    expect(checked.body).toMatchObject({ cashControl: true, expectedOpeningCash: 12_345, openingCash: null });
  });

  it('still opens in the state the body asks for, so a manager can skip the count', async () => {
    await nextSession(500);
    const current = (await call(server.url, 'GET', CONFIG)).body.currentSessionId as number;
    await patch(current, { state: 'opened', openingCash: 0 });
    expect((await patch(current, { state: 'closed', closingCash: 500, closingNote: 'test' })).status).toBe(
      200,
    );
    const opened = await call(server.url, 'POST', `${CONFIG}/sessions`, { state: 'opened' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ state: 'opened', expectedOpeningCash: 500, openingCash: null });
  });

  it('refuses to open without the counted float (409 cash_count_required) and changes nothing', async () => {
    const session = await nextSession();
    const before = await stored(session.id as number);
    const refused = await patch(session.id as number, { state: 'opened' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'cash_count_required', field: 'openingCash' });
    expect(refused.body.error.message).toContain('Count the cash');
    expect(await stored(session.id as number)).toEqual(before);
    expect(before).toMatchObject({ state: 'opening_control', opening_cash: null, opened_at: null });
  });

  it('opens with a float that differs from the expected one and keeps both, so the difference shows but never blocks', async () => {
    const session = await nextSession(10_000);
    const answer = await patch(session.id as number, { state: 'opened', openingCash: 9_500 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'opened', expectedOpeningCash: 10_000, openingCash: 9_500 });
    expect(answer.body.openedAt).not.toBeNull();
    expect(await stored(session.id as number)).toMatchObject({
      state: 'opened',
      expected_opening_cash: 10_000,
      opening_cash: 9_500,
    });
  });
});

describe('closing under cash control', () => {
  it('refuses to close without the counted drawer (409 cash_count_required), from opened and from closing_control, and changes nothing', async () => {
    const session = await openedSession(1_000);
    const id = session.id as number;
    const before = await stored(id);
    const refused = await patch(id, { state: 'closed' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'cash_count_required', field: 'closingCash' });
    expect(await stored(id)).toEqual(before);
    expect((await patch(id, { state: 'closing_control' })).status).toBe(200);
    const inControl = await stored(id);
    const again = await patch(id, { state: 'closed', closingNote: 'no count' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('cash_count_required');
    expect(await stored(id)).toEqual(inControl);
  });

  it('refuses a count that differs from the expected cash without a note (409 closing_note_required, a blank note too) and changes nothing', async () => {
    const session = await openedSession(1_000);
    const id = session.id as number;
    const before = await stored(id);
    for (const body of [
      { state: 'closed', closingCash: 900 },
      { state: 'closed', closingCash: 900, closingNote: '   ' },
    ]) {
      const refused = await patch(id, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'closing_note_required', field: 'closingNote' });
      expect(refused.body.error.message).toContain('9.00 EUR');
      expect(refused.body.error.message).toContain('10.00 EUR');
      expect(await stored(id)).toEqual(before);
    }
  });

  it('closes with a count equal to the expected cash without a note, storing expected and counted', async () => {
    const session = await openedSession(1_000);
    const id = session.id as number;
    const closed = await patch(id, { state: 'closed', closingCash: 1_000 });
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(await stored(id)).toMatchObject({
      state: 'closed',
      expected_closing_cash: 1_000,
      closing_cash: 1_000,
      closing_note: null,
    });
  });

  it('closes with a difference and its note, storing the expected cash, the count and the trimmed note', async () => {
    const session = await openedSession(1_000);
    const id = session.id as number;
    const closed = await patch(id, {
      state: 'closed',
      closingCash: 950,
      closingNote: '  Coin fell behind  ',
    });
    expect(closed.status).toBe(200);
    const row = await stored(id);
    expect(row).toMatchObject({
      state: 'closed',
      expected_closing_cash: 1_000,
      closing_cash: 950,
      closing_note: 'Coin fell behind',
    });
    expect(row.closed_at).not.toBeNull();
    const next = await call<PosSession>(server.url, 'POST', `${CONFIG}/sessions`);
    expect(next.body.expectedOpeningCash).toBe(950);
  });

  it('counts cash sales into the expected cash: opening + cash tendered − change, card payments left out', async () => {
    const session = await openedSession(2_000);
    const id = session.id as number;
    const cash = makeOrder({ sessionId: id, pay: { method: 'cash', tendered: 5_000 } });
    const card = makeOrder({ sessionId: id, pay: { method: 'card' } });
    const upload = await call(server.url, 'POST', '/api/orders', { orders: [cash, card] });
    expect(upload.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    const expected = 2_000 + 5_000 - cash.amountReturn;
    const refused = await patch(id, { state: 'closed', closingCash: expected + 1 });
    expect(refused.body.error.code).toBe('closing_note_required');
    expect((await patch(id, { state: 'closed', closingCash: expected })).status).toBe(200);
    expect((await stored(id)).expected_closing_cash).toBe(expected);
  });
});

describe('the transitions under cash control', () => {
  /**
   * Asks session `id` to move with `body` and expects the refusal every test of this block checks:
   * 409 `transition_not_allowed`, and the stored row (state and every count) unchanged.
   */
  async function expectRefused(id: number, body: Record<string, unknown>): Promise<void> {
    const before = await stored(id);
    const refused = await patch(id, body);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('transition_not_allowed');
    expect(await stored(id)).toEqual(before);
  }

  it.each([
    ['opening_control', 'closing_control'],
    ['opening_control', 'closed'],
    ['opening_control', 'opening_control'],
  ])('refuses %s → %s with 409 transition_not_allowed and changes nothing', async (_from, to) => {
    const session = await nextSession();
    const id = session.id as number;
    await expectRefused(id, to === 'closed' ? { state: to, closingCash: 0 } : { state: to });
  });

  it.each([['opened'], ['closing_control'], ['opening_control']])(
    'refuses closed → %s with 409 transition_not_allowed',
    async (to) => {
      const session = await openedSession(0);
      const id = session.id as number;
      expect((await patch(id, { state: 'closed', closingCash: 0 })).status).toBe(200);
      await expectRefused(id, to === 'opened' ? { state: to, openingCash: 0 } : { state: to });
      await call(server.url, 'POST', `${CONFIG}/sessions`);
    },
  );

  it.each([['opened'], ['opening_control'], ['closing_control']])(
    'refuses closing_control → %s with 409 transition_not_allowed and changes nothing',
    async (to) => {
      const session = await openedSession(0);
      const id = session.id as number;
      expect((await patch(id, { state: 'closing_control' })).status).toBe(200);
      await expectRefused(id, to === 'opened' ? { state: to, openingCash: 0 } : { state: to });
    },
  );

  it('refuses closed → closed with a second count (409 transition_not_allowed) and keeps the first', async () => {
    const session = await openedSession(0);
    const id = session.id as number;
    expect((await patch(id, { state: 'closed', closingCash: 0 })).status).toBe(200);
    await expectRefused(id, { state: 'closed', closingCash: 500, closingNote: 'counted again' });
    await call(server.url, 'POST', `${CONFIG}/sessions`);
  });

  it('refuses opened → opened with its count (the float is counted once) and keeps the first count', async () => {
    const session = await openedSession(700);
    await expectRefused(session.id as number, { state: 'opened', openingCash: 800 });
    expect((await stored(session.id as number)).opening_cash).toBe(700);
  });
});

describe('orders rescued into an opened session', () => {
  it('lists them under rescued but leaves their cash out of this drawer: it was taken, and counted, in the session they were sold in (no false shortfall at the close)', async () => {
    const first = await openedSession(0);
    const firstId = first.id as number;
    const held = makeOrder({ sessionId: firstId, pay: { method: 'cash', tendered: 5_000 } });
    const heldCash = 5_000 - held.amountReturn;
    // The drawer held the sale's cash when it was counted, though the order had not arrived.
    const next = await nextSession(heldCash);
    const nextId = next.id as number;
    expect((await stored(firstId)).expected_closing_cash).toBe(0);
    expect((await patch(nextId, { state: 'opened', openingCash: 1_000 })).status).toBe(200);
    const sold = makeOrder({ sessionId: nextId, pay: { method: 'cash', tendered: 2_000 } });
    const upload = await call(server.url, 'POST', '/api/orders', { orders: [sold] });
    expect(upload.body.results[0].status).toBe('accepted');
    const rescued = await call(server.url, 'POST', `/api/sessions/${firstId}/rescue`, { orders: [held] });
    expect(rescued.status).toBe(200);
    expect(rescued.body.sessionId).toBe(nextId);
    expect(rescued.body.results[0].status).toBe('accepted');

    const report = await call(server.url, 'GET', `/api/sessions/${nextId}/report`);
    expect(report.status).toBe(200);
    expect(report.body.rescued).toEqual({ count: 1, amountTotal: held.amountTotal });
    expect(report.body.orders.count).toBe(2);
    expect(report.body.sales.amountTotal).toBe(sold.amountTotal + held.amountTotal);
    const drawer = 1_000 + 2_000 - sold.amountReturn;
    expect(report.body.cash).toMatchObject({ opening: 1_000, payments: 2_000, change: sold.amountReturn });
    expect(report.body.cash.expected).toBe(drawer);
    // The drawer holds the float and this session's own sale: it closes without a note.
    const closed = await patch(nextId, { state: 'closed', closingCash: drawer });
    expect(closed.status).toBe(200);
    expect((await stored(nextId)).expected_closing_cash).toBe(drawer);
    await call(server.url, 'POST', `${CONFIG}/sessions`);
  });
});

describe('counts the server refuses', () => {
  it.each([
    [{ state: 'opened', openingCash: -1 }, 'openingCash'],
    [{ state: 'opened', openingCash: 10.5 }, 'openingCash'],
    [{ state: 'opened', openingCash: MAX_CASH_AMOUNT + 1 }, 'openingCash'],
    [{ state: 'opened', openingCash: '1000' }, 'openingCash'],
    [{ state: 'opened', openingCash: null }, 'openingCash'],
    [{ state: 'closed', closingCash: -500 }, 'closingCash'],
    [{ state: 'closed', closingCash: 0.01 }, 'closingCash'],
    [{ state: 'closed', closingCash: 1e11 }, 'closingCash'],
    [{ state: 'closed', closingCash: '12.50' }, 'closingCash'],
    [{ state: 'closed', closingCash: 0, closingNote: 'x'.repeat(1_001) }, 'closingNote'],
    [{ state: 'closed', closingCash: 0, closingNote: 7 }, 'closingNote'],
  ])('refuses %j with 400 validation_failed at its field and changes nothing', async (body, field) => {
    const session = await nextSession();
    const id = session.id as number;
    const before = await stored(id);
    const refused = await patch(id, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field });
    expect(refused.body.error.message).toContain(field);
    expect(await stored(id)).toEqual(before);
  });

  it.each([
    [{ state: 'closed', closingCash: 0, openingCash: 100 }, 'openingCash'],
    [{ state: 'closing_control', closingCash: 100 }, 'closingCash'],
    [{ state: 'opened', openingCash: 100, closingNote: 'why' }, 'closingNote'],
  ])(
    'refuses %j (a count sent with another move would be dropped unseen) with 400 at its field',
    async (body, field) => {
      const session = await nextSession();
      const id = session.id as number;
      const before = await stored(id);
      const refused = await patch(id, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', field });
      expect(refused.body.error.message).toContain(`only with state`);
      expect(await stored(id)).toEqual(before);
    },
  );
});

describe('moves from a tablet', () => {
  const asTablet = (headers: Record<string, string> = {}): CallAs => ({
    token: server.device.token,
    headers,
  });

  it('lets a tablet of the config open the register with its counted float, with its token alone', async () => {
    const session = await nextSession(3_000);
    const opened = await patch(session.id as number, { state: 'opened', openingCash: 3_000 }, asTablet());
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ state: 'opened', openingCash: 3_000, expectedOpeningCash: 3_000 });
  });

  it('refuses a tablet that closes or starts closing control without the manager PIN or with a wrong one (403), and changes nothing', async () => {
    const session = await openedSession(0);
    const id = session.id as number;
    const before = await stored(id);
    for (const [body, headers] of [
      [{ state: 'closed', closingCash: 0 }, {}],
      [{ state: 'closed', closingCash: 0 }, { [MANAGER_PIN_HEADER]: '1111' }],
      [{ state: 'closing_control' }, {}],
      [{ state: 'closing_control' }, { [MANAGER_PIN_HEADER]: '9999' }],
    ] as const) {
      const refused = await patch(id, body, asTablet(headers));
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect(refused.body.error.message).toContain('manager PIN');
      expect(await stored(id)).toEqual(before);
    }
  });

  it('lets a tablet with the manager PIN start closing control and close with the count', async () => {
    const session = await openedSession(0);
    const id = session.id as number;
    const pin = asTablet({ [MANAGER_PIN_HEADER]: MANAGER_PIN });
    expect((await patch(id, { state: 'closing_control' }, pin)).status).toBe(200);
    const closed = await patch(id, { state: 'closed', closingCash: 0 }, pin);
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    // A tablet sees its own report only, as in the session check.
    expect(
      closed.body.devices.every((d: { deviceId: string }) => d.deviceId === server.device.deviceId),
    ).toBe(true);
    expect(await stored(id)).toMatchObject({ state: 'closed', closing_cash: 0 });
  });

  it("refuses another config's tablet (403) even with a PIN, and changes nothing", async () => {
    const other = await call(server.url, 'POST', '/api/configs', { name: 'Other till', currency: 'EUR' });
    const stranger = await pairDevice(server.url, other.body.id);
    const session = await nextSession();
    const id = session.id as number;
    const before = await stored(id);
    const refused = await patch(
      id,
      { state: 'opened', openingCash: 0 },
      { token: stranger.token, headers: { [MANAGER_PIN_HEADER]: MANAGER_PIN } },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(await stored(id)).toEqual(before);
  });
});

describe('without cash control', () => {
  it('opens opened and closes without counts as before, and stores a count when one is given (no note asked)', async () => {
    const made = await call(server.url, 'POST', '/api/configs', { name: 'Uncounted', currency: 'EUR' });
    const configId = made.body.id as number;
    const first = await call<PosSession>(server.url, 'POST', `/api/configs/${configId}/sessions`);
    expect(first.body).toMatchObject({ state: 'opened', cashControl: false, expectedOpeningCash: null });
    expect((await patch(first.body.id as number, { state: 'closed' })).status).toBe(200);
    expect(await stored(first.body.id as number)).toMatchObject({
      closing_cash: null,
      expected_closing_cash: null,
    });
    const second = await call<PosSession>(server.url, 'POST', `/api/configs/${configId}/sessions`);
    const counted = await patch(second.body.id as number, { state: 'closed', closingCash: 250 });
    expect(counted.status).toBe(200);
    expect(await stored(second.body.id as number)).toMatchObject({
      closing_cash: 250,
      expected_closing_cash: 0,
      closing_note: null,
    });
  });
});
