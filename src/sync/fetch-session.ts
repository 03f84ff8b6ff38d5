import { CHECK_TIMEOUT_MS } from '../domain/check-schedule.js';
import { sameId, type Id } from '../domain/ids.js';
import { LooseSessionSchema, PosSessionSchema, type PosSession } from '../domain/pos-session.js';
import { readErrorBody } from '../domain/api/error-body.js';
import { fetchJson, type HttpOutcome } from './fetch-json.js';
import type { SyncDeps } from './sync-deps.js';

/** Why a check failed; the state then stays as last known (rule 6). */
export interface CheckFailure {
  /** `device_revoked` / `unauthorized`: the server refused this tablet's token. */
  code: 'timeout' | 'network' | 'server_error' | 'bad_response' | 'device_revoked' | 'unauthorized';
  message: string;
}

/**
 * What the session check learnt. `serverNow` is the server's `Date` header (epoch ms) or null (a
 * failed check that got an answer still tells the server's time); `frequencyS` the config's
 * checkSessionStateFrequency (s) when the body carried a valid one.
 */
export type SessionCheckOutcome =
  | { kind: 'session'; session: PosSession; serverNow: number | null }
  | { kind: 'unknown-state'; state: string; frequencyS: number | undefined; serverNow: number | null }
  | { kind: 'missing'; serverNow: number | null }
  | { kind: 'failed'; error: CheckFailure; serverNow: number | null };

/**
 * What the device reports about its outbox with every check (query parameters); the server files
 * it under the device of the token.
 */
export interface DeviceReport {
  pending: number;
  held: number;
  /** The uuid of the last entry the server confirmed (meta `lastSyncedUuid`), when known. */
  lastSynced?: string;
}

/**
 * `GET /api/sessions/:id?pending=&held=[&lastSynced=]` within the check timeout, classified. Never
 * rejects. A 404 counts as `missing` only with the API's `not_found` body (a proxy's 404 page is a
 * failure, not news about the session).
 */
export async function fetchSession(
  deps: Pick<SyncDeps, 'fetch' | 'origin' | 'checkTimeoutMs'>,
  id: Id,
  report: DeviceReport,
): Promise<SessionCheckOutcome> {
  const query = new URLSearchParams();
  query.set('pending', String(report.pending));
  query.set('held', String(report.held));
  if (report.lastSynced !== undefined) query.set('lastSynced', report.lastSynced);
  const url = `${deps.origin ?? ''}/api/sessions/${encodeURIComponent(String(id))}?${query.toString()}`;
  const init: RequestInit = { method: 'GET', headers: { accept: 'application/json' }, cache: 'no-store' };
  return classifySessionAnswer(
    id,
    await fetchJson(deps.fetch, url, init, deps.checkTimeoutMs ?? CHECK_TIMEOUT_MS),
  );
}

/** Sorts one HTTP outcome of a session check into a {@link SessionCheckOutcome}. */
export function classifySessionAnswer(id: Id, outcome: HttpOutcome): SessionCheckOutcome {
  if (outcome.kind === 'timeout') return failed('timeout', 'The session check did not answer in time.', null);
  if (outcome.kind === 'network')
    return failed('network', `The server could not be reached (${outcome.message}).`, null);
  const { status, body, json } = outcome;
  const serverNow = dateHeader(outcome.headers);
  if (status === 404 && readErrorBody(body)?.code === 'not_found') return { kind: 'missing', serverNow };
  const refused = status === 401 ? readErrorBody(body) : null;
  if (refused?.code === 'device_revoked' || refused?.code === 'unauthorized')
    return failed(refused.code, refused.message, serverNow);
  if (status >= 500) return failed('server_error', `The server answered ${status}.`, serverNow);
  if (status !== 200) return failed('bad_response', `The server answered ${status}.`, serverNow);
  if (!json) return failed('bad_response', 'The session check answer is not JSON.', serverNow);
  const strict = PosSessionSchema.safeParse(body);
  if (strict.success) {
    if (!sameId(strict.data.id, id))
      return failed('bad_response', `Asked for session ${id}, got ${strict.data.id}.`, serverNow);
    return { kind: 'session', session: strict.data, serverNow };
  }
  const loose = LooseSessionSchema.safeParse(body);
  if (loose.success && sameId(loose.data.id, id)) {
    return {
      kind: 'unknown-state',
      state: loose.data.state,
      frequencyS: loose.data.checkSessionStateFrequency,
      serverNow,
    };
  }
  return failed('bad_response', 'The session check answer does not have the expected shape.', serverNow);
}

function failed(code: CheckFailure['code'], message: string, serverNow: number | null): SessionCheckOutcome {
  return { kind: 'failed', error: { code, message }, serverNow };
}

/** The `Date` header in epoch ms, or null when absent or unreadable. */
function dateHeader(headers: Headers): number | null {
  const ms = Date.parse(headers.get('date') ?? '');
  return Number.isNaN(ms) ? null : ms;
}
