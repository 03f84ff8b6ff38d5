import type { FetchFn } from './sync-deps.js';

/**
 * What one HTTP exchange gave: an answer (`text` the body as sent, a leading byte order mark
 * included; `body` that text parsed as JSON when it is JSON, `json: false` otherwise), no answer
 * in time, or no answer at all.
 */
export type HttpOutcome =
  | { kind: 'response'; status: number; headers: Headers; json: boolean; body: unknown; text: string }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string };

/**
 * Fetches `url` and reads its body as JSON, all within `timeoutMs` (ms): the request is aborted
 * then, and a fetch that ignores the abort is abandoned. Never rejects: network failures and
 * timeouts are outcomes.
 */
export async function fetchJson(
  fetchFn: FetchFn,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<HttpOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<HttpOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ kind: 'timeout' });
    }, timeoutMs);
  });
  const exchange = exchangeJson(fetchFn, url, { ...init, signal: controller.signal }).catch(
    (error: unknown): HttpOutcome =>
      controller.signal.aborted ? { kind: 'timeout' } : { kind: 'network', message: describe(error) },
  );
  try {
    return await Promise.race([exchange, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

const KEEP_BOM = new TextDecoder('utf-8', { ignoreBOM: true });

async function exchangeJson(fetchFn: FetchFn, url: string, init: RequestInit): Promise<HttpOutcome> {
  const response = await fetchFn(url, init);
  // Not response.text(): it drops the byte order mark the CSV export starts with for spreadsheets.
  const text = KEEP_BOM.decode(await response.arrayBuffer());
  let body: unknown;
  let json = true;
  try {
    body = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    json = false;
  }
  return { kind: 'response', status: response.status, headers: response.headers, json, body, text };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
