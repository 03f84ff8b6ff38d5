import { readErrorBody } from '../domain/api/error-body.js';
import { DEVICE_TOKEN_CHANNEL } from '../domain/api/names.js';
import type { DeviceUnpaired } from '../domain/pairing.js';
import type { PosDb } from '../store/db.js';
import { markDeviceUnpaired } from '../store/device-repo.js';
import { getMeta } from '../store/meta-repo.js';
import type { FetchFn } from './sync-deps.js';

/** The public pairing route: it never carries the device token, and its 401 is about the code. */
export const PAIR_PATH = '/api/pair';

/** Error codes of a 401 that mean this tablet's token no longer works (docs/ACCESS.md). */
const UNPAIRING_CODES: ReadonlySet<string> = new Set<DeviceUnpaired['code']>([
  'device_revoked',
  'unauthorized',
]);

/** What {@link createAuthorizedFetch} needs; `db` may be lazy (the worker opens it on first use). */
export interface AuthorizedFetchOptions {
  fetch: FetchFn;
  db: () => PosDb | null | Promise<PosDb | null>;
  /** The app's origin, e.g. `http://localhost:8080`: relative URLs resolve against it. */
  origin: string;
  /** Device clock, epoch ms (the marker's `at`). */
  now: () => number;
  /**
   * Called once the unpaired marker is stored, after a 401 `device_revoked` / `unauthorized` to a
   * request that carried the stored token (the worker broadcasts `device-unpaired`). Must not throw.
   */
  onUnpaired?: (marker: DeviceUnpaired) => void;
}

/** True for a same-origin `/api/` URL other than {@link PAIR_PATH}: the ones that carry the token. */
export function needsDeviceToken(input: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(input, origin);
  } catch {
    return false;
  }
  return url.origin === origin && url.pathname.startsWith('/api/') && url.pathname !== PAIR_PATH;
}

/** Longest use of a token read from IndexedDB before reading it again (ms), should a notice be missed. */
export const TOKEN_REREAD_MS = 5_000;

/** Bumped whenever a new device token is stored, here or (through the channel) in another context. */
let tokenGeneration = 0;
let listening = false;

function listenForNewTokens(): void {
  if (listening || typeof BroadcastChannel === 'undefined') return;
  listening = true;
  const channel = new BroadcastChannel(DEVICE_TOKEN_CHANNEL);
  channel.onmessage = () => (tokenGeneration += 1);
  (channel as BroadcastChannel & { unref?: () => void }).unref?.(); // Node: never holds a test run open
}

/**
 * Call right after storing a new device token (pairing): every authorized fetch of this context
 * reads it again at its next request, and those of the other contexts (the worker, other tabs)
 * as soon as the channel's notice arrives. Never throws.
 */
export function announceNewDeviceToken(): void {
  tokenGeneration += 1;
  if (typeof BroadcastChannel === 'undefined') return;
  try {
    const channel = new BroadcastChannel(DEVICE_TOKEN_CHANNEL);
    channel.postMessage('new-device-token');
    channel.close();
  } catch {
    // the other contexts read it again within TOKEN_REREAD_MS, or at their first refusal
  }
}

/**
 * The one `fetch` of the till (page and worker) for the API: adds
 * `Authorization: Bearer <meta.deviceToken>` to same-origin `/api/` requests (not `/api/pair`, not
 * other origins, never over a header the caller set).
 *
 * The token is kept in memory, not read at each request: during a flush a read of `meta` waits
 * behind the outbox's writes (a median 22 ms a request, 2.2 s for 10,000 orders, measured in
 * Chromium). It is read again after {@link announceNewDeviceToken}, after TOKEN_REREAD_MS, and
 * before believing a 401: when the stored token is no longer the one sent (another context paired
 * meanwhile), the request is sent once more with the stored one (every till API call is
 * idempotent: orders and rescues by uuid, the rest are reads) when its body is a string or none.
 *
 * When a request that carried the stored token is answered 401 with `device_revoked` or
 * `unauthorized`, stores the unpaired marker (markDeviceUnpaired) and calls `onUnpaired` before
 * resolving; the response is returned untouched either way, so callers classify it as before (a
 * failed check keeps the session state, a failed upload keeps its orders pending). Rejects only
 * as `fetch` does; an IndexedDB failure sends the request without a token.
 */
export function createAuthorizedFetch(options: AuthorizedFetchOptions): FetchFn {
  listenForNewTokens();
  let known: { token: string; generation: number; readAt: number } | null = null;
  const readToken = async (db: PosDb): Promise<string | undefined> => {
    const generation = tokenGeneration;
    const token = await getMeta(db, 'deviceToken').catch(() => undefined);
    known = token ? { token, generation, readAt: options.now() } : null;
    return token;
  };
  const tokenOf = (db: PosDb): string | Promise<string | undefined> =>
    known?.generation === tokenGeneration && Math.abs(options.now() - known.readAt) < TOKEN_REREAD_MS
      ? known.token
      : readToken(db);
  const send = (
    input: string,
    init: RequestInit | undefined,
    token: string | undefined,
  ): Promise<Response> => {
    const headers = new Headers(init?.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return options.fetch(input, { ...init, headers });
  };

  return async (input, init) => {
    if (!needsDeviceToken(input, options.origin) || new Headers(init?.headers).has('authorization'))
      return options.fetch(input, init);
    const db = await Promise.resolve(options.db()).catch(() => null);
    let sent = db ? await tokenOf(db) : undefined;
    let response = await send(input, init, sent);
    if (response.status !== 401 || !db || !sent) return response;
    const stored = await readToken(db);
    // A one-shot body (a stream) cannot go twice; every till caller sends a string.
    if (
      stored &&
      stored !== sent &&
      (init?.body === undefined || init.body === null || typeof init.body === 'string')
    ) {
      sent = stored;
      response = await send(input, init, sent);
      if (response.status !== 401) return response;
    }
    await noteRefusal(options, db, sent, response);
    return response;
  };
}

/** Marks the device unpaired when a 401's API code says the token no longer works. Never rejects. */
async function noteRefusal(
  options: AuthorizedFetchOptions,
  db: PosDb,
  token: string,
  response: Response,
): Promise<void> {
  try {
    const code = readErrorBody(parseJson(await response.clone().text()))?.code;
    if (code === undefined || !UNPAIRING_CODES.has(code)) return;
    const marker = await markDeviceUnpaired(db, token, {
      code: code as DeviceUnpaired['code'],
      at: options.now(),
    });
    if (marker) options.onUnpaired?.(marker);
  } catch (error) {
    console.warn('pos-shell: could not record that the server refused this device', error);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // a proxy's HTML page, not the API
  }
}
