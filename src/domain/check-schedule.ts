/** Floor of every retry after a failed check (issue 3): never faster than every 5 s. */
export const MIN_RETRY_DELAY_MS = 5_000;
/** Ceiling of the check backoff: a long outage still gets a try every 5 minutes. */
export const MAX_RETRY_DELAY_MS = 300_000;
/** A session check that has not answered after this long is aborted and counts as failed. */
export const CHECK_TIMEOUT_MS = 4_000;

/** True when a check is due: `now >= nextCheckAt` (device clock, ms). */
export function isCheckDue(now: number, nextCheckAt: number): boolean {
  return now >= nextCheckAt;
}

/**
 * Delay (ms) before retry number `failures` (1 = first failure): exponential from the frequency
 * (capped by the frequency so a 60 s config still retries within a minute), full jitter over the
 * upper half, floored at {@link MIN_RETRY_DELAY_MS}. `random` is in [0, 1).
 */
export function retryDelayMs(failures: number, frequencyMs: number, random: number): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, MIN_RETRY_DELAY_MS * 2 ** Math.max(0, failures - 1), Math.max(frequencyMs, MIN_RETRY_DELAY_MS));
  const jittered = base / 2 + (base / 2) * random;
  return Math.max(MIN_RETRY_DELAY_MS, Math.round(jittered));
}
