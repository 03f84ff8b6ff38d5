import { retryDelayMs } from '../domain/check-schedule.js';
import type { Id } from '../domain/ids.js';
import { DEFAULT_CHECK_FREQUENCY_S } from '../domain/config-limits.js';
import type { PosConfig } from '../domain/pos-config.js';
import type { PosSession } from '../domain/pos-session.js';
import type { SessionRecord } from '../domain/session-record.js';
import type { SessionCheckOutcome } from './fetch-session.js';

/** When one check started and when its outcome came (device ms). */
export interface CheckTimes {
  /** The request left: the schedule counts from here, so checks start one frequency apart. */
  started: number;
  /** The outcome came: the session was verified then. */
  answered: number;
}

/** The config's settings a session carries, as read with the session at start-up. */
export type SessionSettings = Pick<PosConfig, 'checkSessionStateFrequency' | 'maxUnverifiedSeconds'>;

/**
 * What the device just learnt about a session (times are device epoch ms):
 * - `checked`: a session check ended with `outcome` (`random` in [0, 1) jitters a retry);
 * - `pushed`: the push stream delivered `session` (a state other than `opened`: see
 *   applyPushedSession);
 * - `closed-by-upload`: the server refused an order of the session as `session_closed`;
 * - `read-at-start`: the page's start-up refresh read `session` with its `config` and the
 *   server's clock `serverNow` (its `Date` header, or null).
 */
export type SessionNews =
  | { kind: 'checked'; outcome: SessionCheckOutcome; at: CheckTimes; random: number }
  | { kind: 'pushed'; session: PosSession; at: number }
  | { kind: 'closed-by-upload'; at: number }
  | {
      kind: 'read-at-start';
      session: PosSession;
      config: SessionSettings;
      serverNow: number | null;
      at: number;
    };

/**
 * The one builder of the stored session record of session `id`, from what the device knew
 * (`previous`, undefined the first time) and what it just learnt (`news`). The record keeps the key
 * `id` as stored, whatever type the server spells the id in.
 *
 * One rule for the config's settings the session carries (the check frequency and
 * `maxUnverifiedSeconds`): the value the server just sent (in the session, or at start-up in the
 * config read with it), else the one of the previous record's session, else, for the frequency,
 * DEFAULT_CHECK_FREQUENCY_S (a session never heard of). The stored session always carries the
 * values used, so a later answer, push or failure that leaves them out keeps them, and a change
 * on the server applies from the next check.
 *
 * Per kind: a check's session replaces the record and schedules the next check a frequency after
 * the check STARTED (the interval does not stretch by the request's duration); `missing` and an
 * unknown state name are answers, scheduled the same way; a failure keeps the last known state
 * (rule 6), counts it and schedules a jittered retry. Every answer with a `Date` header, failed or
 * not, measures the server clock again (`clockOffsetMs`). A push or an upload's refusal sets the
 * state without touching the checks' schedule or their backoff (neither is a check attempt); it
 * is verified at the device's now on the server clock as far as the record knows its offset.
 */
export function buildSessionRecord(
  id: Id,
  previous: SessionRecord | undefined,
  news: SessionNews,
): SessionRecord {
  switch (news.kind) {
    case 'checked':
      return afterCheck(id, previous, news.outcome, news.at, news.random);
    case 'pushed': {
      const session = withSettings(news.session, previous);
      const pushed = recordFromSession(
        session,
        news.at,
        null,
        frequencyMs(session),
        'push',
        knownOffset(previous),
      );
      const schedule = previous && {
        nextCheckAt: previous.nextCheckAt,
        lastAttemptAt: previous.lastAttemptAt,
        failures: previous.failures,
        lastError: previous.lastError,
      };
      return { ...pushed, ...schedule, id };
    }
    case 'closed-by-upload': {
      const base = previous ?? blankRecord(id);
      return {
        ...base,
        state: 'closed',
        session: base.session ? { ...base.session, state: 'closed' } : null,
        verifiedAt: news.at + (base.clockOffsetMs ?? 0),
        deviceCheckedAt: news.at,
        source: 'upload',
      };
    }
    case 'read-at-start': {
      const session = withSettings(news.session, previous, news.config);
      const record = recordFromSession(
        session,
        news.at,
        news.serverNow,
        frequencyMs(session),
        'check',
        knownOffset(previous),
      );
      return { ...record, id };
    }
  }
}

/**
 * The record after a successful check (or a trusted start-up read, or a push) that returned
 * `session`; what {@link buildSessionRecord} builds on, and test fixtures use. `deviceNow` is
 * device epoch ms; `serverNow` the server's `Date` header in ms, or null, in which case
 * `knownOffsetMs` (the offset a previous answer measured) places the verification on the server
 * clock. `frequencyMs` schedules the next check. `state` is the session's; an unknown state name
 * must be mapped to `unknown` by the caller before (see LooseSessionSchema).
 */
export function recordFromSession(
  session: PosSession,
  deviceNow: number,
  serverNow: number | null,
  frequencyMs: number,
  source: SessionRecord['source'] = 'check',
  knownOffsetMs: number | null = null,
): SessionRecord {
  const clockOffsetMs = serverNow === null ? knownOffsetMs : serverNow - deviceNow;
  return {
    id: session.id,
    state: session.state,
    session,
    verifiedAt: deviceNow + (clockOffsetMs ?? 0),
    clockOffsetMs,
    deviceCheckedAt: deviceNow,
    lastAttemptAt: deviceNow,
    nextCheckAt: deviceNow + frequencyMs,
    failures: 0,
    lastError: null,
    source,
  };
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

/**
 * `session` carrying the settings by the rule of {@link buildSessionRecord}: its own, else
 * `config`'s, else those of the previous record's session.
 */
function withSettings(
  session: PosSession,
  previous: SessionRecord | undefined,
  config?: SessionSettings,
): PosSession {
  const known = previous?.session;
  const frequencyS =
    session.checkSessionStateFrequency ??
    config?.checkSessionStateFrequency ??
    known?.checkSessionStateFrequency ??
    DEFAULT_CHECK_FREQUENCY_S;
  // null is a value here ("no limit"): only an absent one falls back.
  const maxUnverifiedSeconds =
    session.maxUnverifiedSeconds !== undefined
      ? session.maxUnverifiedSeconds
      : config?.maxUnverifiedSeconds !== undefined
        ? config.maxUnverifiedSeconds
        : known?.maxUnverifiedSeconds;
  return {
    ...session,
    checkSessionStateFrequency: frequencyS,
    ...(maxUnverifiedSeconds === undefined ? {} : { maxUnverifiedSeconds }),
  };
}

/** The check frequency (ms) of a session that went through {@link withSettings}, or of the record. */
function frequencyMs(session: PosSession | null | undefined): number {
  return 1000 * (session?.checkSessionStateFrequency ?? DEFAULT_CHECK_FREQUENCY_S);
}

function afterCheck(
  id: Id,
  previous: SessionRecord | undefined,
  outcome: SessionCheckOutcome,
  at: CheckTimes,
  random: number,
): SessionRecord {
  switch (outcome.kind) {
    case 'session': {
      const session = withSettings(outcome.session, previous);
      const record = recordFromSession(
        session,
        at.answered,
        outcome.serverNow,
        frequencyMs(session),
        'check',
        knownOffset(previous),
      );
      return { ...record, id, lastAttemptAt: at.started, nextCheckAt: at.started + frequencyMs(session) };
    }
    case 'missing':
      return answered(id, previous, 'missing', at, outcome.serverNow, undefined, {
        code: 'not_found',
        message: 'The server does not know this session.',
      });
    case 'unknown-state':
      return answered(id, previous, 'unknown', at, outcome.serverNow, outcome.frequencyS, {
        code: 'unknown_state',
        message: `The server reports the session state "${outcome.state}", which this version does not know.`,
      });
    case 'failed': {
      const base = previous ?? blankRecord(id);
      const failures = base.failures + 1;
      const delay = retryDelayMs(failures, frequencyMs(base.session), random);
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

/**
 * A check that got an answer that is not a usable session: `missing` or `unknown`. The last known
 * session stays, with the frequency the answer sent (`frequencyS`) when it sent one.
 */
function answered(
  id: Id,
  previous: SessionRecord | undefined,
  state: 'missing' | 'unknown',
  at: CheckTimes,
  serverNow: number | null,
  frequencyS: number | undefined,
  lastError: SessionRecord['lastError'],
): SessionRecord {
  const known = previous?.session ?? null;
  const session =
    known && frequencyS !== undefined ? { ...known, checkSessionStateFrequency: frequencyS } : known;
  const clockOffsetMs = serverNow === null ? knownOffset(previous) : serverNow - at.answered;
  return {
    id,
    state,
    session,
    verifiedAt: at.answered + (clockOffsetMs ?? 0),
    clockOffsetMs,
    deviceCheckedAt: at.answered,
    lastAttemptAt: at.started,
    nextCheckAt:
      at.started + 1000 * (frequencyS ?? known?.checkSessionStateFrequency ?? DEFAULT_CHECK_FREQUENCY_S),
    failures: 0,
    lastError,
    source: 'check',
  };
}

/** The server clock offset `record` knows, null when none (or written before offsets were kept). */
function knownOffset(record: SessionRecord | undefined): number | null {
  return record?.clockOffsetMs ?? null;
}
