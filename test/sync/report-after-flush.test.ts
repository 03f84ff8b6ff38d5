import { describe, expect, it } from 'vitest';
import { MIN_CHECK_GAP_MS } from '../../src/domain/check-schedule.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { getSessionRecord, putSessionRecord } from '../../src/store/session-repo.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { flushOutbox } from '../../src/sync/flush-outbox.js';
import { reportIsStale } from '../../src/sync/report-after-flush.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { answerOrders, fakeFetch, json, networkDown, type Handler, type SeenRequest } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';
import { waitFor } from '../kit/wait-for.js';

/**
 * The back office reads each tablet's pending and held counts from its last session check. After
 * a flush settles orders that check counted as pending, the tablet reports again within seconds
 * (a forced check), not a whole interval later; orders the server never heard of as pending cost
 * no extra request.
 */
const INTERVAL_MS = 60_000;

/** A device whose last check (at `checkedAt`, device ms) is behind it; the next one due an interval later. */
async function setup(uploads: Handler, checkedAt: number) {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { now: checkedAt, nextCheckAt: checkedAt + INTERVAL_MS });
  const server = fakeFetch((request) =>
    request.url.pathname === '/api/orders' ? uploads(request) : json(makeSession()),
  );
  return { db, clock, server, deps: makeSyncDeps(db, server.fetch, clock) };
}

const checks = (requests: SeenRequest[]) => requests.filter((r) => r.url.pathname === '/api/sessions/42');
const reported = (requests: SeenRequest[]) =>
  checks(requests).map(
    (r) => `pending=${r.url.searchParams.get('pending')} held=${r.url.searchParams.get('held')}`,
  );
const paths = (requests: SeenRequest[]) => requests.map((r) => r.url.pathname);

describe('the outbox report after a flush', () => {
  it('3 orders sold offline, counted pending by the check the flush made after the outage, are reported 0 pending at the end of the 5 s gap', async () => {
    const { db, clock, server, deps } = await setup((r) => answerOrders(r), testClock().at - 40_000);
    await addPending(db, 3, { now: clock.at - 30_000 }); // sold offline
    // Their uploads failed: the next flush verifies the session first, so orders of a session
    // closed meanwhile are held.
    await setMeta(db, 'flushFailures', 2);

    const report = await flushOutbox(deps);
    expect(report).toMatchObject({ accepted: 3, failed: false });
    expect(paths(server.requests)).toEqual(['/api/sessions/42', '/api/orders']);
    expect(reported(server.requests)).toEqual(['pending=3 held=0']);
    // The report is asked for, but not sooner than 5 s after that check: brought forward to then.
    expect((await getSessionRecord(db, 42))?.nextCheckAt).toBe(clock.at + MIN_CHECK_GAP_MS);

    clock.advance(MIN_CHECK_GAP_MS); // what the pages' due timer and the next heartbeat do
    await checkIfDue(deps);
    expect(reported(server.requests)).toEqual(['pending=3 held=0', 'pending=0 held=0']);
    // And then the schedule is the interval again: no more checks until it is due.
    clock.advance(MIN_CHECK_GAP_MS);
    await checkIfDue(deps);
    expect(checks(server.requests)).toHaveLength(2);
  });

  it('reports at once when the check that counted them is more than 5 s old, with one check for 250 orders in 3 uploads', async () => {
    const { db, clock, server, deps } = await setup((r) => answerOrders(r), testClock().at - 20_000);
    await addPending(db, 250, { now: clock.at - 30_000 });
    await flushOutbox(deps);
    expect(paths(server.requests)).toEqual(['/api/orders', '/api/orders', '/api/orders', '/api/sessions/42']);
    expect(reported(server.requests)).toEqual(['pending=0 held=0']);
  });

  it('orders held because their session closed are reported as held', async () => {
    const { db, clock, server, deps } = await setup(
      (r) => answerOrders(r, () => 'session_closed'),
      testClock().at - 20_000,
    );
    await addPending(db, 2, { now: clock.at - 30_000 });
    await flushOutbox(deps);
    expect(reported(server.requests)).toEqual(['pending=0 held=2']);
  });

  it('an order sold online after the last check costs no extra check: the server never counted it', async () => {
    const { db, clock, server, deps } = await setup((r) => answerOrders(r), testClock().at - 20_000);
    await addPending(db, 1, { now: clock.at - 1_000 });
    await flushOutbox(deps);
    expect(paths(server.requests)).toEqual(['/api/orders']);
    expect((await getSessionRecord(db, 42))?.nextCheckAt).toBe(clock.at - 20_000 + INTERVAL_MS);
  });

  it('a failed flush and an empty outbox ask for nothing: with nothing sold, checks keep to their interval', async () => {
    const failing = await setup(networkDown, testClock().at - 20_000);
    await addPending(failing.db, 2, { now: failing.clock.at - 30_000 });
    expect((await flushOutbox(failing.deps)).failed).toBe(true);
    expect(paths(failing.server.requests)).toEqual(['/api/orders']);

    const idle = await setup((r) => answerOrders(r), testClock().at - 20_000);
    await flushOutbox(idle.deps);
    expect(idle.server.requests).toHaveLength(0);
  });

  it('a check in flight when the flush ends (its counts read before the upload) is waited for, and the report follows it', async () => {
    let releaseUpload: () => void = () => undefined;
    const uploadHeld = new Promise<void>((resolve) => (releaseUpload = resolve));
    const { db, clock, server, deps } = await setup(async (r) => {
      await uploadHeld;
      return answerOrders(r);
    }, testClock().at - 20_000);
    await addPending(db, 1, { now: clock.at - 30_000 });
    let answerCheck: () => void = () => undefined;
    const checkHeld = new Promise<void>((resolve) => (answerCheck = resolve));
    let checksAsked = 0;
    const slowChecks = {
      ...deps,
      checkTimeoutMs: 5_000, // the held check must not time out: it answers
      uploadTimeoutMs: 5_000, // nor the held upload (the fixtures' 50 ms passed on a loaded machine)
      fetch: async (input: string, init?: RequestInit) => {
        if (input.includes('/api/sessions/')) {
          checksAsked += 1;
          await checkHeld;
        }
        return server.fetch(input, init);
      },
    };
    const flushed = flushOutbox(slowChecks);
    await waitFor('the upload on its way', () => server.requests.length === 1, 2_000, 5);
    // Meanwhile the scheduled check falls due and starts: it counts the order as pending.
    const record = await getSessionRecord(db, 42);
    if (!record) throw new Error('no record');
    await putSessionRecord(db, { ...record, nextCheckAt: clock.at });
    const scheduled = checkIfDue(slowChecks);
    // Its request is out (its counts read, its lock held) before the upload is answered, however
    // slow the machine: a timed pause here let the flush's own check take the lock first under load.
    await waitFor('the scheduled check asked', () => checksAsked === 1, 2_000, 5);
    releaseUpload();
    await new Promise((r) => setTimeout(r, 50));
    answerCheck();
    await Promise.all([flushed, scheduled]);
    expect(reported(server.requests)).toEqual(['pending=1 held=0']);
    expect((await getSessionRecord(db, 42))?.failures).toBe(0);
    // Its pending=1 is stale: the report is brought forward to the end of the gap after it, not dropped.
    expect((await getSessionRecord(db, 42))?.nextCheckAt).toBe(clock.at + MIN_CHECK_GAP_MS);
  });
});

describe('reportIsStale', () => {
  it('is true only when a settled order was queued by the last check attempt', () => {
    expect(reportIsStale(null, { lastAttemptAt: 10 })).toBe(false);
    expect(reportIsStale(5, { lastAttemptAt: null })).toBe(false);
    expect(reportIsStale(5, undefined)).toBe(false);
    expect(reportIsStale(11, { lastAttemptAt: 10 })).toBe(false);
    expect(reportIsStale(10, { lastAttemptAt: 10 })).toBe(true);
    expect(reportIsStale(9, { lastAttemptAt: 10 })).toBe(true);
  });
});
