import { PAIR_PARAM } from './api/names.js';

/**
 * The code a pairing link's query carries (`?pair=<code>`, PAIR_PARAM), trimmed; null when there
 * is none or it is blank. Takes the parsed query (`new URLSearchParams(search)`), so the page and
 * the server read a link alike.
 */
export function pairCodeIn(query: { get(name: string): string | null }): string | null {
  const code = query.get(PAIR_PARAM)?.trim();
  return code ? code : null;
}
