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
    clockOffsetMs: null,
    deviceCheckedAt: null,
    lastAttemptAt: null,
    nextCheckAt: 0,
    failures: 0,
    lastError: null,
    source: 'check',
  };
}

/** When one check started and when its outcome came (device ms). */
export interface CheckTimes {
  /** The request left: the schedule counts from here, so checks start one frequency apart. */
  started: number;
  /** The outcome came: the session was verified then. */
  answered: number;
}

/**
 * The record of session `id` after one check that ended with `outcome` (device times `at`).
 * A failure keeps the last known state (rule 6), counts it and schedules a jittered retry
 * (`random` in [0, 1)); `missing` and `unknown` are answers, scheduled at the normal frequency.
 * The next check is due a frequency (or retry delay) after this one STARTED, so the interval does
 * not stretch by the request's duration. Every answer with a `Date` header, failed or not,
 * measures the server clock again (`clockOffsetMs`). The record keeps the key `id` as stored,
 * whatever type the server spells the id in.
 */
export function sessionCheckResult(
  id: Id,
  previous: SessionRecord | undefined,
  outcome: SessionCheckOutcome,
  at: CheckTimes,
  random: number,
): SessionRecord {
  switch (outcome.kind) {
    case 'session': {
      const frequencyMs = checkFrequencyMs(outcome.session.checkSessionStateFrequency, previous);
      const record = recordFromSession(
        outcome.session,
        at.answered,
        outcome.serverNow,
        frequencyMs,
        'check',
        knownOffset(previous),
      );
      return { ...record, id, lastAttemptAt: at.started, nextCheckAt: at.started + frequencyMs };
    }
    case 'missing':
      return answered(id, previous, 'missing', at, outcome.serverNow, checkFrequencyMs(undefined, previous), {
        code: 'not_found',
        message: 'The server does not know this session.',
      });
    case 'unknown-state':
      return answered(
        id,
        previous,
        'unknown',
        at,
        outcome.serverNow,
        checkFrequencyMs(outcome.frequencyS, previous),
        {
          code: 'unknown_state',
          message: `The server reports the session state "${outcome.state}", which this version does not know.`,
        },
      );
    case 'failed': {
      const base = previous ?? blankRecord(id);
      const failures = base.failures + 1;
      const delay = retryDelayMs(failures, checkFrequencyMs(undefined, previous), random);
      const clockOffsetMs = outcome.serverNow === null ? knownOffset(base) : outcome.serverNow - at.answered;
      return {
        ...base,
        clockOffsetMs,
        lastAttemptAt: at.started,
        failures,
        lastError: outcome.error,
        nextCheckAt: at.started + delay,
      };
    }
  }
}

/** A check that got an answer that is not a usable session: `missing` or `unknown`. */
function answered(
  id: Id,
  previous: SessionRecord | undefined,
  state: 'missing' | 'unknown',
  at: CheckTimes,
  serverNow: number | null,
  frequencyMs: number,
  lastError: SessionRecord['lastError'],
): SessionRecord {
  const session: PosSession | null = previous?.session ?? null;
  const clockOffsetMs = serverNow === null ? knownOffset(previous) : serverNow - at.answered;
  return {
    id,
    state,
    session,
    verifiedAt: at.answered + (clockOffsetMs ?? 0),
    clockOffsetMs,
    deviceCheckedAt: at.answered,
    lastAttemptAt: at.started,
    nextCheckAt: at.started + frequencyMs,
    failures: 0,
    lastError,
    source: 'check',
  };
}

/** The server clock offset `record` knows, null when none (or written before offsets were kept). */
function knownOffset(record: SessionRecord | undefined): number | null {
  return record?.clockOffsetMs ?? null;
}
