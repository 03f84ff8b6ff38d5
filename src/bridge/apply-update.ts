import { OUTBOX_FLUSH_LOCK } from '../domain/api/names.js';
import type { PageMessage } from '../domain/messages.js';
import { SEND_TIMEOUT_MS, UPDATE_ACTIVATION_TIMEOUT_MS, withTimeout } from './sw-bridge.js';

/** What applyWaitingWorker needs of the bridge: every tab's heartbeats held, and let go again. */
export interface HeartbeatHold {
  hold(): void;
  release(): void;
}

/**
 * Posts `skip-waiting` to the waiting worker and waits for `controllerchange`, at most
 * UPDATE_ACTIVATION_TIMEOUT_MS, with the heartbeats held from just before the post (released when
 * the change did not come; after it, this tab reloads, and the other tabs' holds run out).
 * Resolves true once the new worker controls the page, false when no worker waits or it did not
 * take control in time. Never rejects. The worker answers no message port, so workbox-window's
 * `messageSW` would never settle: the controller change is the answer that matters.
 *
 * Why the heartbeats wait: Chromium switches versions once the old worker has no pending event
 * and is idle, and asks it to go idle at once only at the first `skipWaiting()`, if it is running
 * then. A heartbeat landing while the old worker stops starts it again without that request, and
 * a second `skipWaiting()` does not repeat it: the old worker then runs on until 30 s without an
 * event, which heartbeats every second never allow, and the till waited on "Updating" until it
 * failed (seen in CI); Chromium's own limit is five minutes. Other events (a sale's `flush-now` in
 * another tab, a pushed closure, a fetch) can still wake it; the switch then waits for that
 * limit, and the till says so and keeps selling.
 */
export async function applyWaitingWorker(heartbeats: HeartbeatHold): Promise<boolean> {
  const container = navigator.serviceWorker;
  const registration = await withTimeout(container.getRegistration(), SEND_TIMEOUT_MS).catch(() => undefined);
  const waiting = registration?.waiting;
  if (!waiting) return false;
  const controlled = new Promise<boolean>((resolve) =>
    container.addEventListener('controllerchange', () => resolve(true), { once: true }),
  );
  const msg: PageMessage = { type: 'skip-waiting' };
  heartbeats.hold();
  waiting.postMessage(msg);
  const took = (await withTimeout(controlled, UPDATE_ACTIVATION_TIMEOUT_MS)) ?? false;
  if (!took) heartbeats.release();
  return took;
}

/** True while an outbox flush holds its lock in any runner of the origin (Web Locks only). */
export async function flushRunning(): Promise<boolean> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return false;
  try {
    const { held = [] } = await locks.query();
    return held.some((lock) => lock.name === OUTBOX_FLUSH_LOCK);
  } catch {
    return false;
  }
}
