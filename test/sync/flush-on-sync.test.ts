import { describe, expect, it } from 'vitest';
import { getMeta, setMeta } from '../../src/store/meta-repo.js';
import { countByStatus } from '../../src/store/outbox-repo.js';
import { FLUSH_MAX_BACKOFF_MS } from '../../src/sync/flush-backoff.js';
import { flushOnSync } from '../../src/sync/flush-on-sync.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { answerOrders, fakeFetch, json, type Handler } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';

async function setup(orders: Handler = (r) => answerOrders(r)) {
  const db = await openTestDb();
  const clock = testClock();
  // Last checked a minute ago (a forced check is allowed at once), next check not due yet.
  await seedSession(db, { now: clock.at - 60_000, nextCheckAt: clock.at + 60_000 });
  await addPending(db, 2, { now: clock.at });
  const server = fakeFetch((request) =>
    request.url.pathname === '/api/orders' ? orders(request) : json(makeSession()),
  );
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    clock.advance(ms);
    return true;
  };
  return { db, clock, server, slept, sleep, deps: makeSyncDeps(db, server.fetch, clock) };
}

const uploads = (requests: { url: URL }[]) => requests.filter((r) => r.url.pathname === '/api/orders').length;

describe('flushOnSync (Background Sync of the outbox)', () => {
  it('sends at once when no backoff is stored', async () => {
    const { db, server, slept, sleep, deps } = await setup();
    expect((await flushOnSync(deps, sleep)).accepted).toBe(2);
    expect(slept).toEqual([]);
    expect(uploads(server.requests)).toBe(1);
    expect((await countByStatus(db)).synced).toBe(2);
  });

  it('a sync fired right after a failed upload waits out the backoff before retrying (no immediate retry)', async () => {
    const { clock, server, slept, sleep, deps } = await setup();
    await setMeta(deps.db, 'flushRetryAt', clock.at + 3_000);
    await flushOnSync(deps, sleep);
    expect(slept).toEqual([3_000]);
    expect(uploads(server.requests)).toBe(1);
  });

  it('never waits longer than the longest backoff', async () => {
    const { clock, slept, sleep, deps } = await setup();
    await setMeta(deps.db, 'flushRetryAt', clock.at + 10 * FLUSH_MAX_BACKOFF_MS);
    await flushOnSync(deps, sleep).catch(() => undefined);
    expect(slept).toEqual([FLUSH_MAX_BACKOFF_MS]);
  });

  it('rejects when the upload fails, so the browser fires the sync again; the orders stay pending', async () => {
    const { db, sleep, deps } = await setup(() => json({ error: { code: 'internal', message: 'x' } }, 500));
    await expect(flushOnSync(deps, sleep)).rejects.toThrow(/server_error|internal/);
    expect((await countByStatus(db)).pending).toBe(2);
    expect(await getMeta(db, 'flushLastError')).toMatchObject({ code: 'internal' });
  });

  it('rejects without sending when another runner failed while it waited', async () => {
    const { clock, server, deps } = await setup();
    await setMeta(deps.db, 'flushRetryAt', clock.at + 1_000);
    const sleep = async (ms: number) => {
      clock.advance(ms);
      await setMeta(deps.db, 'flushRetryAt', clock.at + 4_000); // a heartbeat's flush failed meanwhile
      return true;
    };
    await expect(flushOnSync(deps, sleep)).rejects.toThrow(/backed off/);
    expect(uploads(server.requests)).toBe(0);
  });

  it('a wait cut short by a waiting update rejects without sending, so the event ends and the new version takes over', async () => {
    const { db, clock, server, deps } = await setup();
    await setMeta(deps.db, 'flushRetryAt', clock.at + 30_000);
    const cutShort = async (ms: number) => {
      clock.advance(Math.min(ms, 2_000)); // a new worker was installed 2 s into the wait
      return false;
    };
    await expect(flushOnSync(deps, cutShort)).rejects.toThrow(/new version/);
    expect(uploads(server.requests)).toBe(0);
    expect((await countByStatus(db)).pending).toBe(2);
  });

  it('resolves without a request when nothing is pending', async () => {
    const db = await openTestDb();
    const server = fakeFetch(() => json({}));
    const report = await flushOnSync(makeSyncDeps(db, server.fetch, testClock()), async () => true);
    expect(report.sent).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});
