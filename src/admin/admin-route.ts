/**
 * The back office's sections and their addresses: `/admin#/products` opens Products. The
 * section lives in the location hash (a reload or a shared link opens it again; Back and Forward
 * move between sections) beside the `token=` parameter of a sign-in link (`#/devices&token=…`),
 * which admin-token.ts reads and removes.
 */

/** The sections in the order the navigation shows them; the first is where an unknown address lands. */
export const ADMIN_SECTIONS = ['registers', 'products', 'sessions', 'devices', 'settings'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/**
 * The section a location hash names: its first `&`-separated part `/name` (`#/products`,
 * `#/products&token=x`); the first section for an empty, unknown or malformed hash
 * (`#/nope`, `#token=x`, `#/Products`).
 */
export function sectionFromHash(hash: string): AdminSection {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const head = body.split('&')[0] ?? '';
  const name = head.startsWith('/') ? head.slice(1) : null;
  return ADMIN_SECTIONS.find((section) => section === name) ?? ADMIN_SECTIONS[0];
}

/** The hash that opens `section`: `#/products`. */
export function sectionHash(section: AdminSection): string {
  return `#/${section}`;
}
