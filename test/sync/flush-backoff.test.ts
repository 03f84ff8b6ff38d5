import { describe, expect, it } from 'vitest';
import { getMeta } from '../../src/store/meta-repo.js';
import { countByStatus, getEntry, listByStatus } from '../../src/store/outbox-repo.js';
import {
  FLUSH_MAX_BACKOFF_MS,
  FLUSH_MIN_BACKOFF_MS,
  OFFLINE_MAX_FAILURES,
  flushBackoffMs,
} from '../../src/sync/flush-backoff.js';
import { flushIfDue } from '../../src/sync/flush-if-due.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { answerOrders, fakeFetch, json } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';

describe('flushBackoffMs', () => {
  it('starts at the 2 s floor, doubles, is capped at 60 s, jitters over the upper half', () => {
    expect(flushBackoffMs(1, 0)).toBe(FLUSH_MIN_BACKOFF_MS);
    expect(flushBackoffMs(1, 0.999)).toBe(FLUSH_MIN_BACKOFF_MS);
    expect(flushBackoffMs(3, 0)).toBe(4_000);
    expect(flushBackoffMs(3, 0.999)).toBeCloseTo(8_000, -1);
    expect(flushBackoffMs(30, 0.999)).toBeLessThanOrEqual(FLUSH_MAX_BACKOFF_MS);
    expect(flushBackoffMs(30, 0)).toBe(FLUSH_MAX_BACKOFF_MS / 2);
    for (let failures = 1; failures < 40; failures += 1) {
      const d = flushBackoffMs(failures, Math.random());
      expect(d).toBeGreaterThanOrEqual(FLUSH_MIN_BACKOFF_MS);
      expect(d).toBeLessThanOrEqual(FLUSH_MAX_BACKOFF_MS);
    }
  });
});

describe('flushIfDue', () => {
  /** `upload` answers uploads; null lets the orders through. */
  async function setup(upload: () => Response | null) {
    const db = await openTestDb();
    const clock = testClock();
    await seedSession(db, { now: clock.at, nextCheckAt: Number.MAX_SAFE_INTEGER });
    const server = fakeFetch((r) =>
      r.url.pathname === '/api/orders' ? (upload() ?? answerOrders(r)) : json(makeSession()),
    );
    return { db, clock, server, deps: makeSyncDeps(db, server.fetch, clock) };
  }

  it('does nothing when no order is pending', async () => {
    const { server, deps } = await setup(() => json({ results: [] }));
    expect(await flushIfDue(deps)).toBeNull();
    expect(server.requests).toHaveLength(0);
  });

  it('a server failing every upload gets backed-off, jittered, capped retries: no tight loop; pending count and last error visible', async () => {
    const { db, clock, server, deps } = await setup(() =>
      json({ error: { code: 'internal', message: 'down' } }, 500),
    );
    const [entry] = await addPending(db, 3, { now: clock.at });
    const start = clock.at;
    const sendTimes: number[] = [];
    // Two minutes of heartbeats, one every 250 ms.
    while (clock.at - start < 120_000) {
      const before = server.requests.length;
      await flushIfDue(deps);
      if (server.requests.length > before) sendTimes.push(clock.at - start);
      clock.advance(250);
    }
    const gaps = sendTimes.slice(1).map((t, i) => t - (sendTimes[i] ?? 0));
    expect(sendTimes.length).toBeLessThan(12);
    expect(gaps.every((g) => g >= FLUSH_MIN_BACKOFF_MS)).toBe(true);
    expect(gaps.every((g) => g <= FLUSH_MAX_BACKOFF_MS + 250)).toBe(true);
    expect(gaps.at(-1)).toBeGreaterThan(gaps[0] ?? 0);
    expect(await countByStatus(db)).toMatchObject({ pending: 3 });
    expect(await getEntry(db, entry?.uuid ?? '')).toMatchObject({
      attempts: sendTimes.length,
      lastError: { code: 'internal' },
    });
    expect(await getMeta(db, 'flushFailures')).toBe(sendTimes.length);
  });

  it('an hour offline does not put the retry a minute away once the network is back: offline failures stop counting at a few', async () => {
    let online = false;
    let reachable = false;
    const { db, clock, server, deps } = await setup(() =>
      reachable ? null : new Response(null, { status: 503 }),
    );
    deps.online = () => online;
    await addPending(db, 2, { now: clock.at });
    // An hour of heartbeats offline, every 30 s.
    for (let t = 0; t < 3_600_000; t += 30_000) {
      await flushIfDue(deps);
      clock.advance(30_000);
    }
    expect(await getMeta(db, 'flushFailures')).toBe(OFFLINE_MAX_FAILURES);
    // No server saw those batches: the entries were not rewritten on each offline try.
    expect((await listByStatus(db, 'pending')).map((e) => e.attempts)).toEqual([0, 0]);
    // The network is back (`online`), the server not yet: one more failure, then a retry in seconds.
    online = true;
    await flushIfDue(deps);
    const retryIn = ((await getMeta(db, 'flushRetryAt')) ?? 0) - clock.at;
    expect(retryIn).toBeLessThanOrEqual(flushBackoffMs(OFFLINE_MAX_FAILURES + 1, 0.999));
    expect(retryIn).toBeLessThan(FLUSH_MAX_BACKOFF_MS / 2);
    reachable = true;
    clock.advance(retryIn);
    await flushIfDue(deps);
    expect(await countByStatus(db)).toMatchObject({ pending: 0 });
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it('repeated flushIfDue within the backoff sends nothing; after it, one try; a success clears the backoff', async () => {
    let failing = true;
    const { db, clock, server, deps } = await setup(() =>
      failing ? json({ error: { code: 'internal', message: 'x' } }, 500) : null,
    );
    await addPending(db, 2, { now: clock.at });
    await flushIfDue(deps);
    const retryAt = await getMeta(db, 'flushRetryAt');
    expect(retryAt).toBeGreaterThanOrEqual(clock.at + FLUSH_MIN_BACKOFF_MS);
    for (let i = 0; i < 5; i += 1) expect(await flushIfDue(deps)).toBeNull();
    expect(server.requests).toHaveLength(1);
    failing = false;
    clock.at = retryAt ?? 0;
    expect(await flushIfDue(deps)).toMatchObject({ accepted: 2 });
    expect(await getMeta(db, 'flushRetryAt')).toBeUndefined();
    expect(await getMeta(db, 'flushFailures')).toBeUndefined();
  });
});
