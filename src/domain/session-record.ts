import type { Id } from './ids.js';
import type { PosSession } from './pos-session.js';
import type { GuardState } from './session-state.js';

/**
 * What a device knows about one session, as kept in IndexedDB (`session` store, key `id`) and
 * broadcast to pages. Times are epoch ms: `deviceCheckedAt`, `nextCheckAt` and
 * `lastAttemptAt` on the device clock; `verifiedAt` on the server clock (its `Date` header, or
 * device time shifted by the last known offset), so the age of a verification survives a wrong
 * device clock.
 */
export interface SessionRecord {
  id: Id;
  /** Effective state for the guard: the server's, or `missing` (404) / `unknown` (strange name). */
  state: GuardState;
  /** Last session resource the server sent (null before the first good answer). */
  session: PosSession | null;
  /**
   * Server time (ms) of the last successful check: its `Date` header, else device time plus
   * `clockOffsetMs` (plain device time when no offset is known).
   */
  verifiedAt: number | null;
  /**
   * Server clock minus device clock (ms) as measured by the latest answer that carried a `Date`
   * header, failed checks included (so a device clock changed since the last success is seen);
   * null when no answer carried one. Absent in records written before it existed.
   */
  clockOffsetMs?: number | null;
  /** Device time (ms) at the last successful check. */
  deviceCheckedAt: number | null;
  /** Device time (ms) of the last attempt, failed or not. */
  lastAttemptAt: number | null;
  /** Device time (ms) from which the next check is due. */
  nextCheckAt: number;
  /** Failed checks in a row; drives the backoff. */
  failures: number;
  /** Why the last check failed; null after a success. */
  lastError: { code: string; message: string } | null;
  /** Where the last state came from. */
  source: 'check' | 'push' | 'upload' | 'seed';
}

/** Outbox counts shown in the status bar and reported in checks. */
export interface OutboxCounts {
  pending: number;
  synced: number;
  held: number;
  rejected: number;
}

/**
 * How far back (ms) the device clock may seem to run before an age is called unknown: the `Date`
 * header has a one-second resolution, so offsets measured by two answers differ by up to ~1 s.
 */
export const CLOCK_SLACK_MS = 2_000;

/**
 * Age (ms) of the last verification on the server clock: the server's now (device now plus the
 * latest known offset) minus `verifiedAt`. Null before any verification, and when the device
 * clock was set back since (the age is then unknown; a till with `maxUnverifiedSeconds` stops
 * selling until the next check measures the clock again). Records without `clockOffsetMs` (older
 * builds) are aged on the device clock.
 */
export function verificationAgeMs(
  record: Pick<SessionRecord, 'verifiedAt' | 'deviceCheckedAt' | 'clockOffsetMs'>,
  deviceNow: number,
): number | null {
  if (record.deviceCheckedAt == null || record.verifiedAt == null) return null;
  const age =
    record.clockOffsetMs === undefined
      ? deviceNow - record.deviceCheckedAt
      : deviceNow + (record.clockOffsetMs ?? 0) - record.verifiedAt;
  return age < -CLOCK_SLACK_MS ? null : Math.max(0, age);
}

/**
 * Device time (ms) from which the last verification is older than `limitMs` by
 * {@link verificationAgeMs}; null before any verification (the age is unknown already).
 */
export function verificationExpiresAt(
  record: Pick<SessionRecord, 'verifiedAt' | 'deviceCheckedAt' | 'clockOffsetMs'>,
  limitMs: number,
): number | null {
  if (record.deviceCheckedAt == null || record.verifiedAt == null) return null;
  const base =
    record.clockOffsetMs === undefined
      ? record.deviceCheckedAt
      : record.verifiedAt - (record.clockOffsetMs ?? 0);
  return base + limitMs + 1;
}
