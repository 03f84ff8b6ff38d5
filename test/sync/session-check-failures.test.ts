import { describe, expect, it, vi } from 'vitest';
import { MAX_RETRY_DELAY_MS, MIN_RETRY_DELAY_MS } from '../../src/domain/check-schedule.js';
import { canCreateOrder } from '../../src/domain/session-state.js';
import { META_STORE } from '../../src/store/db.js';
import { holdEntries } from '../../src/sync/hold-entries.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json, networkDown, type Handler } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';

async function setup(handler: Handler, options: { frequencyS?: number } = {}) {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, {
    now: clock.at,
    nextCheckAt: clock.at,
    session: { checkSessionStateFrequency: options.frequencyS ?? 60 },
  });
  const api = fakeFetch(handler);
  const at: number[] = [];
  const timed: typeof api.fetch = (input, init) => {
    at.push(clock.at);
    return api.fetch(input, init);
  };
  return { db, clock, api, at, deps: makeSyncDeps(db, timed, clock) };
}

/** A small seeded generator in [0, 1), so the jitter varies but the test does not. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? t));

describe('session check failures', () => {
  it('a server down for 10 minutes, woken every second: retries never closer than 5 s, backing off with jitter to the frequency', async () => {
    const { clock, at, deps } = await setup(() =>
      json({ error: { code: 'unavailable', message: 'down' } }, 503),
    );
    const random = seeded(7);
    const start = clock.at;
    for (let second = 0; second <= 600; second += 1) {
      clock.at = start + second * 1_000;
      await checkIfDue({ ...deps, random });
    }
    const spacing = gaps(at);
    expect(Math.min(...spacing)).toBeGreaterThanOrEqual(MIN_RETRY_DELAY_MS);
    expect(Math.max(...spacing)).toBeLessThanOrEqual(60_000 + 1_000);
    // Late retries sit in the upper half of the capped backoff, and are not all the same (jitter).
    const late = spacing.slice(-5);
    for (const gap of late) expect(gap).toBeGreaterThanOrEqual(30_000);
    expect(new Set(late).size).toBeGreaterThan(1);
    expect(at.length).toBeLessThan(25);
  });

  it('the backoff is capped at 5 minutes even for a long frequency', async () => {
    const { clock, deps } = await setup(networkDown, { frequencyS: 86_400 });
    let record;
    for (let i = 0; i < 12; i += 1) {
      record = await checkIfDue({ ...deps, random: () => 0.999 });
      clock.at = record?.nextCheckAt ?? clock.at;
    }
    expect(record?.failures).toBe(12);
    expect((record?.nextCheckAt ?? 0) - (record?.lastAttemptAt ?? 0)).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
  });

  it('the first answer after an outage resets the backoff: checks go back to the frequency', async () => {
    let down = true;
    const { clock, deps } = await setup((r) =>
      down ? networkDown(r) : json(makeSession({ checkSessionStateFrequency: 5 })),
    );
    for (let i = 0; i < 4; i += 1) {
      const failed = await checkIfDue(deps);
      clock.at = failed?.nextCheckAt ?? clock.at;
    }
    down = false;
    const record = await checkIfDue(deps);
    expect(record).toMatchObject({
      state: 'opened',
      failures: 0,
      lastError: null,
      nextCheckAt: clock.at + 5_000,
    });
  });

  it('a timeout is a failure retried after the backoff, not at the next heartbeat', async () => {
    const { clock, at, deps } = await setup(() => new Promise<Response>(() => undefined));
    const record = await checkIfDue(deps);
    expect(record).toMatchObject({ state: 'opened', failures: 1, lastError: { code: 'timeout' } });
    clock.advance(1_000);
    await checkIfDue(deps);
    expect(at).toHaveLength(1);
  });

  it('404 (the API says not_found) counts as not opened, and a later answer can find the session again', async () => {
    let gone = true;
    const { clock, deps } = await setup(() =>
      gone ? json({ error: { code: 'not_found', message: 'No session 42' } }, 404) : json(makeSession()),
    );
    const missing = await checkIfDue(deps);
    expect(missing).toMatchObject({
      state: 'missing',
      failures: 0,
      lastError: { code: 'not_found' },
      nextCheckAt: clock.at + 60_000,
    });
    expect(canCreateOrder(missing?.state ?? 'opened')).toBe(false);
    gone = false;
    clock.at = missing?.nextCheckAt ?? clock.at;
    expect(await checkIfDue(deps)).toMatchObject({ state: 'opened', lastError: null });
  });

  it('a state name this build does not know counts as not opened and still applies the frequency sent with it', async () => {
    const { clock, deps } = await setup(() =>
      json({ ...makeSession({ checkSessionStateFrequency: 10 }), state: 'paused' }),
    );
    const record = await checkIfDue(deps);
    expect(record).toMatchObject({ state: 'unknown', nextCheckAt: clock.at + 10_000 });
    expect(canCreateOrder(record?.state ?? 'opened')).toBe(false);
  });

  it('an answer about another session is not believed: bad_response, state kept', async () => {
    const { deps } = await setup(() => json(makeSession({ id: 43, state: 'closed' })));
    expect(await checkIfDue(deps)).toMatchObject({
      state: 'opened',
      failures: 1,
      lastError: { code: 'bad_response' },
    });
  });

  it('a flush that finds a check in flight waits for its result instead of sending a second request', async () => {
    let answer: ((r: Response) => void) | null = null;
    const { api, deps } = await setup(() => new Promise<Response>((resolve) => (answer = resolve)));
    const slow = { ...deps, checkTimeoutMs: 5_000 };
    const heartbeat = checkIfDue(slow);
    // Until the heartbeat's request is out (a fixed pause lost this race on a busy machine).
    const inFlight = await vi.waitFor(() => answer ?? Promise.reject(new Error('no request yet')), {
      timeout: 2_000,
      interval: 5,
    });
    const flushCheck = checkIfDue(slow, { wait: true, retryFailed: true });
    inFlight(json(makeSession({ state: 'closing_control' })));
    const [first, second] = await Promise.all([heartbeat, flushCheck]);
    expect(api.requests).toHaveLength(1);
    expect(second?.state).toBe('closing_control');
    expect(second).toEqual(first);
  });

  it('reports held orders (and no deviceId: the server takes the device from the token)', async () => {
    const { db, api, deps } = await setup(() => json(makeSession()));
    const entries = await addPending(db, 3);
    await holdEntries(db, entries.slice(0, 1), 1_700_000_000_000);
    await db.delete(META_STORE, 'deviceId');
    await checkIfDue(deps);
    const query = api.requests[0]?.url.searchParams;
    expect(query?.has('deviceId')).toBe(false);
    expect(query?.get('pending')).toBe('2');
    expect(query?.get('held')).toBe('1');
  });
});
