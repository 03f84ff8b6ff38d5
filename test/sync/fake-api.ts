import type { FetchFn } from '../../src/sync/sync-deps.js';

/** One request the fake server saw. */
export interface SeenRequest {
  method: string;
  url: URL;
  body: unknown;
  signal: AbortSignal | null;
}

/** Answers a request; may return a promise that never settles (a hung server). */
export type Handler = (request: SeenRequest) => Response | Promise<Response>;

/** A fake `fetch` that records every request and answers with `handler`. */
export function fakeFetch(handler: Handler): { fetch: FetchFn; requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const fetch: FetchFn = async (input, init) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request: SeenRequest = {
      method: init?.method ?? 'GET',
      url: new URL(input, 'http://till.test'),
      body,
      signal: init?.signal ?? null,
    };
    requests.push(request);
    return handler(request);
  };
  return { fetch, requests };
}

/** A JSON answer with a `Date` header. */
export function json(body: unknown, status = 200, date = 'Sun, 29 Nov 2026 08:00:00 GMT'): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', date, 'cache-control': 'no-store' },
  });
}

/** A fetch that fails like a network down (TypeError, as browsers throw). */
export const networkDown: Handler = () => Promise.reject(new TypeError('Failed to fetch'));

/** A server that never answers but honours the abort signal, as a real fetch does. */
export const hangs: Handler = (request) =>
  new Promise<Response>((_, reject) => {
    request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

/** The uuids of an orders upload. */
export function uploadedUuids(request: SeenRequest): string[] {
  return ((request.body as { orders?: { uuid: string }[] } | undefined)?.orders ?? []).map((o) => o.uuid);
}

/** A `POST /api/orders` answer giving every order `status` (or what `pick` says per order). */
export function answerOrders(
  request: SeenRequest,
  pick: (uuid: string) => string = () => 'accepted',
): Response {
  return json({ results: uploadedUuids(request).map((uuid) => ({ uuid, status: pick(uuid) })) });
}

/** The uuids of a `POST /api/cash-moves`. */
export function uploadedMoveUuids(request: SeenRequest): string[] {
  return ((request.body as { moves?: { uuid: string }[] } | undefined)?.moves ?? []).map((m) => m.uuid);
}

/** A `POST /api/cash-moves` answer giving every move `status` (or what `pick` says per move). */
export function answerMoves(
  request: SeenRequest,
  pick: (uuid: string) => string = () => 'accepted',
): Response {
  return json({ results: uploadedMoveUuids(request).map((uuid) => ({ uuid, status: pick(uuid) })) });
}

/** A test broadcast that records messages. */
export function recorder<T>(): { messages: T[]; broadcast: (m: T) => void } {
  const messages: T[] = [];
  return { messages, broadcast: (m) => messages.push(m) };
}
