import { describe, expect, it } from 'vitest';
import { MIN_RETRY_DELAY_MS } from '../../src/domain/check-schedule.js';
import { DEFAULT_CHECK_FREQUENCY_S } from '../../src/domain/pos-config.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import type { SessionRecord } from '../../src/domain/session-record.js';
import { buildSessionRecord, type CheckTimes } from '../../src/sync/build-session-record.js';
import type { SessionCheckOutcome } from '../../src/sync/fetch-session.js';
import { makeSession } from '../store/fixtures.js';

const T0 = 1_700_000_000_000;
/** A check that left at T0 and was answered 200 ms later. */
const AT: CheckTimes = { started: T0, answered: T0 + 200 };

/** `makeSession` without the frequency, as an older server or a trimmed push sends it. */
function withoutFrequency(overrides: Partial<PosSession> = {}): PosSession {
  const session = makeSession(overrides);
  delete session.checkSessionStateFrequency;
  return session;
}

function checked(previous: SessionRecord | undefined, outcome: SessionCheckOutcome, at = AT): SessionRecord {
  return buildSessionRecord(42, previous, { kind: 'checked', outcome, at, random: 0.5 });
}

/** The record after a good check of session 42 at T0 with frequency `frequencyS`. */
function checkedOpened(frequencyS: number): SessionRecord {
  const outcome: SessionCheckOutcome = {
    kind: 'session',
    session: makeSession({ checkSessionStateFrequency: frequencyS }),
    serverNow: AT.answered + 1_000,
  };
  return checked(undefined, outcome);
}

const missing: SessionCheckOutcome = { kind: 'missing', serverNow: null };

describe('buildSessionRecord', () => {
  it('first check: verified on the server clock, next check one frequency after the check started', () => {
    const record = checkedOpened(30);
    expect(record).toMatchObject({
      id: 42,
      state: 'opened',
      source: 'check',
      clockOffsetMs: 1_000,
      verifiedAt: AT.answered + 1_000,
      deviceCheckedAt: AT.answered,
      lastAttemptAt: AT.started,
      nextCheckAt: AT.started + 30_000,
      failures: 0,
      lastError: null,
    });
  });

  it('a first check that fails knows no state (not opened) and retries, never faster than the floor', () => {
    const record = checked(undefined, {
      kind: 'failed',
      error: { code: 'network', message: 'down' },
      serverNow: null,
    });
    expect(record).toMatchObject({ state: 'unknown', session: null, failures: 1, lastAttemptAt: AT.started });
    expect(record.nextCheckAt - AT.started).toBeGreaterThanOrEqual(MIN_RETRY_DELAY_MS);
  });

  it('a check answer without a frequency keeps the one the device knew instead of falling to the default', () => {
    const before = checkedOpened(30);
    const later = { started: T0 + 30_000, answered: T0 + 30_100 };
    const after = checked(before, { kind: 'session', session: withoutFrequency(), serverNow: null }, later);
    expect(after.nextCheckAt).toBe(later.started + 30_000);
    expect(after.session?.checkSessionStateFrequency).toBe(30);
  });

  it('a changed frequency schedules from this check on, and the checks after it', () => {
    const before = checkedOpened(30);
    const later = { started: T0 + 30_000, answered: T0 + 30_100 };
    const changed = checked(
      before,
      { kind: 'session', session: makeSession({ checkSessionStateFrequency: 5 }), serverNow: null },
      later,
    );
    expect(changed.nextCheckAt).toBe(later.started + 5_000);
    const next = { started: later.started + 5_000, answered: later.started + 5_050 };
    expect(checked(changed, missing, next).nextCheckAt).toBe(next.started + 5_000);
  });

  it('with no frequency sent or known, the default one schedules the next check', () => {
    const record = checked(undefined, { kind: 'session', session: withoutFrequency(), serverNow: null });
    expect(record.nextCheckAt).toBe(AT.started + DEFAULT_CHECK_FREQUENCY_S * 1000);
  });

  it('a missing session is an answer: state missing, the last session kept, its frequency, failures reset', () => {
    const before = {
      ...checkedOpened(20),
      failures: 2,
      lastError: { code: 'timeout', message: 'slow' },
    };
    const later = { started: T0 + 20_000, answered: T0 + 20_100 };
    const record = checked(before, missing, later);
    expect(record).toMatchObject({
      state: 'missing',
      failures: 0,
      lastError: { code: 'not_found' },
      nextCheckAt: later.started + 20_000,
      deviceCheckedAt: later.answered,
    });
    expect(record.session).toEqual(before.session);
  });

  it('an unknown state name keeps the last session with the frequency the answer sent', () => {
    const before = checkedOpened(20);
    const record = checked(before, {
      kind: 'unknown-state',
      state: 'suspended',
      frequencyS: 10,
      serverNow: null,
    });
    expect(record).toMatchObject({ state: 'unknown', nextCheckAt: AT.started + 10_000 });
    expect(record.session?.checkSessionStateFrequency).toBe(10);
  });

  it('a pushed closure sets the state without moving the checks’ schedule or resetting their backoff', () => {
    const before = { ...checkedOpened(30), failures: 2, lastError: { code: 'timeout', message: 'slow' } };
    const now = T0 + 12_000;
    const record = buildSessionRecord(42, before, {
      kind: 'pushed',
      session: makeSession({ state: 'closed', checkSessionStateFrequency: 30 }),
      at: now,
    });
    expect(record).toMatchObject({
      id: 42,
      state: 'closed',
      source: 'push',
      deviceCheckedAt: now,
      verifiedAt: now + 1_000, // on the server clock, by the offset the check measured
      nextCheckAt: before.nextCheckAt,
      lastAttemptAt: before.lastAttemptAt,
      failures: 2,
      lastError: { code: 'timeout' },
    });
  });

  it('a pushed closure without a frequency keeps the known one for the checks after it', () => {
    const before = checkedOpened(30);
    const pushed = buildSessionRecord(42, before, {
      kind: 'pushed',
      session: withoutFrequency({ state: 'closed' }),
      at: T0 + 1_000,
    });
    expect(pushed.session?.checkSessionStateFrequency).toBe(30);
    const later = { started: T0 + 30_000, answered: T0 + 30_100 };
    expect(checked(pushed, missing, later).nextCheckAt).toBe(later.started + 30_000);
  });

  it('the first news of a session being a push schedules its check a frequency later', () => {
    const record = buildSessionRecord('42', undefined, {
      kind: 'pushed',
      session: makeSession({ state: 'closing_control', checkSessionStateFrequency: 15 }),
      at: T0,
    });
    expect(record).toMatchObject({ id: '42', state: 'closing_control', nextCheckAt: T0 + 15_000 });
  });

  it('an upload refused as session_closed closes the record and keeps its schedule', () => {
    const before = checkedOpened(30);
    const record = buildSessionRecord(42, before, { kind: 'closed-by-upload', at: T0 + 5_000 });
    expect(record).toMatchObject({
      state: 'closed',
      source: 'upload',
      deviceCheckedAt: T0 + 5_000,
      verifiedAt: T0 + 6_000,
      nextCheckAt: before.nextCheckAt,
    });
    expect(record.session?.state).toBe('closed');
    expect(buildSessionRecord(7, undefined, { kind: 'closed-by-upload', at: T0 })).toMatchObject({
      id: 7,
      state: 'closed',
      session: null,
    });
  });

  it('at start-up the config read with the session gives what the session leaves out; a null limit stays off', () => {
    const record = buildSessionRecord(42, undefined, {
      kind: 'read-at-start',
      session: withoutFrequency({ maxUnverifiedSeconds: null }),
      config: { checkSessionStateFrequency: 5, maxUnverifiedSeconds: 600 },
      serverNow: null,
      at: T0,
    });
    expect(record.nextCheckAt).toBe(T0 + 5_000);
    expect(record.session?.checkSessionStateFrequency).toBe(5);
    expect(record.session?.maxUnverifiedSeconds).toBeNull();
    const limited = buildSessionRecord(42, undefined, {
      kind: 'read-at-start',
      session: makeSession(),
      config: { checkSessionStateFrequency: 60, maxUnverifiedSeconds: 600 },
      serverNow: null,
      at: T0,
    });
    expect(limited.session?.maxUnverifiedSeconds).toBe(600);
  });

  it('a check answer without maxUnverifiedSeconds does not switch the limit off', () => {
    const before = checked(undefined, {
      kind: 'session',
      session: makeSession({ maxUnverifiedSeconds: 120 }),
      serverNow: null,
    });
    const after = checked(before, { kind: 'session', session: makeSession(), serverNow: null });
    expect(after.session?.maxUnverifiedSeconds).toBe(120);
  });
});
