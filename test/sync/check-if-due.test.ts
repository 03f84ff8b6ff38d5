import { describe, expect, it } from 'vitest';
import { MIN_CHECK_GAP_MS, MIN_RETRY_DELAY_MS } from '../../src/domain/check-schedule.js';
import { getSessionRecord } from '../../src/store/session-repo.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, hangs, json, networkDown, type Handler } from './fake-api.js';
import { makeSyncDeps, sessionStates } from './sync-fixtures.js';

async function setup(handler: Handler, seed: Parameters<typeof seedSession>[1] = {}) {
  const db = await openTestDb();
  const clock = testClock();
  const record = await seedSession(db, { now: clock.at, nextCheckAt: clock.at, ...seed });
  const api = fakeFetch(handler);
  return { db, clock, record, api, deps: makeSyncDeps(db, api.fetch, clock) };
}

const opened: Handler = () => json(makeSession());
/** The test clock's start (device ms), where setup seeds the last attempt. */
const clock0 = (): number => testClock().at;

describe('checkIfDue', () => {
  it('does nothing without a current session', async () => {
    const db = await openTestDb();
    const api = fakeFetch(opened);
    expect(await checkIfDue(makeSyncDeps(db, api.fetch, testClock()))).toBeUndefined();
    expect(api.requests).toHaveLength(0);
  });

  it('makes no request when the check is not due', async () => {
    const { clock, api, deps } = await setup(opened, { nextCheckAt: 1_700_000_010_000 });
    clock.at = 1_700_000_009_999;
    await checkIfDue(deps);
    expect(api.requests).toHaveLength(0);
    expect(deps.messages).toHaveLength(0);
  });

  it('when due, GETs the session once, stores the record with the server clock, broadcasts it', async () => {
    const { db, clock, api, deps } = await setup(() => json(makeSession({ state: 'closing_control' })));
    const record = await checkIfDue(deps);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.url.pathname).toBe('/api/sessions/42');
    expect(record).toMatchObject({
      id: 42,
      state: 'closing_control',
      failures: 0,
      lastError: null,
      source: 'check',
    });
    expect(record?.verifiedAt).toBe(Date.parse('Sun, 29 Nov 2026 08:00:00 GMT'));
    expect(record?.deviceCheckedAt).toBe(clock.at);
    expect(record?.nextCheckAt).toBe(clock.at + 60_000);
    expect(await getSessionRecord(db, 42)).toEqual(record);
    expect(sessionStates(deps.messages).map((m) => m.record)).toEqual([record]);
  });

  it('broadcasts after every check, even when the state did not change (pages show "last verified")', async () => {
    const { clock, deps } = await setup(opened);
    await checkIfDue(deps);
    clock.advance(60_000);
    await checkIfDue(deps);
    expect(sessionStates(deps.messages)).toHaveLength(2);
  });

  it("reports its outbox in the query (pending, held); the device is the token's, never a parameter", async () => {
    const { db, api, deps } = await setup(opened);
    await addPending(db, 2);
    await checkIfDue(deps);
    const query = api.requests[0]?.url.searchParams;
    expect(query?.has('deviceId')).toBe(false);
    expect(query?.get('pending')).toBe('2');
    expect(query?.get('held')).toBe('0');
  });

  it('20 concurrent calls make one request (one check per device however many tabs)', async () => {
    const { api, deps } = await setup(opened);
    const records = await Promise.all(Array.from({ length: 20 }, () => checkIfDue(deps)));
    expect(api.requests).toHaveLength(1);
    expect(records.every((r) => r?.state === 'opened')).toBe(true);
  });

  it('force checks even when not due, once 5 s passed since the last attempt', async () => {
    const { clock, api, deps } = await setup(opened, { nextCheckAt: Number.MAX_SAFE_INTEGER });
    clock.advance(MIN_CHECK_GAP_MS);
    await checkIfDue(deps, { force: true });
    expect(api.requests).toHaveLength(1);
  });

  it('force within 5 s of the last attempt sends nothing: the next check is brought forward to the end of the gap and broadcast', async () => {
    const { db, clock, api, deps } = await setup(opened, { nextCheckAt: clock0() + 60_000 });
    clock.advance(1_000);
    const record = await checkIfDue(deps, { force: true });
    expect(api.requests).toHaveLength(0);
    expect(record?.nextCheckAt).toBe(clock0() + MIN_CHECK_GAP_MS);
    expect((await getSessionRecord(db, 42))?.nextCheckAt).toBe(clock0() + MIN_CHECK_GAP_MS);
    expect(sessionStates(deps.messages).map((m) => m.record.nextCheckAt)).toEqual([
      clock0() + MIN_CHECK_GAP_MS,
    ]);
    clock.advance(MIN_CHECK_GAP_MS - 1_000);
    await checkIfDue(deps);
    expect(api.requests).toHaveLength(1);
  });

  it('20 tabs asking check-now together, then again 1 s later, cost one request (one check per device)', async () => {
    const { clock, api, deps } = await setup(opened, { nextCheckAt: clock0() + 60_000 });
    clock.advance(MIN_CHECK_GAP_MS);
    await Promise.all(Array.from({ length: 20 }, () => checkIfDue(deps, { force: true })));
    clock.advance(1_000);
    await Promise.all(Array.from({ length: 20 }, () => checkIfDue(deps, { force: true })));
    expect(api.requests).toHaveLength(1);
  });

  it('retryFailed checks again after a failed check even before the retry time', async () => {
    let down = true;
    const { api, deps } = await setup(() =>
      down ? Promise.reject(new TypeError('Failed to fetch')) : json(makeSession()),
    );
    await checkIfDue(deps);
    down = false;
    await checkIfDue(deps);
    expect(api.requests).toHaveLength(1);
    const record = await checkIfDue(deps, { retryFailed: true });
    expect(api.requests).toHaveLength(2);
    expect(record?.failures).toBe(0);
  });

  it('404 not_found → state missing (not opened)', async () => {
    const { deps } = await setup(() =>
      json({ error: { code: 'not_found', message: 'no such session' } }, 404),
    );
    const record = await checkIfDue(deps);
    expect(record?.state).toBe('missing');
    expect(record?.session?.name).toBe('Main counter/00042');
  });

  it('a 404 without the API body (a proxy page) is a failure, not news about the session', async () => {
    const { deps } = await setup(() => new Response('<h1>Not found</h1>', { status: 404 }));
    const record = await checkIfDue(deps);
    expect(record).toMatchObject({ state: 'opened', failures: 1, lastError: { code: 'bad_response' } });
  });

  it('a state name this build does not know → state unknown with lastError', async () => {
    const { deps } = await setup(() => json({ ...makeSession(), state: 'suspended' }));
    const record = await checkIfDue(deps);
    expect(record).toMatchObject({ state: 'unknown', failures: 0, lastError: { code: 'unknown_state' } });
    expect(record?.lastError?.message).toContain('suspended');
  });

  it('timeout: a server that never answers is aborted; the state stays, lastError timeout', async () => {
    const { api, deps } = await setup(hangs);
    const record = await checkIfDue(deps);
    expect(api.requests[0]?.signal?.aborted).toBe(true);
    expect(record).toMatchObject({ state: 'opened', failures: 1, lastError: { code: 'timeout' } });
  });

  it('timeout: even a fetch that ignores the abort signal is abandoned', async () => {
    const { deps } = await setup(() => new Promise<Response>(() => undefined));
    expect(await checkIfDue(deps)).toMatchObject({ state: 'opened', lastError: { code: 'timeout' } });
  });

  it('network error → state kept, lastError network, never throws (rule 6)', async () => {
    const { deps } = await setup(networkDown);
    await expect(checkIfDue(deps)).resolves.toMatchObject({
      state: 'opened',
      failures: 1,
      lastError: { code: 'network' },
    });
  });

  it('500 → state kept, retry after at least 5 s with jitter, growing with failures', async () => {
    const { clock, deps } = await setup(() => json({ error: { code: 'internal', message: 'boom' } }, 500));
    const delays: number[] = [];
    for (const random of [0, 0.999]) {
      const record = await checkIfDue({ ...deps, random: () => random });
      expect(record).toMatchObject({
        state: 'opened',
        lastError: { code: 'server_error', message: 'The server answered 500.' },
      });
      delays.push((record?.nextCheckAt ?? 0) - clock.at);
      clock.at = record?.nextCheckAt ?? clock.at;
    }
    expect(delays[0]).toBeGreaterThanOrEqual(MIN_RETRY_DELAY_MS);
    expect(delays[1]).toBeGreaterThan(delays[0] ?? 0);
    expect(delays[1]).toBeLessThanOrEqual(10_000);
  });

  it('garbage JSON or a body of the wrong shape → state kept, bad_response', async () => {
    for (const answer of [() => new Response('{oops', { status: 200 }), () => json({ hello: 'world' })]) {
      const { deps } = await setup(answer);
      expect(await checkIfDue(deps)).toMatchObject({ state: 'opened', lastError: { code: 'bad_response' } });
    }
  });

  it('applies a frequency change from the next check on', async () => {
    let frequency = 60;
    const { clock, api, deps } = await setup(() =>
      json(makeSession({ checkSessionStateFrequency: frequency })),
    );
    frequency = 5;
    const record = await checkIfDue(deps);
    expect(record?.nextCheckAt).toBe(clock.at + 5_000);
    clock.advance(4_999);
    await checkIfDue(deps);
    expect(api.requests).toHaveLength(1);
    clock.advance(1);
    await checkIfDue(deps);
    expect(api.requests).toHaveLength(2);
  });

  it('keeps the stored key type when the server spells the id as a string', async () => {
    const { db, deps } = await setup(() => json(makeSession({ id: '42' })));
    await checkIfDue(deps);
    expect((await getSessionRecord(db, 42))?.session?.id).toBe('42');
    expect(await getSessionRecord(db, '42')).toBeUndefined();
  });
});
