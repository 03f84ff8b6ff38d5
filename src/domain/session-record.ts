import type { Id } from './ids.js';
import type { PosSession } from './pos-session.js';
import type { GuardState } from './session-state.js';

/**
 * What a device knows about one session, as kept in IndexedDB (`session` store, key `id`) and
 * broadcast to pages. Times are epoch ms: `deviceCheckedAt`, `nextCheckAt` and
 * `lastAttemptAt` on the device clock; `verifiedAt` on the server clock (its `Date` header) when
 * the server sent one, so the age of a verification survives a wrong device clock.
 */
export interface SessionRecord {
  id: Id;
  /** Effective state for the guard: the server's, or `missing` (404) / `unknown` (strange name). */
  state: GuardState;
  /** Last session resource the server sent (null before the first good answer). */
  session: PosSession | null;
  /** Server time (ms) of the last successful check, from its `Date` header, else device time. */
  verifiedAt: number | null;
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

/** Age (ms) of the last verification, counted on the server clock where it is known. */
export function verificationAgeMs(record: Pick<SessionRecord, 'verifiedAt' | 'deviceCheckedAt'>, deviceNow: number): number | null {
  if (record.deviceCheckedAt == null) return null;
  return Math.max(0, deviceNow - record.deviceCheckedAt);
}

/**
 * The record after a successful check (or a trusted bootstrap read) that returned `session`.
 * `deviceNow` is device epoch ms; `serverNow` the server's `Date` header in ms, or null.
 * `frequencyMs` schedules the next check. `state` is the session's; an unknown state name must
 * be mapped to `unknown` by the caller before (see LooseSessionSchema).
 */
export function recordFromSession(
  session: PosSession,
  deviceNow: number,
  serverNow: number | null,
  frequencyMs: number,
  source: SessionRecord['source'] = 'check',
): SessionRecord {
  return {
    id: session.id,
    state: session.state,
    session,
    verifiedAt: serverNow ?? deviceNow,
    deviceCheckedAt: deviceNow,
    lastAttemptAt: deviceNow,
    nextCheckAt: deviceNow + frequencyMs,
    failures: 0,
    lastError: null,
    source,
  };
}
