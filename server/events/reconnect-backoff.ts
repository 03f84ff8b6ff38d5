/**
 * How long the change feed waits before each attempt to reopen its LISTEN connection. Every
 * notification sent while it is down is lost, and each reconnect costs a re-read of every session
 * a stream follows on the instance: so retry soon, then back off, and never give up (a listener
 * that stops retrying leaves its tills on their scheduled checks until the server restarts).
 */

/**
 * First wait (ms). A killed backend, a failover or a pooler restart is usually reachable again at
 * once, and every 100 ms down is 100 ms of closures that only the re-read will deliver.
 */
export const RECONNECT_FIRST_DELAY_MS = 100;

/**
 * Longest wait (ms), from the seventh attempt on (3 to 6 s after the drop). PostgreSQL restarts in
 * seconds; 5 s more after it is back stays well under a till's scheduled check (60 s by default),
 * and one connection attempt per 5 s per instance is nothing to a server that is starting up.
 */
export const RECONNECT_MAX_DELAY_MS = 5_000;

/**
 * Each wait is drawn in [(1 − 0.5) × d, d] ("equal jitter"): instances that lost PostgreSQL at the
 * same moment do not knock on it at the same moment when it comes back, and no wait is under half
 * its step.
 */
export const RECONNECT_JITTER = 0.5;

/**
 * The wait (ms) before reconnect attempt `attempt` (0 for the first after a drop): 100 ms doubling
 * up to 5 s, each scaled down by up to {@link RECONNECT_JITTER}. `random` returns [0, 1).
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(
    RECONNECT_MAX_DELAY_MS,
    RECONNECT_FIRST_DELAY_MS * 2 ** Math.max(0, Math.min(attempt, 30)),
  );
  return Math.round(step * (1 - RECONNECT_JITTER * random()));
}
