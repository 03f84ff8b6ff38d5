import { CashMovesUploadResultSchema, type CashMove } from '../domain/cash.js';
import type { PosOrder } from '../domain/pos-order.js';
import { OrdersUploadResultSchema, type OrderResult } from '../domain/pos-order.js';
import { errorFromApi, readErrorBody } from '../domain/api/error-body.js';
import { fetchJson, type HttpOutcome } from './fetch-json.js';
import type { SyncDeps } from './sync-deps.js';

/** An upload that has not answered after this long is aborted; its orders stay pending. */
export const UPLOAD_TIMEOUT_MS = 15_000;

/** An error as kept on an outbox entry and in a flush report. */
export interface UploadError {
  code: string;
  message: string;
}

/**
 * What one `POST /api/orders` gave:
 * - `results`: the server's word on each order;
 * - `refused`: the whole batch was refused as a request (400 / 403 / 422 with `{error}`, 413):
 *   the fault is in some order (a 403: an order of another config's session, or whose reference
 *   carries another device number), so the batch is split (or its single order rejected);
 * - `failed`: nothing is known (network, timeout, 5xx, any other status, garbage): retry later. A
 *   401 is one too: the token was refused, the orders stay pending until the tablet is paired
 *   again (the authorized fetch marked it unpaired).
 */
export type UploadOutcome =
  | { kind: 'results'; results: OrderResult[] }
  | { kind: 'refused'; error: UploadError }
  | { kind: 'failed'; error: UploadError };

/** Statuses that blame the request's content, so splitting it can get the good orders through. */
const REFUSING_STATUSES = new Set([400, 403, 413, 422]);

type UploadDeps = Pick<SyncDeps, 'fetch' | 'origin' | 'uploadTimeoutMs'>;

/**
 * POSTs `orders` (as stored, never a copy kept in memory) to `/api/orders` within the upload
 * timeout and classifies the answer. Never rejects.
 */
export async function uploadOrders(deps: UploadDeps, orders: readonly PosOrder[]): Promise<UploadOutcome> {
  return classifyUploadAnswer(await post(deps, '/api/orders', { orders }));
}

/**
 * POSTs cash `moves` (as stored) to `/api/cash-moves`, which answers per uuid with the statuses of
 * `/api/orders`, so the outcome is classified by the same rules. Never rejects.
 */
export async function uploadCashMoves(deps: UploadDeps, moves: readonly CashMove[]): Promise<UploadOutcome> {
  return classifyUploadAnswer(await post(deps, '/api/cash-moves', { moves }), CashMovesUploadResultSchema);
}

async function post(deps: UploadDeps, path: string, body: unknown): Promise<HttpOutcome> {
  const init: RequestInit = {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
  };
  return fetchJson(
    deps.fetch,
    `${deps.origin ?? ''}${path}`,
    init,
    deps.uploadTimeoutMs ?? UPLOAD_TIMEOUT_MS,
  );
}

/**
 * Sorts one HTTP outcome of an upload into an {@link UploadOutcome}; a 200 is read with `schema`
 * (the orders' answer unless told: cash moves answer the same shape).
 */
export function classifyUploadAnswer(
  outcome: HttpOutcome,
  schema: typeof OrdersUploadResultSchema | typeof CashMovesUploadResultSchema = OrdersUploadResultSchema,
): UploadOutcome {
  if (outcome.kind === 'timeout') return failed('timeout', 'The upload did not answer in time.');
  if (outcome.kind === 'network')
    return failed('network', `The server could not be reached (${outcome.message}).`);
  const { status, body } = outcome;
  const read = readErrorBody(body);
  // Kept on the order as its last error: the code and message only.
  const error = read && { code: read.code, message: read.message };
  if (status === 200) {
    const parsed = schema.safeParse(body);
    return parsed.success
      ? { kind: 'results', results: parsed.data.results }
      : failed('bad_response', 'The upload answer does not have the expected shape.');
  }
  if (status === 413)
    return {
      kind: 'refused',
      error: error ?? { code: 'payload_too_large', message: 'The upload is too large.' },
    };
  if (REFUSING_STATUSES.has(status) && error) return { kind: 'refused', error };
  if (error) return { kind: 'failed', error };
  // No API error body (a proxy's page, an empty 5xx): the one rule of every client.
  const fallback = errorFromApi(status, body);
  return failed(fallback.code, fallback.message);
}

function failed(code: string, message: string): UploadOutcome {
  return { kind: 'failed', error: { code, message } };
}
