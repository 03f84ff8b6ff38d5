import { describe, expect, it } from 'vitest';
import { HeldOrdersDesk } from '../../src/app/held-orders-desk.js';
import { heldOrderRow, heldOrdersCsv, heldOrdersJson } from '../../src/app/held-orders-export.js';
import { pinMatches } from '../../src/app/held-orders-pin.js';
import { rescueHeld } from '../../src/app/held-orders-rescue.js';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';
import { SESSION_STORE, type OrderEntry, type PosDb } from '../../src/store/db.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { countByStatus, getEntry, updateEntries } from '../../src/store/outbox-repo.js';
import { addPending, addPendingMove, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json, networkDown, type Handler } from '../sync/fake-api.js';
import { hashOf } from './pin-hash.js';

/** `count` held entries of session 42, one rejected, one pending and one synced. */
async function outbox(
  db: PosDb,
): Promise<{ held: OrderEntry[]; rejected: OrderEntry; pending: OrderEntry; synced: OrderEntry }> {
  const all = await addPending(db, 6);
  const [a, b, c, rejected, pending, synced] = all as [
    OrderEntry,
    OrderEntry,
    OrderEntry,
    OrderEntry,
    OrderEntry,
    OrderEntry,
  ];
  const heldError = {
    code: 'session_closed',
    message: 'The session is closed: the order waits for a manager.',
  };
  await updateEntries(db, [
    ...[a, b, c].map((e) => ({ uuid: e.uuid, patch: { status: 'held' as const, lastError: heldError } })),
    {
      uuid: rejected.uuid,
      patch: {
        status: 'rejected' as const,
        lastError: { code: 'validation_failed', message: 'totals do not add up, "really"' },
      },
    },
    { uuid: synced.uuid, patch: { status: 'synced' as const, syncedAt: 1 } },
  ]);
  const stored = async (e: OrderEntry): Promise<OrderEntry> => {
    const entry = await getEntry(db, e.uuid);
    return entry?.kind === 'order' ? entry : e;
  };
  return {
    held: await Promise.all([a, b, c].map(stored)),
    rejected: await stored(rejected),
    pending: await stored(pending),
    synced: await stored(synced),
  };
}

function rescueServer(
  answer: (orders: { uuid: string }[], sessionId: string, pin: string | null) => Response | Promise<Response>,
) {
  const handler: Handler = (request) => {
    const orders = (request.body as { orders: { uuid: string }[] }).orders;
    const sessionId = /\/api\/sessions\/([^/]+)\/rescue$/.exec(request.url.pathname)?.[1] ?? '';
    return answer(orders, sessionId, seenPins.at(-1) ?? null);
  };
  const seenPins: string[] = [];
  const server = fakeFetch(handler);
  const fetch: typeof server.fetch = (input, init) => {
    seenPins.push(new Headers(init?.headers).get(MANAGER_PIN_HEADER) ?? '');
    return server.fetch(input, init);
  };
  return { fetch, requests: server.requests, seenPins };
}

describe('manager PIN, offline', () => {
  it('matches the PIN the server hashed, refuses any other', async () => {
    const stored = hashOf('2468');
    expect(await pinMatches('2468', stored)).toBe(true);
    expect(await pinMatches('2469', stored)).toBe(false);
    expect(await pinMatches('', stored)).toBe(false);
  });

  it('the desk stays locked and lists nothing when no PIN is set, or with a wrong PIN', async () => {
    const db = await openTestDb();
    await outbox(db);
    const desk = new HeldOrdersDesk({ db: () => db, fetch: fakeFetch(networkDown).fetch, now: () => 0 });
    expect(await desk.pinHash()).toBeNull();
    expect(await desk.unlock('2468')).toBe(false);
    await setMeta(db, 'managerPinHash', hashOf('2468'));
    expect(await desk.unlock('0000')).toBe(false);
    expect(await desk.entries()).toEqual([]);
    expect(await desk.rescue()).toEqual([]);
    expect(await desk.unlock('2468')).toBe(true);
    // Held, rejected, then what still waits to be sent: everything the server does not have.
    expect((await desk.entries()).map((e) => e.status)).toEqual([
      'held',
      'held',
      'held',
      'rejected',
      'pending',
    ]);
    desk.lock();
    expect(await desk.entries()).toEqual([]);
  });
});

describe('exports', () => {
  it('CSV: one header line, one line per order, reasons quoted, amounts in minor units, CRLF', async () => {
    const db = await openTestDb();
    const { held, rejected } = await outbox(db);
    const csv = heldOrdersCsv([held[0], rejected].flatMap((e) => (e ? [e] : [])));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'reference,uuid,sessionId,status,createdAt,amountTotal,currency,reasonCode,reason,kind,cashReason',
    );
    expect(lines[1]).toBe(
      `${held[0]?.order.reference},${held[0]?.uuid},42,held,2026-11-29T08:00:00.000Z,120,EUR,session_closed,The session is closed: the order waits for a manager.,order,`,
    );
    expect(lines[2]).toBe(
      `${rejected.order.reference},${rejected.uuid},42,rejected,2026-11-29T08:00:00.000Z,120,EUR,validation_failed,"totals do not add up, ""really""",order,`,
    );
    expect(lines.at(-1)).toBe('');
  });

  it('CSV: a field a spreadsheet would run as a formula is defused', () => {
    const entry = {
      kind: 'order',
      uuid: 'u',
      sessionId: 1,
      status: 'held',
      order: { reference: '=HYPERLINK("x")', createdAt: 'c', amountTotal: -5, currency: 'EUR' },
      lastError: null,
    } as unknown as OrderEntry;
    expect(heldOrdersCsv([entry]).split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",u,1,held,c,-5,EUR,,,order,`);
  });

  it('JSON: every row with the full order as it would be sent', async () => {
    const db = await openTestDb();
    const { held } = await outbox(db);
    const parsed = JSON.parse(heldOrdersJson(held, '2026-11-29T09:00:00.000Z')) as {
      exportedAt: string;
      orders: { reference: string; order: unknown }[];
    };
    expect(parsed.exportedAt).toBe('2026-11-29T09:00:00.000Z');
    expect(parsed.orders.map((o) => o.reference)).toEqual(held.map((e) => e.order.reference));
    expect(parsed.orders[0]?.order).toEqual(held[0]?.order);
  });
});

describe('rescueHeld', () => {
  it('POSTs the held orders of each closed session with the PIN; accepted and duplicate become synced in the landing session, invalid stay held with the reason', async () => {
    const db = await openTestDb();
    const clock = testClock();
    const { held, rejected, pending, synced } = await outbox(db);
    const [first, second, third] = held as [OrderEntry, OrderEntry, OrderEntry];
    const server = rescueServer((orders) =>
      json({
        sessionId: 77,
        sessionName: 'Main counter/00001 (rescue)',
        closedSessionName: 'Main counter/00001',
        rescueSession: true,
        clockSkewToleranceMs: 300_000,
        results: orders.map(({ uuid }) =>
          uuid === third.uuid
            ? {
                uuid,
                status: 'invalid',
                error: { code: 'validation_failed', message: 'createdAt is after the session closed' },
              }
            : { uuid, status: uuid === second.uuid ? 'duplicate' : 'accepted' },
        ),
      }),
    );
    const summaries = await rescueHeld({ db, fetch: server.fetch, now: clock.now, pin: '2468' }, [
      ...held,
      rejected,
      pending,
      synced,
    ]);
    expect(server.requests.map((r) => [r.method, r.url.pathname])).toEqual([
      ['POST', '/api/sessions/42/rescue'],
    ]);
    expect(server.seenPins).toEqual(['2468']);
    expect((server.requests[0]?.body as { orders: unknown[] }).orders).toEqual(held.map((e) => e.order));
    expect(summaries).toEqual([
      {
        sessionId: 42,
        sessionName: 'Main counter/00001',
        rescued: 2,
        duplicate: 1,
        invalid: 1,
        landedSessionId: 77,
        landedSessionName: 'Main counter/00001 (rescue)',
        rescueSession: true,
        error: null,
      },
    ]);
    expect(await getEntry(db, first.uuid)).toMatchObject({
      status: 'synced',
      syncedAt: clock.at,
      landedSessionId: 77,
      lastError: null,
    });
    expect(await getEntry(db, second.uuid)).toMatchObject({ status: 'synced', landedSessionId: 77 });
    expect(await getEntry(db, third.uuid)).toMatchObject({
      status: 'held',
      lastError: { code: 'validation_failed', message: 'createdAt is after the session closed' },
    });
    expect(await countByStatus(db)).toEqual({ pending: 1, synced: 3, held: 1, rejected: 1 });
  });

  it('a refused request (wrong PIN, network down, session not closed) changes nothing and says why', async () => {
    const answers: Handler[] = [
      () =>
        json(
          { error: { code: 'forbidden', message: 'A rescue needs the manager PIN of this POS config.' } },
          403,
        ),
      networkDown,
      () => json({ error: { code: 'conflict', message: 'Session x is opened, not closed' } }, 409),
    ];
    for (const [index, answer] of answers.entries()) {
      const db = await openTestDb();
      const { held } = await outbox(db);
      const before = await countByStatus(db);
      const [summary] = await rescueHeld(
        { db, fetch: fakeFetch(answer).fetch, now: () => 1, pin: '1' },
        held,
      );
      expect(summary?.error?.code).toBe(['forbidden', 'network', 'conflict'][index]);
      expect(await countByStatus(db)).toEqual(before);
    }
  });

  it("names the session from the tablet's own record when the server could not be reached, and by id when nothing knows it", async () => {
    const db = await openTestDb();
    await seedSession(db, { state: 'closed' }); // session 42, 'Main counter/00042'
    const { held } = await outbox(db);
    const [named] = await rescueHeld(
      { db, fetch: fakeFetch(networkDown).fetch, now: () => 1, pin: '1' },
      held,
    );
    expect(named).toMatchObject({
      sessionId: 42,
      sessionName: 'Main counter/00042',
      landedSessionName: null,
      error: { code: 'network' },
    });
    const unknown = await openTestDb();
    const orphans = (await outbox(unknown)).held;
    await unknown.delete(SESSION_STORE, 42); // the tablet's record of the session is gone
    const [bare] = await rescueHeld(
      { db: unknown, fetch: fakeFetch(networkDown).fetch, now: () => 1, pin: '1' },
      orphans,
    );
    expect(bare).toMatchObject({ sessionId: 42, sessionName: null });
  });

  it('sends one request per closed session', async () => {
    const db = await openTestDb();
    const mine = await addPending(db, 2, { sessionId: 41 });
    const other = await addPending(db, 1, { sessionId: 43 });
    await updateEntries(
      db,
      [...mine, ...other].map((e) => ({ uuid: e.uuid, patch: { status: 'held' as const } })),
    );
    const server = rescueServer((orders, sessionId) =>
      json({
        sessionId: Number(sessionId) + 100,
        rescueSession: false,
        clockSkewToleranceMs: 1,
        results: orders.map(({ uuid }) => ({ uuid, status: 'accepted' })),
      }),
    );
    const summaries = await rescueHeld(
      { db, fetch: server.fetch, now: () => 1, pin: '1' },
      [...mine, ...other].map((e) => ({ ...e, status: 'held' as const })),
    );
    expect(summaries.map((s) => [s.sessionId, s.rescued, s.landedSessionId])).toEqual([
      [41, 2, 141],
      [43, 1, 143],
    ]);
    expect((await getEntry(db, other[0]?.uuid ?? ''))?.landedSessionId).toBe(143);
  });
});

describe('held cash moves', () => {
  /** One held order and one held cash out of session 42 (closed), as a flush leaves them. */
  async function heldMoveAndOrder(db: PosDb) {
    const [order] = await addPending(db, 1);
    const move = await addPendingMove(db, { now: 1_700_000_000_001 });
    const held = { status: 'held' as const, lastError: { code: 'session_closed', message: 'closed' } };
    await updateEntries(db, [
      { uuid: order?.uuid ?? '', patch: held },
      { uuid: move.uuid, patch: held },
    ]);
    return { order, move };
  }

  it('a held cash move shows in the area with its amount and reason, and in both exports', async () => {
    const db = await openTestDb();
    const { move } = await heldMoveAndOrder(db);
    const stored = await getEntry(db, move.uuid);
    if (!stored) throw new Error('the move is gone');
    expect(heldOrderRow(stored)).toMatchObject({
      kind: 'cash-move',
      reference: '',
      amountTotal: -2000,
      currency: 'EUR',
      cashReason: 'Bank deposit',
      status: 'held',
      reasonCode: 'session_closed',
    });
    expect(heldOrdersCsv([stored]).split('\r\n')[1]).toBe(
      `,${move.uuid},42,held,2026-11-29T08:00:00.000Z,-2000,EUR,session_closed,closed,cash-move,Bank deposit`,
    );
    const json = JSON.parse(heldOrdersJson([stored], '2026-11-29T09:00:00.000Z')) as {
      orders: unknown[];
      cashMoves: { move: unknown; cashReason: string }[];
    };
    expect(json.orders).toEqual([]);
    expect(json.cashMoves).toEqual([
      expect.objectContaining({ move: move.move, cashReason: 'Bank deposit' }),
    ]);
  });

  it('a rescue sends only the held orders: a held cash move is never sent as an order, and stays held', async () => {
    const db = await openTestDb();
    const clock = testClock();
    const { order, move } = await heldMoveAndOrder(db);
    const server = rescueServer((orders) =>
      json({
        sessionId: 77,
        rescueSession: false,
        clockSkewToleranceMs: 300_000,
        results: orders.map(({ uuid }) => ({ uuid, status: 'accepted' })),
      }),
    );
    const entries = await Promise.all([getEntry(db, order?.uuid ?? ''), getEntry(db, move.uuid)]);
    await rescueHeld(
      { db, fetch: server.fetch, now: clock.now, pin: '2468' },
      entries.flatMap((e) => (e ? [e] : [])),
    );
    expect((server.requests[0]?.body as { orders: { uuid: string }[] }).orders.map((o) => o.uuid)).toEqual([
      order?.uuid,
    ]);
    expect((await getEntry(db, move.uuid))?.status).toBe('held');
    expect(await countByStatus(db)).toMatchObject({ held: 1, synced: 1 });
  });
});
