import { retryDelayMs } from '../domain/check-schedule.js';
import type { Id } from '../domain/ids.js';
import { DEFAULT_CHECK_FREQUENCY_S } from '../domain/pos-config.js';
import type { PosSession } from '../domain/pos-session.js';
import { recordFromSession, type SessionRecord } from '../domain/session-record.js';
import type { SessionCheckOutcome } from './fetch-session.js';

/**
 * Check frequency (ms): the one the server just sent, else the one of the last known session,
 * else DEFAULT_CHECK_FREQUENCY_S. A change on the server therefore applies from the next check.
 */
export function checkFrequencyMs(sentS: number | undefined, previous: SessionRecord | undefined): number {
  return 1000 * (sentS ?? previous?.session?.checkSessionStateFrequency ?? DEFAULT_CHECK_FREQUENCY_S);
}

/** The record of a session the device has never heard about: state `unknown` (not opened). */
export function blankRecord(id: Id): SessionRecord {
  return {
    id,
    state: 'unknown',
    session: null,
    verifiedAt: null,
    deviceCheckedAt: null,
    lastAttemptAt: null,
    nextCheckAt: 0,
    failures: 0,
    lastError: null,
    source: 'check',
  };
}

/**
 * The record of session `id` after one check that ended with `outcome` at device time `now` (ms).
 * A failure keeps the last known state (rule 6), counts it and schedules a jittered retry
 * (`random` in [0, 1)); `missing` and `unknown` are answers, scheduled at the normal frequency.
 * The record keeps the key `id` as stored, whatever type the server spells the id in.
 */
export function sessionCheckResult(id: Id, previous: SessionRecord | undefined, outcome: SessionCheckOutcome, now: number, random: number): SessionRecord {
  switch (outcome.kind) {
    case 'session': {
      const frequencyMs = checkFrequencyMs(outcome.session.checkSessionStateFrequency, previous);
      return { ...recordFromSession(outcome.session, now, outcome.serverNow, frequencyMs), id };
    }
    case 'missing':
      return answered(id, previous, 'missing', now, outcome.serverNow, checkFrequencyMs(undefined, previous), {
        code: 'not_found',
        message: 'The server does not know this session.',
      });
    case 'unknown-state':
      return answered(id, previous, 'unknown', now, outcome.serverNow, checkFrequencyMs(outcome.frequencyS, previous), {
        code: 'bad_response',
        message: `The server reports the session state "${outcome.state}", which this version does not know.`,
      });
    case 'failed': {
      const base = previous ?? blankRecord(id);
      const failures = base.failures + 1;
      const delay = retryDelayMs(failures, checkFrequencyMs(undefined, previous), random);
      return { ...base, lastAttemptAt: now, failures, lastError: outcome.error, nextCheckAt: now + delay };
    }
  }
}

/** A check that got an answer that is not a usable session: `missing` or `unknown`. */
function answered(
  id: Id,
  previous: SessionRecord | undefined,
  state: 'missing' | 'unknown',
  now: number,
  serverNow: number | null,
  frequencyMs: number,
  lastError: SessionRecord['lastError'],
): SessionRecord {
  const session: PosSession | null = previous?.session ?? null;
  return {
    id,
    state,
    session,
    verifiedAt: serverNow ?? now,
    deviceCheckedAt: now,
    lastAttemptAt: now,
    nextCheckAt: now + frequencyMs,
    failures: 0,
    lastError,
    source: 'check',
  };
}
