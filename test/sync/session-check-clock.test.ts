import { describe, expect, it } from 'vitest';
import { saleBlockReason, salePauseAt } from '../../src/app/sale-guard.js';
import { CLOCK_SLACK_MS, verificationAgeMs, type SessionRecord } from '../../src/domain/session-record.js';
import { applyPushedSession } from '../../src/sync/apply-pushed-session.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json, networkDown, type Handler } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';

/** The server's clock in these tests: one hour ahead of the device. */
const SERVER_AHEAD_MS = 3_600_000;
const httpDate = (ms: number): string => new Date(ms).toUTCString();

/**
 * A device whose check answers with `answer(serverNow)`. The server clock runs 1 h ahead of the
 * device `clock`, less what `moveDeviceClock` moved the device clock by hand.
 */
async function device(answer: (serverNow: number) => Response | Promise<Response>) {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { now: clock.at, nextCheckAt: clock.at });
  let moved = 0;
  const handler: Handler = () => answer(clock.at + SERVER_AHEAD_MS - moved);
  const api = fakeFetch(handler);
  const moveDeviceClock = (ms: number): void => {
    moved += ms;
    clock.advance(ms);
  };
  return { db, clock, api, moveDeviceClock, deps: makeSyncDeps(db, api.fetch, clock) };
}

const openedAt = (serverNow: number): Response => json(makeSession(), 200, httpDate(serverNow));

describe('age of the last verification, on the server clock', () => {
  it('is right when the device clock is an hour behind the server', async () => {
    const { clock, deps } = await device(openedAt);
    const record = await checkIfDue(deps);
    expect(record?.clockOffsetMs).toBe(SERVER_AHEAD_MS);
    expect(record?.verifiedAt).toBe(clock.at + SERVER_AHEAD_MS);
    expect(verificationAgeMs(record as SessionRecord, clock.at + 30_000)).toBe(30_000);
  });

  it('a device clock moved forward after the check is corrected by the next answer, even a failed 503', async () => {
    let status = 200;
    const { clock, moveDeviceClock, deps } = await device((serverNow) =>
      status === 200
        ? openedAt(serverNow)
        : json({ error: { code: 'unavailable', message: 'down' } }, status, httpDate(serverNow)),
    );
    const verified = await checkIfDue(deps);
    // Real time passes 60 s; the cashier also moves the device clock one day forward.
    const realElapsed = 60_000;
    const jump = 86_400_000;
    clock.advance(realElapsed);
    moveDeviceClock(jump);
    expect(verificationAgeMs(verified as SessionRecord, clock.at)).toBe(realElapsed + jump);
    status = 503;
    const failed = await checkIfDue(deps);
    expect(failed).toMatchObject({
      state: 'opened',
      failures: 1,
      lastError: { code: 'server_error', message: 'The server answered 503.' },
    });
    expect(failed?.verifiedAt).toBe(verified?.verifiedAt);
    expect(failed?.clockOffsetMs).toBe(SERVER_AHEAD_MS - jump);
    expect(verificationAgeMs(failed as SessionRecord, clock.at)).toBe(realElapsed);
  });

  it('a timeout or a network failure keeps the last measured offset', async () => {
    let down = false;
    const { clock, deps } = await device((serverNow) =>
      down ? networkDown({} as never) : openedAt(serverNow),
    );
    await checkIfDue(deps);
    down = true;
    clock.advance(60_000);
    const failed = await checkIfDue(deps);
    expect(failed).toMatchObject({
      failures: 1,
      lastError: { code: 'network' },
      clockOffsetMs: SERVER_AHEAD_MS,
    });
    expect(verificationAgeMs(failed as SessionRecord, clock.at)).toBe(60_000);
  });

  it('without any Date header the device clock measures the age', async () => {
    const { clock, deps } = await device(() => new Response(JSON.stringify(makeSession()), { status: 200 }));
    const record = await checkIfDue(deps);
    expect(record?.clockOffsetMs).toBeNull();
    expect(verificationAgeMs(record as SessionRecord, clock.at + 12_000)).toBe(12_000);
  });

  it('a device clock set back since the check makes the age unknown, not zero', async () => {
    const { clock, deps } = await device(openedAt);
    const record = (await checkIfDue(deps)) as SessionRecord;
    expect(verificationAgeMs(record, clock.at - CLOCK_SLACK_MS)).toBe(0);
    expect(verificationAgeMs(record, clock.at - 3_600_000)).toBeNull();
  });

  it('records written before the offset was kept are aged on the device clock', () => {
    const legacy = { verifiedAt: 5_000_000, deviceCheckedAt: 1_000_000 };
    expect(verificationAgeMs(legacy, 1_045_000)).toBe(45_000);
  });

  it('a pushed closure is placed on the server clock through the offset the checks measured', async () => {
    const { clock, deps } = await device(openedAt);
    await checkIfDue(deps);
    clock.advance(10_000);
    const pushed = await applyPushedSession(deps, makeSession({ state: 'closed' }));
    expect(pushed?.verifiedAt).toBe(clock.at + SERVER_AHEAD_MS);
    expect(verificationAgeMs(pushed as SessionRecord, clock.at)).toBe(0);
  });

  it('maxUnverifiedSeconds: a new order is refused once the server-clock age passes the limit, and taken again after a check', async () => {
    const { clock, deps } = await device((serverNow) =>
      json(makeSession({ maxUnverifiedSeconds: 120 }), 200, httpDate(serverNow)),
    );
    const record = (await checkIfDue(deps)) as SessionRecord;
    const till = { pairing: 'paired' as const, sessionRecord: record, deviceNumber: 3, currency: 'EUR' };
    expect(saleBlockReason(till, clock.at + 120_000)).toBeNull();
    expect(saleBlockReason(till, clock.at + 121_000)?.()).toMatch(/not been verified for more than 2 min/);
    expect(salePauseAt(till)).toBe(clock.at + 120_001);
    clock.advance(121_000);
    const fresh = (await checkIfDue(deps)) as SessionRecord;
    expect(saleBlockReason({ ...till, sessionRecord: fresh }, clock.at)).toBeNull();
  });
});
