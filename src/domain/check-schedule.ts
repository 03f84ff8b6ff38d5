/** Floor of every retry after a failed check: never faster than every 5 s. */
export const MIN_RETRY_DELAY_MS = 5_000;
/** Ceiling of the check backoff: a long outage still gets a try every 5 minutes. */
export const MAX_RETRY_DELAY_MS = 300_000;
/** A session check that has not answered after this long is aborted and counts as failed. */
export const CHECK_TIMEOUT_MS = 4_000;

/**
 * Shortest time between the start of the last check attempt and a check forced off schedule
 * (`check-now` on page start and `online`, an unbelievable push, a `sync` event): N tabs going
 * online together, or a flapping network, never cost more than one check per 5 s. Checks on
 * schedule are spaced by the frequency (min 5 s) or the retry delay (min 5 s) anyway.
 */
export const MIN_CHECK_GAP_MS = MIN_RETRY_DELAY_MS;

/** True when a check is due: `now >= nextCheckAt` (device clock, ms). */
export function isCheckDue(now: number, nextCheckAt: number): boolean {
  return now >= nextCheckAt;
}

/** The schedule fields of a session record (device ms). */
export interface CheckSchedule {
  nextCheckAt: number;
  lastAttemptAt: number | null;
  failures: number;
}

/** How a check is asked for: on schedule (neither flag), or off schedule. */
export interface CheckAsk {
  /** Check even when not due, but not within MIN_CHECK_GAP_MS of the last attempt. */
  force?: boolean;
  /**
   * Check at once when the last check failed, gap or not: a flush verifies the session before it
   * sends after an outage, so orders of a session closed meanwhile are held. Flushes are spaced by their own
   * lock and backoff.
   */
  retryFailed?: boolean;
  /**
   * The caller saw the network fail since the last check (an upload failed): check at once, gap
   * or not, as for `retryFailed` (a flush after an outage verifies the session before
   * it sends, also when no check came due during a short outage).
   */
  afterOutage?: boolean;
}

/**
 * Device time (ms) from which a check asked as `ask` is due: `nextCheckAt` on schedule; at once
 * for `retryFailed` after a failure; for `force`, {@link MIN_CHECK_GAP_MS} after the last attempt
 * when that is earlier than `nextCheckAt`.
 */
export function checkDueAt(schedule: CheckSchedule, ask: CheckAsk): number {
  if (ask.retryFailed === true && schedule.failures > 0) return Number.NEGATIVE_INFINITY;
  if (ask.afterOutage === true) return Number.NEGATIVE_INFINITY;
  if (ask.force !== true) return schedule.nextCheckAt;
  if (schedule.lastAttemptAt === null) return Number.NEGATIVE_INFINITY;
  return Math.min(schedule.nextCheckAt, schedule.lastAttemptAt + MIN_CHECK_GAP_MS);
}

/**
 * Delay (ms) before retry number `failures` (1 = first failure): exponential from the frequency
 * (capped by the frequency so a 60 s config still retries within a minute), full jitter over the
 * upper half, floored at {@link MIN_RETRY_DELAY_MS}. `random` is in [0, 1).
 */
export function retryDelayMs(failures: number, frequencyMs: number, random: number): number {
  const base = Math.min(
    MAX_RETRY_DELAY_MS,
    MIN_RETRY_DELAY_MS * 2 ** Math.max(0, failures - 1),
    Math.max(frequencyMs, MIN_RETRY_DELAY_MS),
  );
  const jittered = base / 2 + (base / 2) * random;
  return Math.max(MIN_RETRY_DELAY_MS, Math.round(jittered));
}
