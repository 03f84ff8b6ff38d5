import type { Sleep } from '../src/sync/flush-on-sync.js';

/** How often (ms) a wait also looks for a waiting version, besides the install's events. */
export const WAITING_POLL_MS = 500;

/**
 * A {@link Sleep} for long waits inside a worker event that ends early (resolving `false`) as soon
 * as a new version of the worker is installed and waiting, or at once when one already waits.
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
export function sleepUntilUpdate(registration: ServiceWorkerRegistration): Sleep {
  return (ms) =>
    new Promise<boolean>((resolve) => {
      if (registration.waiting) return resolve(false);
      const watched = new Set<ServiceWorker>();
      const settle = (full: boolean): void => {
        clearTimeout(timer);
        clearInterval(poll);
        registration.removeEventListener('updatefound', watchInstalling);
        for (const worker of watched) worker.removeEventListener('statechange', onStateChange);
        resolve(full);
      };
      const onStateChange = (): void => {
        if (registration.waiting) settle(false);
      };
      function watchInstalling(): void {
        const installing = registration.installing;
        if (!installing || watched.has(installing)) return;
        watched.add(installing);
        installing.addEventListener('statechange', onStateChange);
      }
      const timer = setTimeout(() => settle(true), ms);
      // Belt and braces: should an install's events be missed, the wait still ends within a poll.
      const poll = setInterval(onStateChange, WAITING_POLL_MS);
      registration.addEventListener('updatefound', watchInstalling);
      watchInstalling(); // an install already under way when the wait began
    });
}
