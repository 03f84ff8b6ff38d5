import type { DeviceUnpaired } from '../domain/pairing.js';
import type { PosDb } from '../store/db.js';
import { markDeviceUnpaired } from '../store/device-repo.js';
import { getMeta } from '../store/meta-repo.js';
import { errorOfBody } from './fetch-json.js';
import type { FetchFn } from './sync-deps.js';

/** The public pairing route: it never carries the device token, and its 401 is about the code. */
export const PAIR_PATH = '/api/pair';

/** Error codes of a 401 that mean this tablet's token no longer works (docs/ACCESS.md). */
const UNPAIRING_CODES: ReadonlySet<string> = new Set<DeviceUnpaired['code']>(['device_revoked', 'unauthorized']);

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

/**
 * The one `fetch` of the till (page and worker) for the API (issue 6): adds
 * `Authorization: Bearer <meta.deviceToken>` to same-origin `/api/` requests (not `/api/pair`, not
 * other origins, never over a header the caller set), read from IndexedDB at each request so a
 * re-pairing applies at once. When such a request is answered 401 with `device_revoked` or
 * `unauthorized`, stores the unpaired marker (markDeviceUnpaired) and calls `onUnpaired` before
 * resolving; the response is returned untouched either way, so callers classify it as before (a
 * failed check keeps the session state, a failed upload keeps its orders pending). Rejects only
 * as `fetch` does; an IndexedDB failure sends the request without a token.
 */
export function createAuthorizedFetch(options: AuthorizedFetchOptions): FetchFn {
  return async (input, init) => {
    if (!needsDeviceToken(input, options.origin)) return options.fetch(input, init);
    const db = await Promise.resolve(options.db()).catch(() => null);
    const token = db ? await getMeta(db, 'deviceToken').catch(() => undefined) : undefined;
    const headers = new Headers(init?.headers);
    if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    const response = await options.fetch(input, { ...init, headers });
    if (response.status === 401 && db && token) await noteRefusal(options, db, token, response);
    return response;
  };
}

/** Marks the device unpaired when a 401's API code says the token no longer works. Never rejects. */
async function noteRefusal(options: AuthorizedFetchOptions, db: PosDb, token: string, response: Response): Promise<void> {
  try {
    const code = errorOfBody(parseJson(await response.clone().text()))?.code;
    if (code === undefined || !UNPAIRING_CODES.has(code)) return;
    const marker = await markDeviceUnpaired(db, token, { code: code as DeviceUnpaired['code'], at: options.now() });
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
