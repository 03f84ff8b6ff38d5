import { describe, expect, it } from 'vitest';
import { MIN_CHECK_GAP_MS } from '../../src/domain/check-schedule.js';
import { getSessionRecord } from '../../src/store/session-repo.js';
import { applyPushedSession } from '../../src/sync/apply-pushed-session.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json, type Handler } from './fake-api.js';
import { makeSyncDeps, sessionStates } from './sync-fixtures.js';

async function setup(handler: Handler, state: 'opened' | 'closed' = 'opened') {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { state, now: clock.at, nextCheckAt: clock.at + 60_000 });
  const api = fakeFetch(handler);
  return { db, clock, api, deps: makeSyncDeps(db, api.fetch, clock) };
}

describe('applyPushedSession', () => {
  it('stores and broadcasts a pushed closure at once, without a request', async () => {
    const { db, api, deps } = await setup(() => json(makeSession()));
    const record = await applyPushedSession(deps, makeSession({ state: 'closed' }));
    expect(api.requests).toHaveLength(0);
    expect(record).toMatchObject({ id: 42, state: 'closed', source: 'push' });
    expect((await getSessionRecord(db, 42))?.state).toBe('closed');
    expect(sessionStates(deps.messages).map((m) => m.record.state)).toEqual(['closed']);
  });

  it('trusts closing_control too (it only makes the till safer)', async () => {
    const { deps } = await setup(() => json(makeSession()));
    expect((await applyPushedSession(deps, makeSession({ state: 'closing_control' })))?.state).toBe(
      'closing_control',
    );
  });

  it('keeps the stored key when the push spells the id as a string', async () => {
    const { db, deps } = await setup(() => json(makeSession()));
    await applyPushedSession(deps, makeSession({ id: '42', state: 'closed' }));
    expect((await getSessionRecord(db, 42))?.state).toBe('closed');
  });

  it('does not believe a pushed "opened" that contradicts the record: it runs a forced check', async () => {
    const { clock, api, deps } = await setup(() => json(makeSession({ state: 'closed' })), 'closed');
    clock.advance(MIN_CHECK_GAP_MS);
    const record = await applyPushedSession(deps, makeSession({ state: 'opened' }));
    expect(api.requests).toHaveLength(1);
    expect(record?.state).toBe('closed');
  });

  it('a contradicting "opened" pushed within 5 s of the last check makes that check due at the end of the gap, without a request', async () => {
    const { clock, api, deps } = await setup(() => json(makeSession()), 'closed');
    const start = clock.at;
    clock.advance(1_000);
    const record = await applyPushedSession(deps, makeSession({ state: 'opened' }));
    expect(api.requests).toHaveLength(0);
    expect(record).toMatchObject({ state: 'closed', nextCheckAt: start + MIN_CHECK_GAP_MS });
  });

  it('a repeat of the stored state (every reconnect, every tab) writes and broadcasts nothing', async () => {
    const { deps } = await setup(() => json(makeSession()));
    const first = await applyPushedSession(deps, makeSession({ state: 'closed' }));
    const again = await applyPushedSession(deps, makeSession({ state: 'closed' }));
    expect(again).toEqual(first);
    expect(sessionStates(deps.messages)).toHaveLength(1);
  });

  it('a push that names a new session of the register is stored even though the state stays closed', async () => {
    const { db, deps } = await setup(() => json(makeSession()));
    await applyPushedSession(deps, makeSession({ state: 'closed', nextSession: null }));
    const next = { id: 43, name: 'Main counter/00043', state: 'opened' };
    const record = await applyPushedSession(deps, makeSession({ state: 'closed', nextSession: next }));
    expect(record?.session?.nextSession).toEqual(next);
    expect((await getSessionRecord(db, 42))?.session?.nextSession).toEqual(next);
    expect(sessionStates(deps.messages)).toHaveLength(2);
    await applyPushedSession(deps, makeSession({ state: 'closed', nextSession: { ...next } }));
    expect(sessionStates(deps.messages)).toHaveLength(2);
  });

  it("a pushed closure keeps the checks' schedule and backoff (a push is not a check attempt)", async () => {
    const { clock, deps } = await setup(() => Promise.reject(new TypeError('Failed to fetch')));
    clock.advance(60_000);
    const failed = await checkIfDue(deps);
    clock.advance(1_000);
    const record = await applyPushedSession(deps, makeSession({ state: 'closed' }));
    expect(record).toMatchObject({
      state: 'closed',
      source: 'push',
      failures: 1,
      lastAttemptAt: failed?.lastAttemptAt,
      nextCheckAt: failed?.nextCheckAt,
      deviceCheckedAt: clock.at,
    });
  });

  it('a pushed "opened" that agrees with the record changes nothing', async () => {
    const { api, deps } = await setup(() => json(makeSession()));
    await applyPushedSession(deps, makeSession({ state: 'opened' }));
    expect(api.requests).toHaveLength(0);
    expect(deps.messages).toHaveLength(0);
  });

  it('a closure pushed while a check is out is not overwritten by that check\'s older "opened"', async () => {
    let answer: (r: Response) => void = () => undefined;
    let requested: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (requested = resolve));
    const { db, clock, deps } = await setup(
      () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
          requested();
        }),
    );
    clock.advance(MIN_CHECK_GAP_MS);
    const check = checkIfDue({ ...deps, checkTimeoutMs: 5_000 }, { force: true });
    await asked;
    await applyPushedSession(deps, makeSession({ state: 'closed' }));
    answer(json(makeSession({ state: 'opened' })));
    const stored = await check;
    expect(stored?.state).toBe('closed');
    expect((await getSessionRecord(db, 42))?.state).toBe('closed');
  });
});
