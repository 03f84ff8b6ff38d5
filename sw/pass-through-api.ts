/**
 * Answers a same-origin `/api/` request from the network only: never from a cache, and never
 * stored in one (the till must not believe an old session state). Once the answer arrived,
 * `afterResponse` runs (a response passing through wakes the check schedule), inside the event's
 * lifetime unless a new version of the worker waits (`registration.waiting`): Chromium switches to
 * it only once this one has no pending event, and that check can take as long as its request's
 * timeout, which the cashier would wait out on "Update" (the worker's messages follow the same
 * rule). A check the switch cuts short is made again by the new version: the schedule lives in
 * IndexedDB. Returns false for requests it leaves alone: other paths, other origins, and event
 * streams (SSE), which go to the network directly so a long-lived stream does not hold the worker.
 */
export function passThroughApi(
  event: ApiFetchEvent,
  origin: string,
  afterResponse: () => Promise<unknown>,
  registration: Pick<ServiceWorkerRegistration, 'waiting'>,
): boolean {
  const url = new URL(event.request.url);
  if (url.origin !== origin || !url.pathname.startsWith('/api/')) return false;
  if (event.request.headers.get('accept')?.includes('text/event-stream')) return false;
  const response = fetch(event.request);
  event.respondWith(response);
  const after = response.then(afterResponse).catch(() => undefined);
  if (!registration.waiting) event.waitUntil(after);
  return true;
}

/** What passThroughApi uses of a `FetchEvent`. */
export interface ApiFetchEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
  waitUntil(promise: Promise<unknown>): void;
}
