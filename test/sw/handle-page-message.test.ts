import { describe, expect, it } from 'vitest';
import { MIN_CHECK_GAP_MS } from '../../src/domain/check-schedule.js';
import { OUTBOX_SYNC_TAG, SESSION_CHECK_SYNC_TAG } from '../../src/domain/api/names.js';
import { handlePageMessage, handleSyncEvent, type PageMessageDeps } from '../../sw/handle-page-message.js';
import { countByStatus } from '../../src/store/outbox-repo.js';
import { getSessionRecord } from '../../src/store/session-repo.js';
import {
  addPending,
  addPendingMove,
  makeSession,
  openTestDb,
  seedSession,
  testClock,
} from '../store/fixtures.js';
import { answerMoves, answerOrders, fakeFetch, json, networkDown, type Handler } from '../sync/fake-api.js';
import { makeSyncDeps } from '../sync/sync-fixtures.js';

/** A worker with a fake API: session checks answer `session`, uploads `orders`. */
async function worker(
  options: { due?: boolean; orders?: Handler; session?: Parameters<typeof makeSession>[0] } = {},
) {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { now: clock.at, nextCheckAt: options.due === false ? clock.at + 60_000 : clock.at });
  const api = fakeFetch((r) => {
    if (r.url.pathname === '/api/orders') return (options.orders ?? answerOrders)(r);
    if (r.url.pathname === '/api/cash-moves') return (options.orders ?? answerMoves)(r);
    return json(makeSession(options.session));
  });
  const sync = makeSyncDeps(db, api.fetch, clock);
  const calls: string[] = [];
  const deps: PageMessageDeps = {
    syncDeps: async () => sync,
    skipWaiting: async () => void calls.push('skipWaiting'),
    requestBackgroundSync: async (tag) => void calls.push(`sync:${tag}`),
  };
  const paths = () => api.requests.map((r) => `${r.method} ${r.url.pathname}`);
  return { db, clock, api, sync, deps, calls, paths };
}

describe('handlePageMessage', () => {
  it('heartbeat: checks when due, then flushes pending orders', async () => {
    const w = await worker();
    await addPending(w.db, 2);
    await handlePageMessage({ type: 'heartbeat' }, w.deps);
    expect(w.paths()).toEqual(['GET /api/sessions/42', 'POST /api/orders']);
    expect((await countByStatus(w.db)).synced).toBe(2);
  });

  it('flush-now: a cash move made on the till goes in the same flush as the sale before it, each to its route', async () => {
    const w = await worker({ due: false });
    await addPending(w.db, 1, { now: w.clock.at });
    await addPendingMove(w.db, { now: w.clock.at + 1 });
    await handlePageMessage({ type: 'flush-now' }, w.deps);
    expect(w.paths()).toEqual(['POST /api/orders', 'POST /api/cash-moves']);
    expect(await countByStatus(w.db)).toEqual({ pending: 0, synced: 2, held: 0, rejected: 0 });
  });

  it('flush-now: a cash move that cannot be sent stays pending and asks for a Background Sync', async () => {
    const w = await worker({ due: false, orders: networkDown });
    await addPendingMove(w.db, { now: w.clock.at });
    await handlePageMessage({ type: 'flush-now' }, w.deps);
    expect(w.calls).toEqual([`sync:${OUTBOX_SYNC_TAG}`]);
    expect((await countByStatus(w.db)).pending).toBe(1);
  });

  it('heartbeat: nothing due, nothing pending → no request at all', async () => {
    const w = await worker({ due: false });
    await handlePageMessage({ type: 'heartbeat' }, w.deps);
    expect(w.paths()).toEqual([]);
  });

  it('check-now: checks even when not due, at most once per 5 s', async () => {
    const w = await worker({ due: false });
    w.clock.advance(MIN_CHECK_GAP_MS);
    await handlePageMessage({ type: 'check-now' }, w.deps);
    w.clock.advance(1_000);
    await handlePageMessage({ type: 'check-now' }, w.deps);
    expect(w.paths()).toEqual(['GET /api/sessions/42']);
  });

  it('flush-now: sends the outbox; a failure asks for a Background Sync', async () => {
    const w = await worker({ due: false, orders: networkDown });
    await addPending(w.db, 1);
    await handlePageMessage({ type: 'flush-now' }, w.deps);
    expect(w.paths()).toEqual(['POST /api/orders']);
    expect(w.calls).toEqual([`sync:${OUTBOX_SYNC_TAG}`]);
  });

  it('session-pushed: a closure is stored and broadcast without a request', async () => {
    const w = await worker({ due: false });
    await handlePageMessage({ type: 'session-pushed', session: makeSession({ state: 'closed' }) }, w.deps);
    expect(w.paths()).toEqual([]);
    expect((await getSessionRecord(w.db, 42))?.state).toBe('closed');
    expect(w.sync.messages.map((m) => m.type)).toEqual(['session-state']);
  });

  it('skip-waiting: activates the waiting worker, without touching the database', async () => {
    const w = await worker();
    let opened = false;
    await handlePageMessage(
      { type: 'skip-waiting' },
      { ...w.deps, syncDeps: async () => ((opened = true), w.sync) },
    );
    expect(w.calls).toEqual(['skipWaiting']);
    expect(opened).toBe(false);
  });
});

describe('handleSyncEvent', () => {
  it('pos-outbox-flush: checks if due and flushes', async () => {
    const w = await worker();
    await addPending(w.db, 1);
    await handleSyncEvent(OUTBOX_SYNC_TAG, w.deps);
    expect(w.paths()).toEqual(['GET /api/sessions/42', 'POST /api/orders']);
  });

  it('rejects when the flush failed, so the browser retries the sync later', async () => {
    const w = await worker({ due: false, orders: networkDown });
    await addPending(w.db, 1);
    await expect(handleSyncEvent(OUTBOX_SYNC_TAG, w.deps)).rejects.toThrow(/network/);
    expect((await countByStatus(w.db)).pending).toBe(1);
  });

  it('pos-session-check: a forced check even when not due, and no flush', async () => {
    const w = await worker({ due: false });
    await addPending(w.db, 1);
    w.clock.advance(MIN_CHECK_GAP_MS);
    await handleSyncEvent(SESSION_CHECK_SYNC_TAG, w.deps);
    expect(w.paths()).toEqual(['GET /api/sessions/42']);
  });

  it('ignores tags that are not ours', async () => {
    const w = await worker();
    await handleSyncEvent('someone-else', w.deps);
    expect(w.paths()).toEqual([]);
  });
});
