import { PAIR_PARAM } from '../domain/api/names.js';
import { pairCodeIn } from '../domain/pair-link.js';

/** The pairing code of a URL's query string (`location.search`), or null when there is none. */
export function pairCodeOf(search: string): string | null {
  return pairCodeIn(new URLSearchParams(search));
}

/**
 * `href` without its pairing code, for `history.replaceState`: a code works once, so it must not
 * stay in the address bar, the history or a home-screen shortcut. Other parameters and the hash
 * are kept.
 */
export function withoutPairParam(href: string): string {
  const url = new URL(href);
  url.searchParams.delete(PAIR_PARAM);
  return url.toString();
}
