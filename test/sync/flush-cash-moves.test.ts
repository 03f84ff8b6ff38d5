import { describe, expect, it } from 'vitest';
import { countByStatus, getEntry } from '../../src/store/outbox-repo.js';
import { getSessionRecord } from '../../src/store/session-repo.js';
import { flushOutbox } from '../../src/sync/flush-outbox.js';
import {
  addPending,
  addPendingMove,
  makeSession,
  openTestDb,
  seedSession,
  testClock,
} from '../store/fixtures.js';
import {
  answerMoves,
  answerOrders,
  fakeFetch,
  json,
  networkDown,
  uploadedMoveUuids,
  uploadedUuids,
  type Handler,
  type SeenRequest,
} from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';

/** A fake API: session checks answer `session`, orders go to `orders`, cash moves to `moves`. */
function api(handlers: { orders?: Handler; moves?: Handler }, session = makeSession()) {
  return fakeFetch((request) => {
    if (request.url.pathname === '/api/orders') return (handlers.orders ?? answerOrders)(request);
    if (request.url.pathname === '/api/cash-moves') return (handlers.moves ?? answerMoves)(request);
    return json(session);
  });
}

async function setup(state: 'opened' | 'closing_control' | 'closed' = 'opened') {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { state, now: clock.at, nextCheckAt: clock.at + 60_000 });
  return { db, clock };
}

const uploads = (requests: SeenRequest[]) =>
  requests.filter((r) => r.url.pathname === '/api/orders' || r.url.pathname === '/api/cash-moves');

describe('flushOutbox with cash moves', () => {
  it('a batch mixing orders and moves: orders to /api/orders, moves to /api/cash-moves, in the order they were made, each once', async () => {
    const { db, clock } = await setup();
    const [o1, o2] = await addPending(db, 2, { now: clock.at });
    const m1 = await addPendingMove(db, { now: clock.at + 10 });
    const m2 = await addPendingMove(db, {
      now: clock.at + 11,
      move: { amount: 5000, reason: 'Change float' },
    });
    const [o3] = await addPending(db, 1, { now: clock.at + 20 });
    const server = api({});
    const report = await flushOutbox(makeSyncDeps(db, server.fetch, clock));
    expect(
      uploads(server.requests).map((r) => [
        r.url.pathname,
        r.url.pathname === '/api/orders' ? uploadedUuids(r) : uploadedMoveUuids(r),
      ]),
    ).toEqual([
      ['/api/orders', [o1?.uuid, o2?.uuid]],
      ['/api/cash-moves', [m1.uuid, m2.uuid]],
      ['/api/orders', [o3?.uuid]],
    ]);
    // The move is sent exactly as stored, and nothing else goes with it.
    expect(uploads(server.requests)[1]?.body).toEqual({ moves: [m1.move, m2.move] });
    expect(report).toMatchObject({ sent: 5, accepted: 5, failed: false });
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 5, held: 0, rejected: 0 });
  });

  it('a move is not sent twice after a retry: a failed upload leaves it pending, the next flush sends it once, then never again', async () => {
    const { db, clock } = await setup();
    const move = await addPendingMove(db, { now: clock.at });
    let down = true;
    const server = api({ moves: (r) => (down ? networkDown(r) : answerMoves(r)) });
    const deps = makeSyncDeps(db, server.fetch, clock);
    expect(await flushOutbox(deps)).toMatchObject({ failed: true, lastError: { code: 'network' } });
    expect(await getEntry(db, move.uuid)).toMatchObject({ status: 'pending', attempts: 1 });
    down = false;
    clock.advance(120_000); // past the backoff
    await flushOutbox(deps);
    await flushOutbox(deps);
    const sent = uploads(server.requests).flatMap(uploadedMoveUuids);
    expect(sent).toEqual([move.uuid, move.uuid]); // the failed attempt, then the one that got through
    expect(await getEntry(db, move.uuid)).toMatchObject({ status: 'synced', attempts: 2, lastError: null });
  });

  it('a move answered duplicate (the server had it: an answer lost on the way) counts as delivered', async () => {
    const { db, clock } = await setup();
    const move = await addPendingMove(db, { now: clock.at });
    const server = api({ moves: (r) => answerMoves(r, () => 'duplicate') });
    const report = await flushOutbox(makeSyncDeps(db, server.fetch, clock));
    expect(report).toMatchObject({ duplicate: 1, failed: false });
    expect(await getEntry(db, move.uuid)).toMatchObject({ status: 'synced', syncedAt: clock.at });
  });

  it('a move is not lost when the session closed: session_closed holds it on the device, the closure is recorded, and it is never sent again on its own', async () => {
    const { db, clock } = await setup();
    const move = await addPendingMove(db, { now: clock.at });
    const server = api({ moves: (r) => answerMoves(r, () => 'session_closed') });
    const deps = makeSyncDeps(db, server.fetch, clock);
    expect(await flushOutbox(deps)).toMatchObject({ held: 1 });
    expect(await getEntry(db, move.uuid)).toMatchObject({
      kind: 'cash-move',
      status: 'held',
      move: move.move,
      lastError: { code: 'session_closed' },
    });
    expect((await getSessionRecord(db, 42))?.state).toBe('closed');
    expect(deps.messages).toContainEqual(
      expect.objectContaining({
        type: 'session-state',
        record: expect.objectContaining({ state: 'closed' }),
      }),
    );
    clock.advance(120_000);
    await flushOutbox(deps);
    expect(uploads(server.requests).flatMap(uploadedMoveUuids)).toEqual([move.uuid]);
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 0, held: 1, rejected: 0 });
  });

  it('a move is never sent for a session known closed: held without a request (rule 3)', async () => {
    const { db, clock } = await setup('closed');
    const move = await addPendingMove(db, { now: clock.at });
    const server = api({}, makeSession({ state: 'closed' }));
    const report = await flushOutbox(makeSyncDeps(db, server.fetch, clock));
    expect(uploads(server.requests)).toEqual([]);
    expect(report).toMatchObject({ held: 1, sent: 0 });
    expect(await getEntry(db, move.uuid)).toMatchObject({
      status: 'held',
      lastError: { code: 'session_closed' },
    });
  });

  it('a move of a session in closing_control made while it was opened is still sent', async () => {
    const { db, clock } = await setup('closing_control');
    const move = await addPendingMove(db, { now: clock.at });
    const server = api({}, makeSession({ state: 'closing_control' }));
    await flushOutbox(makeSyncDeps(db, server.fetch, clock));
    expect(uploads(server.requests).flatMap(uploadedMoveUuids)).toEqual([move.uuid]);
    expect((await getEntry(db, move.uuid))?.status).toBe('synced');
  });

  it('a move the server calls invalid is kept as rejected with its reason, never dropped, and the orders after it still go', async () => {
    const { db, clock } = await setup();
    const move = await addPendingMove(db, { now: clock.at });
    const [order] = await addPending(db, 1, { now: clock.at + 1 });
    const error = { code: 'validation_failed', message: 'the config has no cash control' };
    const server = api({
      moves: (r) =>
        json({ results: uploadedMoveUuids(r).map((uuid) => ({ uuid, status: 'invalid', error })) }),
    });
    const report = await flushOutbox(makeSyncDeps(db, server.fetch, clock));
    expect(report).toMatchObject({ rejected: 1, accepted: 1 });
    expect(await getEntry(db, move.uuid)).toMatchObject({
      status: 'rejected',
      lastError: error,
      move: move.move,
    });
    expect((await getEntry(db, order?.uuid ?? ''))?.status).toBe('synced');
  });

  it('an entry stored without a kind (written by an older tool) is still sent as an order, never left out of the request', async () => {
    const { db, clock } = await setup();
    const [order] = await addPending(db, 1, { now: clock.at });
    if (!order) throw new Error('no order');
    const { kind: _kind, ...kindless } = order;
    await db.put('orders', kindless as never);
    const move = await addPendingMove(db, { now: clock.at + 1 });
    const server = api({});
    await flushOutbox(makeSyncDeps(db, server.fetch, clock));
    expect(uploads(server.requests).map((r) => r.body)).toEqual([
      { orders: [order.order] },
      { moves: [move.move] },
    ]);
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 2, held: 0, rejected: 0 });
  });
});
