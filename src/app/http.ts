import { errorFromApi } from '../domain/api/error-body.js';
import { PosError } from '../domain/pos-error.js';
import { fetchJson, type HttpOutcome } from '../sync/fetch-json.js';
import type { FetchFn } from '../sync/sync-deps.js';

/*
 * The one timeout rule of both clients: a request is given up when its whole exchange (the answer's
 * headers AND its body) has not come `timeoutMs` after it left; it then throws PosError `timeout`
 * and the fetch is aborted. Each client has one value, for the reason below; a call gives its own
 * only when its route is known to take longer.
 */

/**
 * The till's requests (pairing, the start-up refresh of config, catalog and session): the till
 * already sells from what IndexedDB holds while they run, so they may wait out a slow shop LAN or
 * a server restarting (a catalog is tens of KB), but no longer than a cashier would wait for a
 * pairing before trying again.
 */
export const TILL_TIMEOUT_MS = 10_000;

/**
 * The back office's screens: a manager at a desk reads whole sessions (the summary summed over
 * 10,000 orders, their CSV export), longer work for the server than any till read, and nothing
 * else waits on them.
 */
export const BACK_OFFICE_TIMEOUT_MS = 15_000;

/** What the client needs of a zod schema: structural, so the back office does not load zod. */
export interface AnswerSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

/** How one client instance talks to the API. */
export interface HttpClientOptions {
  /** Every request's timeout (ms): TILL_TIMEOUT_MS or BACK_OFFICE_TIMEOUT_MS. */
  timeoutMs: number;
  /** The fetch used: the till passes its authorized fetch (it adds the device token). */
  fetch?: FetchFn;
  /** Prefix of every path, e.g. `http://127.0.0.1:8080`; '' (default) for same-origin paths. */
  base?: string;
  /** Sent as `Authorization: Bearer <token>` with every request (the back office's admin token). */
  token?: string;
  /**
   * Called with the error of a 401 or a 403 before it is thrown: the credentials were refused (the
   * back office signs out). Must not throw.
   */
  onUnauthorized?: (error: PosError) => void;
}

/**
 * One request: `json` is sent as the JSON body, or `raw` as it is under its `contentType` (a CSV
 * file: `text/csv`; a Blob goes byte for byte, never decoded and re-encoded); `timeoutMs`
 * overrides the client's.
 */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  raw?: { body: string | Blob; contentType: string };
  headers?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

/** A 2xx answer: its status, headers and body (parsed JSON, or the raw text for {@link HttpClient.text}). */
export interface HttpAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The one HTTP client of the till and the back office. Every method throws PosError: the
 * server's `{error: {code, message, field?}}` of a non-2xx answer read by errorFromApi (a body
 * without a known code: `server_error` for a 5xx, else `bad_response`), `network` when no answer
 * came, `timeout` (see TILL_TIMEOUT_MS), and `bad_response` for a 2xx whose body is not the
 * expected JSON.
 */
export class HttpClient {
  private readonly fetchFn: FetchFn;

  constructor(private readonly options: HttpClientOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * The JSON answer of `request`, checked by `schema` when given (else taken as `T` unchecked); an
   * empty 2xx body is `undefined`.
   */
  async json<T = unknown>(request: HttpRequest, schema?: AnswerSchema<T>): Promise<HttpAnswer<T>> {
    const answer = await this.send(request, 'application/json');
    if (!answer.json && answer.text.trim() !== '') throw unexpected(request, 'is not JSON');
    if (!schema) return { status: answer.status, headers: answer.headers, body: answer.body as T };
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) throw unexpected(request, 'does not have the expected shape');
    return { status: answer.status, headers: answer.headers, body: parsed.data };
  }

  /** The answer's text as sent (a CSV export's byte order mark included), asked as `accept`. */
  async text(request: HttpRequest, accept: string): Promise<HttpAnswer<string>> {
    const answer = await this.send(request, accept);
    return { status: answer.status, headers: answer.headers, body: answer.text };
  }

  private async send(
    request: HttpRequest,
    accept: string,
  ): Promise<Extract<HttpOutcome, { kind: 'response' }>> {
    const { path, json, raw } = request;
    const headers: Record<string, string> = { accept, ...request.headers };
    if (json !== undefined) headers['content-type'] = 'application/json';
    else if (raw !== undefined) headers['content-type'] = raw.contentType;
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`;
    const outcome = await fetchJson(
      this.fetchFn,
      (this.options.base ?? '') + path,
      {
        method: request.method ?? 'GET',
        headers,
        body: json !== undefined ? JSON.stringify(json) : (raw?.body ?? null),
        cache: 'no-store',
      },
      request.timeoutMs ?? this.options.timeoutMs,
    );
    if (outcome.kind === 'timeout')
      throw new PosError('timeout', `The server did not answer ${path} in time.`);
    if (outcome.kind === 'network')
      throw new PosError('network', `The server could not be reached (${path}).`);
    if (outcome.status >= 200 && outcome.status < 300) return outcome;
    const error = errorFromApi(outcome.status, outcome.body);
    if (outcome.status === 401 || outcome.status === 403) this.options.onUnauthorized?.(error);
    throw error;
  }
}

function unexpected(request: HttpRequest, what: string): PosError {
  return new PosError('bad_response', `The answer to ${request.method ?? 'GET'} ${request.path} ${what}.`);
}
