/**
 * Answers a same-origin `/api/` request from the network only: never from a cache, and never
 * stored in one (the till must not believe an old session state). Once the answer arrived,
 * `afterResponse` runs inside the event's lifetime (a response passing through wakes the check
 * schedule). Returns false for requests it leaves alone: other paths, other origins, and event
 * streams (SSE), which go to the network directly so a long-lived stream does not hold the worker.
 */
export function passThroughApi(
  event: FetchEvent,
  origin: string,
  afterResponse: () => Promise<unknown>,
): boolean {
  const url = new URL(event.request.url);
  if (url.origin !== origin || !url.pathname.startsWith('/api/')) return false;
  if (event.request.headers.get('accept')?.includes('text/event-stream')) return false;
  const response = fetch(event.request);
  event.respondWith(response);
  event.waitUntil(response.then(afterResponse).catch(() => undefined));
  return true;
}
