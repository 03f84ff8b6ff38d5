import { describe, expect, it } from 'vitest';
import { MIN_CHECK_GAP_MS, checkDueAt } from '../../src/domain/check-schedule.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';

describe('session check schedule', () => {
  it('the next check is due one frequency after the previous one started, however long the request took', async () => {
    const db = await openTestDb();
    const clock = testClock();
    await seedSession(db, { now: clock.at, nextCheckAt: clock.at });
    const api = fakeFetch(() => {
      clock.advance(800); // a slow answer
      return json(makeSession({ checkSessionStateFrequency: 5 }));
    });
    const started = clock.at;
    const record = await checkIfDue(makeSyncDeps(db, api.fetch, clock));
    expect(record).toMatchObject({
      lastAttemptAt: started,
      deviceCheckedAt: started + 800,
      nextCheckAt: started + 5_000,
    });
  });

  it('checkDueAt: on schedule at nextCheckAt; forced at the end of the 5 s gap; retryFailed at once after a failure', () => {
    const schedule = { nextCheckAt: 60_000, lastAttemptAt: 0, failures: 0 };
    expect(checkDueAt(schedule, {})).toBe(60_000);
    expect(checkDueAt(schedule, { force: true })).toBe(MIN_CHECK_GAP_MS);
    expect(checkDueAt({ ...schedule, nextCheckAt: 3_000 }, { force: true })).toBe(3_000);
    expect(checkDueAt({ ...schedule, lastAttemptAt: null }, { force: true })).toBe(Number.NEGATIVE_INFINITY);
    expect(checkDueAt(schedule, { retryFailed: true })).toBe(60_000);
    expect(checkDueAt({ ...schedule, failures: 2 }, { retryFailed: true })).toBe(Number.NEGATIVE_INFINITY);
  });
});
