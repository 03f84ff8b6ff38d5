/// <reference lib="webworker" />
/**
 * The service worker: only listeners, each delegating to a named, unit-tested function (STYLE.md
 * §4). The check schedule lives in IndexedDB, not in timers: every wake-up runs "check if due".
 */
import { parsePageMessage } from '../src/domain/messages.js';
import { checkIfDue } from '../src/sync/check-if-due.js';
import { activateWorker } from './activate-worker.js';
import { coalesceRuns } from '../src/sync/coalesce-runs.js';
import { handlePageMessage, handleSyncEvent } from './handle-page-message.js';
import { logFailure } from './log-failure.js';
import { passThroughApi } from './pass-through-api.js';
import { registerRoutes } from './register-routes.js';
import { createWorkerContext } from './worker-context.js';

declare const self: ServiceWorkerGlobalScope;

const worker = createWorkerContext(self);
registerRoutes(self.__WB_MANIFEST);

// No skipWaiting on install: an update waits until the page sends `skip-waiting`, so a new version never
// switches the till mid-sale.
self.addEventListener('activate', (event) => {
  event.waitUntil(activateWorker(self).catch(logFailure('activate')));
});

self.addEventListener('fetch', (event) => {
  passThroughApi(
    event,
    self.location.origin,
    () => worker.syncDeps().then(checkIfDue).catch(logFailure('check after API response')),
    self.registration,
  );
});

// Every tab beats each second, and all of them just after the check falls due: fold the burst.
const heartbeat = coalesceRuns(() => handlePageMessage({ type: 'heartbeat' }, worker));
// A flush asked for waits for a running one, then runs: sales made meanwhile fold into that one run.
const flushNow = coalesceRuns((askedAt) => handlePageMessage({ type: 'flush-now' }, worker, askedAt));

self.addEventListener('message', (event) => {
  const message = parsePageMessage(event.data);
  if (!message) return;
  const task =
    message.type === 'heartbeat'
      ? heartbeat()
      : message.type === 'flush-now'
        ? flushNow()
        : handlePageMessage(message, worker);
  const logged = task.catch(logFailure(message.type));
  // While a new version waits, a page's message does not keep this worker's event open: Chromium
  // switches to the new version only once this one has no pending event, and each tab's heartbeat
  // every second, slower than that on a loaded tablet, kept one pending for as long as the cashier
  // waited on "Update". Work the switch cuts short is redone by the new version: the schedule and
  // the outbox live in IndexedDB, and an order sent again is answered `duplicate`.
  if (!self.registration.waiting) event.waitUntil(logged);
});

self.addEventListener('sync', (event) => {
  event.waitUntil(handleSyncEvent(event.tag, worker));
});

self.addEventListener('periodicsync', (event) => {
  event.waitUntil(handleSyncEvent(event.tag, worker).catch(logFailure('periodic check')));
});
