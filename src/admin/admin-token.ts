/**
 * The admin token of the back office: the server prints `http://host/admin#token=<token>` on its
 * first start. The token travels in the fragment (never sent to the server in the URL, never in
 * a Referer), is kept in sessionStorage (per tab, gone when the tab closes) and the fragment is
 * removed from the address bar at once.
 */

/** sessionStorage key of the admin token. */
export const ADMIN_TOKEN_KEY = 'pos-shell-admin-token';

const TOKEN_PARAM = 'token';

/** `#a=1&token=x` → the `&`-separated `name=value` pairs of a location hash, decoded. */
function hashParams(hash: string): [string, string][] {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  return body
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const at = part.indexOf('=');
      const name = at < 0 ? part : part.slice(0, at);
      const value = at < 0 ? '' : part.slice(at + 1);
      return [safeDecode(name), safeDecode(value)];
    });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The token in a location hash (`#token=<token>`, other `&`-separated parameters allowed, the
 * value percent-decoded and trimmed); null when there is none or it is empty. A `+` stays a `+`
 * (this is not a form query string: tokens may be base64).
 */
export function tokenFromHash(hash: string): string | null {
  const found = hashParams(hash).find(([name]) => name === TOKEN_PARAM);
  const token = found?.[1].trim() ?? '';
  return token === '' ? null : token;
}

/** The hash with its `token` parameter removed: `''` when nothing else remains, else `#rest`. */
export function hashWithoutToken(hash: string): string {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const rest = body
    .split('&')
    .filter((part) => part !== '' && safeDecode(part.split('=')[0] ?? '') !== TOKEN_PARAM);
  return rest.length === 0 ? '' : `#${rest.join('&')}`;
}

/** What {@link adoptToken} reads and writes: the window's location, history and sessionStorage. */
export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/**
 * The token to use at start: the one in the URL fragment (stored, and the fragment removed from
 * the address bar with `history.replaceState`), else the one stored in this tab, else null.
 */
export function adoptToken(place: TokenPlace): string | null {
  const fromHash = tokenFromHash(place.location.hash);
  if (fromHash === null) return place.sessionStorage.getItem(ADMIN_TOKEN_KEY);
  place.sessionStorage.setItem(ADMIN_TOKEN_KEY, fromHash);
  const { pathname, search, hash } = place.location;
  place.history.replaceState(place.history.state, '', pathname + search + hashWithoutToken(hash));
  return fromHash;
}

/** Keeps `token` for this tab (after the sign-in form). */
export function storeToken(place: Pick<TokenPlace, 'sessionStorage'>, token: string): void {
  place.sessionStorage.setItem(ADMIN_TOKEN_KEY, token);
}

/** Forgets the token of this tab (Sign out, or a token the server refused). */
export function forgetToken(place: Pick<TokenPlace, 'sessionStorage'>): void {
  place.sessionStorage.removeItem(ADMIN_TOKEN_KEY);
}

/**
 * True when `token` can be a token at all (the server's rule, src/domain/token-text.ts): not empty,
 * and every character printable ASCII from `!` to `~`. Anything else (a space inside, an accent, a
 * line break) cannot travel in an `Authorization` header: `fetch` throws on it, so it is refused on
 * the form without a request.
 */
export { isTokenText } from '../domain/token-text.js';
