/**
 * The back office's sections and their addresses: `/admin#/products` opens Products, and
 * `/admin#/sessions/12/report` the Report page of session 12 (in the Sessions section). The
 * section lives in the location hash (a reload or a shared link opens it again; Back and Forward
 * move between sections) beside the `token=` parameter of a sign-in link (`#/devices&token=…`),
 * which admin-token.ts reads and removes.
 */

/** The sections in the order the navigation shows them; the first is where an unknown address lands. */
export const ADMIN_SECTIONS = [
  'registers',
  'products',
  'sessions',
  'day-report',
  'devices',
  'settings',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/**
 * The section a location hash names: its first `&`-separated part `/name` (`#/products`,
 * `#/products&token=x`); the first section for an empty, unknown or malformed hash
 * (`#/nope`, `#token=x`, `#/Products`).
 */
export function sectionFromHash(hash: string): AdminSection {
  if (reportFromHash(hash) !== null) return 'sessions';
  const name = headOf(hash);
  return ADMIN_SECTIONS.find((section) => section === (name?.slice(1) ?? null)) ?? ADMIN_SECTIONS[0];
}

/**
 * The session whose Report page the hash opens (`#/sessions/12/report` → "12", its id as the
 * address spells it, decoded), or null for any other address.
 */
export function reportFromHash(hash: string): string | null {
  const match = /^\/sessions\/([^/]+)\/report$/.exec(headOf(hash) ?? '');
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** The hash that opens the Report page of session `sessionId`: `#/sessions/12/report`. */
export function reportHash(sessionId: string | number): string {
  return `#/sessions/${encodeURIComponent(String(sessionId))}/report`;
}

/** The first `&`-separated part of a hash when it is a path (`/products`), else null. */
function headOf(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const head = body.split('&')[0] ?? '';
  return head.startsWith('/') ? head : null;
}

/** The hash that opens `section`: `#/products`. */
export function sectionHash(section: AdminSection): string {
  return `#/${section}`;
}
