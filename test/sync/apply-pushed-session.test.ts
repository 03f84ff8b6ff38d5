import { describe, expect, it } from 'vitest';
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
    expect((await applyPushedSession(deps, makeSession({ state: 'closing_control' })))?.state).toBe('closing_control');
  });

  it('keeps the stored key when the push spells the id as a string', async () => {
    const { db, deps } = await setup(() => json(makeSession()));
    await applyPushedSession(deps, makeSession({ id: '42', state: 'closed' }));
    expect((await getSessionRecord(db, 42))?.state).toBe('closed');
  });

  it('does not believe a pushed "opened" that contradicts the record: it runs a forced check', async () => {
    const { api, deps } = await setup(() => json(makeSession({ state: 'closed' })), 'closed');
    const record = await applyPushedSession(deps, makeSession({ state: 'opened' }));
    expect(api.requests).toHaveLength(1);
    expect(record?.state).toBe('closed');
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
    const { db, deps } = await setup(
      () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
          requested();
        }),
    );
    const check = checkIfDue({ ...deps, checkTimeoutMs: 5_000 }, { force: true });
    await asked;
    await applyPushedSession(deps, makeSession({ state: 'closed' }));
    answer(json(makeSession({ state: 'opened' })));
    const stored = await check;
    expect(stored?.state).toBe('closed');
    expect((await getSessionRecord(db, 42))?.state).toBe('closed');
  });
});
