import type { Sleep } from '../src/sync/flush-on-sync.js';

/** How often (ms) a wait looks for a waiting version of the worker. */
export const WAITING_POLL_MS = 250;

/**
 * A {@link Sleep} for long waits inside a worker event that ends early (resolving `false`) once a
 * new version of the worker is installed and waiting (looked for every WAITING_POLL_MS), or at
 * once when one already waits.
 *
 * Why: Chromium activates a waiting worker after `skipWaiting()` only once the active worker has
 * no pending events (Service Workers spec, "Try Activate": "has no pending events"). A `sync` event
 * waiting out the upload backoff (up to FLUSH_MAX_BACKOFF_MS, 60 s) would hold the cashier's
 * accepted update for that long, with the till inert. Ending the wait lets the event settle; the
 * new worker picks the flush up (heartbeats, and the browser's retry of the rejected sync).
 *
 * It ends for any waiting version, accepted yet or not: the worker cannot tell, and the cashier
 * may accept at any moment. While an update waits unaccepted (mid-sale, or ignored), a sync event
 * that would have to wait therefore rejects at once and spends one of the browser's few retries;
 * open tabs still flush through their heartbeats, and with no tab open the waiting version takes
 * over as soon as the event has ended. No order is touched either way.
 */
export function sleepUntilUpdate(registration: Pick<ServiceWorkerRegistration, 'waiting'>): Sleep {
  return (ms) =>
    new Promise<boolean>((resolve) => {
      if (registration.waiting) return resolve(false);
      const settle = (full: boolean): void => {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(full);
      };
      const timer = setTimeout(() => settle(true), ms);
      const poll = setInterval(() => registration.waiting && settle(false), WAITING_POLL_MS);
    });
}
