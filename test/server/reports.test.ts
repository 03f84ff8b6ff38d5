import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Id } from '../../src/domain/ids.js';
import { cartTotals } from '../../src/domain/order-totals.js';
import type { OrderLine, Payment, PosOrder } from '../../src/domain/pos-order.js';
import type { DayReport, SessionReport } from '../../src/domain/report.js';
import {
  call,
  CATALOG,
  freshSession,
  pairDevice,
  SEED_CONFIG_ID,
  TEST_ADMIN_TOKEN,
  useTestServer,
  type PairedDevice,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

const FOOD = CATALOG.findIndex((p) => p.taxRate === 550);
const STANDARD = CATALOG.findIndex((p) => p.taxRate === 2_000);
let sequence = 50_000;

/** A valid order of `device` in `sessionId` with these lines (catalog index, quantity, discount %) and payments. */
function order(
  sessionId: Id,
  items: { index: number; quantity: number; discount?: number }[],
  pay: (total: number) => Payment[],
  deviceNumber = 1,
): PosOrder {
  const lines: OrderLine[] = items.map(({ index, quantity, discount }) => {
    const product = CATALOG[index];
    if (!product) throw new Error(`no catalog product ${index}`);
    return {
      productId: product.id,
      name: product.name,
      quantity,
      unitPrice: product.price,
      taxRate: product.taxRate,
      discount: discount ?? 0,
    };
  });
  const draft = {
    uuid: randomUUID(),
    sessionId,
    deviceNumber,
    currency: 'EUR',
    createdAt: new Date().toISOString(),
    lines,
    payments: [],
  };
  return buildOrder({ ...draft, payments: pay(cartTotals(lines).amountTotal) }, sequence++);
}

async function upload(orders: PosOrder[], device: PairedDevice = server.device): Promise<void> {
  const answer = await call<{ results: { status: string }[] }>(
    server.url,
    'POST',
    '/api/orders',
    { orders },
    undefined,
    { token: device.token },
  );
  expect(answer.body.results.map((r) => r.status)).toEqual(orders.map(() => 'accepted'));
}

async function report(sessionId: Id, token?: string | null) {
  return call<SessionReport>(
    server.url,
    'GET',
    `/api/sessions/${sessionId}/report`,
    undefined,
    undefined,
    token === undefined ? {} : { token },
  );
}

async function setCashControl(on: boolean): Promise<void> {
  await server.database.db
    .updateTable('configs')
    .set({ cash_control: on ? 1 : 0 })
    .where('id', '=', SEED_CONFIG_ID)
    .execute();
}

describe('the X report of a session that runs (GET /api/sessions/:id/report)', () => {
  it('sums orders, discounts, payments with their change, taxes by rate and devices exactly as sold', async () => {
    await setCashControl(false);
    const session = await freshSession(server.url);
    const second = await pairDevice(server.url, SEED_CONFIG_ID);
    const cash = order(
      session.id,
      [
        { index: FOOD, quantity: 3, discount: 10 },
        { index: STANDARD, quantity: 1 },
      ],
      () => [{ method: 'cash', amount: 10_000 }],
    );
    const card = order(session.id, [{ index: STANDARD, quantity: 2, discount: 15 }], (total) => [
      { method: 'card', amount: total },
    ]);
    const split = order(
      session.id,
      [{ index: FOOD, quantity: 7 }],
      (total) => [
        { method: 'card', amount: 100 },
        { method: 'cash', amount: total },
      ],
      second.deviceNumber,
    );
    await upload([cash, card]);
    await upload([split], second);
    const all = [cash, card, split];

    const answer = await report(session.id);
    expect(answer.status).toBe(200);
    const got = answer.body;
    const sum = (orders: PosOrder[], pick: (o: PosOrder) => number) =>
      orders.reduce((n, o) => n + pick(o), 0);
    const lines = all.flatMap((o) => o.lines);
    const lineTotal = (l: OrderLine) => Math.round((l.unitPrice * l.quantity * (100 - l.discount)) / 100);
    const lineTax = (l: OrderLine) => Math.round((lineTotal(l) * l.taxRate) / (10_000 + l.taxRate));
    const byRate = (rate: number) => lines.filter((l) => l.taxRate === rate);
    const taxOf = (rate: number) => byRate(rate).reduce((n, l) => n + lineTax(l), 0);
    const totalOf = (rate: number) => byRate(rate).reduce((n, l) => n + lineTotal(l), 0);
    expect(got).toMatchObject({
      kind: 'X',
      session: { id: session.id, name: session.name, state: 'opened', closedAt: null },
      config: { id: SEED_CONFIG_ID, currency: 'EUR' },
      orders: { count: 3 },
      sales: {
        amountTotal: sum(all, (o) => o.amountTotal),
        amountTax: sum(all, (o) => o.amountTax),
        discounts: lines.reduce((n, l) => n + l.unitPrice * l.quantity - lineTotal(l), 0),
      },
      payments: [
        { method: 'card', count: 2, amount: card.amountTotal + 100 },
        { method: 'cash', count: 2, amount: 10_000 + split.amountTotal },
      ],
      change: cash.amountReturn + split.amountReturn,
      taxes: [
        { taxRate: 550, base: totalOf(550) - taxOf(550), tax: taxOf(550) },
        { taxRate: 2_000, base: totalOf(2_000) - taxOf(2_000), tax: taxOf(2_000) },
      ],
      devices: [
        { deviceNumber: 1, count: 2, amountTotal: cash.amountTotal + card.amountTotal },
        { deviceNumber: second.deviceNumber, count: 1, amountTotal: split.amountTotal },
      ],
      cash: null,
      rescued: { count: 0, amountTotal: 0 },
    });
    expect(split.amountReturn).toBe(100);
    expect(got.sales.discounts).toBeGreaterThan(0);
    expect([got.orders.firstReference, got.orders.lastReference].sort()).toEqual(
      [all[0]?.reference, all[2]?.reference].sort(),
    );
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('lets a device of the config read it, and refuses another config’s device, no token and a device on the downloads', async () => {
    const session = await freshSession(server.url);
    expect((await report(session.id, server.device.token)).status).toBe(200);
    const other = await call<{ id: number }>(server.url, 'POST', '/api/configs', {
      name: `Report counter ${randomUUID().slice(0, 8)}`,
      currency: 'EUR',
    });
    const stranger = await pairDevice(server.url, other.body.id);
    const refused = await report(session.id, stranger.token);
    expect(refused.status).toBe(403);
    expect((refused.body as unknown as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await report(session.id, null)).status).toBe(401);
    for (const path of ['report.csv', 'lines.csv']) {
      const download = await call(
        server.url,
        'GET',
        `/api/sessions/${session.id}/${path}`,
        undefined,
        undefined,
        {
          token: server.device.token,
        },
      );
      expect(download.status).toBe(403);
    }
    expect((await report(99_999)).status).toBe(404);
    const day = await call(
      server.url,
      'GET',
      `/api/configs/${SEED_CONFIG_ID}/report?date=2026-12-05`,
      undefined,
      undefined,
      {
        token: server.device.token,
      },
    );
    expect(day.status).toBe(403);
  });
});

describe('the Z report of a closed session', () => {
  it('is computed at the first read of a session closed before reports were kept, stored, and never changes after', async () => {
    await setCashControl(false);
    const session = await freshSession(server.url);
    const sold = order(session.id, [{ index: FOOD, quantity: 2 }], (t) => [{ method: 'card', amount: t }]);
    await upload([sold]);
    await call(server.url, 'PATCH', `/api/sessions/${session.id}`, { state: 'closed' });
    await server.database.db
      .updateTable('sessions')
      .set({ z_report: null })
      .where('id', '=', Number(session.id))
      .execute();

    const first = await report(session.id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'Z', session: { state: 'closed' }, orders: { count: 1 } });
    const stored = await server.database.db
      .selectFrom('sessions')
      .select('z_report')
      .where('id', '=', Number(session.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.z_report ?? 'null')).toEqual(first.body);

    const product = CATALOG[FOOD];
    expect(
      (await call(server.url, 'PATCH', `/api/products/${product?.id}`, { name: 'Renamed after the close' }))
        .status,
    ).toBe(200);
    expect(
      (await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { name: 'Renamed counter' })).status,
    ).toBe(200);
    const later = await report(session.id);
    expect(later.body).toEqual(first.body);
    expect(later.body.config.name).not.toBe('Renamed counter');
    await call(server.url, 'PATCH', `/api/products/${product?.id}`, { name: product?.name });
    await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { name: first.body.config.name });
  });
});

describe('the cash part of a report', () => {
  it('is null without cash control, and under it gives the float, cash tendered, change, moves in arrival order and the expected drawer', async () => {
    const session = await freshSession(server.url, 'opening_control');
    const id = Number(session.id);
    expect((await report(session.id)).body.cash).toBeNull();
    await setCashControl(true);
    const opened = await call(server.url, 'PATCH', `/api/sessions/${id}`, {
      state: 'opened',
      openingCash: 15_000,
    });
    expect(opened.status).toBe(200);
    const sold = order(session.id, [{ index: STANDARD, quantity: 1 }], () => [
      { method: 'cash', amount: 5_000 },
    ]);
    const card = order(session.id, [{ index: FOOD, quantity: 1 }], (t) => [{ method: 'card', amount: t }]);
    await upload([sold, card]);
    const move = (amount: number, reason: string, createdAt: string) => ({
      uuid: randomUUID(),
      sessionId: id,
      deviceNumber: 1,
      amount,
      reason,
      createdAt,
    });
    const sent = await call(server.url, 'POST', '/api/cash-moves', {
      moves: [
        move(-2_000, 'Bank deposit', '2026-12-05T10:00:00.000Z'),
        move(500, 'Change float', '2026-12-05T09:00:00.000Z'),
      ],
    });
    expect(sent.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    const expected = 15_000 + 5_000 - sold.amountReturn - 1_500;
    const moves = [
      { amount: -2_000, reason: 'Bank deposit', createdAt: '2026-12-05T10:00:00.000Z', deviceNumber: 1 },
      { amount: 500, reason: 'Change float', createdAt: '2026-12-05T09:00:00.000Z', deviceNumber: 1 },
    ];
    const live = await report(session.id);
    expect(live.body.cash).toEqual({
      opening: 15_000,
      payments: 5_000,
      change: sold.amountReturn,
      refunds: 0,
      moves,
      expected,
      counted: null,
      difference: null,
      note: null,
    });

    const closed = await call(server.url, 'PATCH', `/api/sessions/${id}`, {
      state: 'closed',
      closingCash: expected - 300,
      closingNote: 'Three euros short',
    });
    expect(closed.status).toBe(200);
    await setCashControl(false);
    const z = await report(session.id);
    expect(z.body).toMatchObject({
      kind: 'Z',
      cash: {
        opening: 15_000,
        moves,
        expected,
        counted: expected - 300,
        difference: -300,
        note: 'Three euros short',
      },
    });
  });
});

describe('the Z report fixed at the closing', () => {
  it('is stored by the close itself, so renaming a product or the register afterwards changes nothing', async () => {
    await setCashControl(false);
    const session = await freshSession(server.url);
    const sold = order(session.id, [{ index: FOOD, quantity: 2 }], (t) => [{ method: 'card', amount: t }]);
    await upload([sold]);
    const closed = await call(server.url, 'PATCH', `/api/sessions/${session.id}`, { state: 'closed' });
    expect(closed.status).toBe(200);
    const row = await server.database.db
      .selectFrom('sessions')
      .select(['z_report', 'closed_at'])
      .where('id', '=', Number(session.id))
      .executeTakeFirstOrThrow();
    const stored = JSON.parse(row.z_report ?? 'null') as SessionReport;
    expect(stored).toMatchObject({
      kind: 'Z',
      generatedAt: row.closed_at,
      session: { state: 'closed', closedAt: row.closed_at },
      orders: { count: 1, firstReference: sold.reference },
    });
    const product = CATALOG[FOOD];
    const configName = stored.config.name;
    expect(
      (await call(server.url, 'PATCH', `/api/products/${product?.id}`, { name: 'Renamed after the close' }))
        .status,
    ).toBe(200);
    expect(
      (await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { name: 'Renamed counter' })).status,
    ).toBe(200);
    try {
      expect((await report(session.id)).body).toEqual(stored);
    } finally {
      await call(server.url, 'PATCH', `/api/products/${product?.id}`, { name: product?.name });
      await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { name: configName });
    }
  });
});

describe('the day report (GET /api/configs/:id/report?date=)', () => {
  it('sums the sessions opened that day in the shop’s time zone, rescue sessions included', async () => {
    await setCashControl(false);
    const db = server.database.db;
    await db
      .updateTable('configs')
      .set({ time_zone: 'America/Los_Angeles' })
      .where('id', '=', SEED_CONFIG_ID)
      .execute();
    const before = await freshSession(server.url);
    const early = order(before.id, [{ index: FOOD, quantity: 1 }], (t) => [{ method: 'card', amount: t }]);
    const held = order(before.id, [{ index: STANDARD, quantity: 1 }], (t) => [{ method: 'cash', amount: t }]);
    await upload([early]);
    const onTheDay = await freshSession(server.url);
    const late = order(onTheDay.id, [{ index: FOOD, quantity: 4 }], (t) => [{ method: 'card', amount: t }]);
    await upload([late]);
    await call(server.url, 'PATCH', `/api/sessions/${onTheDay.id}`, { state: 'closed' });
    // No session is open: the rescue opens (and closes) a rescue session for it, that day.
    const rescued = await call(server.url, 'POST', `/api/sessions/${before.id}/rescue`, { orders: [held] });
    expect(rescued.body.rescueSession).toBe(true);
    const rescueId = Number(rescued.body.sessionId);
    // 23:59:59 in Los Angeles on 13 June 2025, then 00:00 and 23:59 on 14 June (summer time).
    for (const [id, openedAt] of [
      [Number(before.id), '2025-06-14T06:59:59.000Z'],
      [Number(onTheDay.id), '2025-06-14T07:00:00.000Z'],
      [rescueId, '2025-06-15T06:59:00.000Z'],
    ] as const)
      await db.updateTable('sessions').set({ opened_at: openedAt }).where('id', '=', id).execute();

    const answer = await call<DayReport>(
      server.url,
      'GET',
      `/api/configs/${SEED_CONFIG_ID}/report?date=2025-06-14`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      config: { id: SEED_CONFIG_ID, timeZone: 'America/Los_Angeles' },
      date: '2025-06-14',
      sessions: [
        { id: Number(onTheDay.id), rescue: false },
        { id: rescueId, rescue: true },
      ],
      orders: { count: 2 },
      sales: { amountTotal: late.amountTotal + held.amountTotal },
      rescued: { count: 1, amountTotal: held.amountTotal },
      cash: null,
    });
    const dayBefore = await call<DayReport>(
      server.url,
      'GET',
      `/api/configs/${SEED_CONFIG_ID}/report?date=2025-06-13`,
    );
    expect(dayBefore.body.sessions.map((s) => s.id)).toEqual([Number(before.id)]);
    expect(dayBefore.body.sales.amountTotal).toBe(early.amountTotal);
    await db.updateTable('configs').set({ time_zone: 'UTC' }).where('id', '=', SEED_CONFIG_ID).execute();
  });

  it.each(['2026-02-30', '2026-13-01', '5 December', '', '2026-1-5'])(
    'refuses the date %j with 400 validation_failed on date',
    async (date) => {
      const answer = await call(
        server.url,
        'GET',
        `/api/configs/${SEED_CONFIG_ID}/report?date=${encodeURIComponent(date)}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'validation_failed', field: 'date' });
    },
  );

  it('answers 404 for an unknown config', async () => {
    expect((await call(server.url, 'GET', '/api/configs/99999/report?date=2026-12-05')).status).toBe(404);
  });
});

describe('the downloads an accountant uses', () => {
  it('lines.csv gives one row per order line with product, quantity, unit price, discount, tax rate, tax and total', async () => {
    const session = await freshSession(server.url);
    const sold = order(
      session.id,
      [
        { index: FOOD, quantity: 3, discount: 10 },
        { index: STANDARD, quantity: 1 },
      ],
      (t) => [{ method: 'card', amount: t }],
    );
    await upload([sold]);
    const response = await fetch(`${server.url}/api/sessions/${session.id}/lines.csv`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/-lines\.csv"$/);
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const food = CATALOG[FOOD];
    const standard = CATALOG[STANDARD];
    if (!food || !standard) throw new Error('no catalog');
    const money = (minor: number) => (minor / 100).toFixed(2);
    const foodTotal = Math.round((food.price * 3 * 90) / 100);
    const foodTax = Math.round((foodTotal * 550) / 10_550);
    const standardTax = Math.round((standard.price * 2_000) / 12_000);
    expect(text.split('\r\n')).toEqual([
      'reference,created_at,device,product_id,product,quantity,unit_price,discount_percent,discount,tax_rate,tax,total',
      `${sold.reference},${sold.createdAt},1,${food.id},${food.name},3,${money(food.price)},10,${money(food.price * 3 - foodTotal)},5.5,${money(foodTax)},${money(foodTotal)}`,
      `${sold.reference},${sold.createdAt},1,${standard.id},${standard.name},1,${money(standard.price)},0,0.00,20,${money(standardTax)},${money(standard.price)}`,
      '',
    ]);
  });

  it('report.csv gives the report one section per part, money in decimals', async () => {
    await setCashControl(false);
    const session = await freshSession(server.url);
    const sold = order(session.id, [{ index: FOOD, quantity: 2 }], () => [{ method: 'cash', amount: 2_000 }]);
    await upload([sold]);
    const response = await fetch(`${server.url}/api/sessions/${session.id}/report.csv`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/-report\.csv"$/);
    const rows = (await response.text()).replace(/^\uFEFF/, '').split('\r\n');
    const money = (minor: number) => (minor / 100).toFixed(2);
    const titles = rows.filter((_row, i) => i === 0 || rows[i - 1] === '');
    expect(titles).toEqual(['report', 'sales', 'payments', 'refunds', 'taxes', 'devices', 'rescued']);
    const after = (title: string) => rows.slice(rows.indexOf(title) + 1, rows.indexOf(title) + 3);
    expect(after('payments')).toEqual(['method,count,amount', 'cash,1,20.00']);
    expect(after('refunds')).toEqual([
      'refunds,total,tax,net_total',
      `0,0.00,0.00,${money(sold.amountTotal)}`,
    ]);
    expect(after('sales')).toEqual([
      'orders,first_reference,last_reference,total,tax,discounts,change',
      `1,${sold.reference},${sold.reference},${money(sold.amountTotal)},${money(sold.amountTax)},0.00,${money(sold.amountReturn)}`,
    ]);
    expect(after('taxes')[1]).toBe(
      `5.5,${money(sold.amountTotal - sold.amountTax)},${money(sold.amountTax)}`,
    );
  });
});
