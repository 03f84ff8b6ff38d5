/** A pairing code as the back office shows it: two groups of four letters or digits, e.g. `K7QM-3XWA`. */
export const PAIRING_CODE_PATTERN = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/;

/**
 * The canonical form of a typed or scanned pairing code (`XXXX-XXXX`, upper case): case does not
 * matter, the dash is optional, spaces are ignored. Null when what is left is not eight letters or
 * digits.
 */
export function normalizePairingCode(raw: string): string | null {
  const compact = raw.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z0-9]{8}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/**
 * Why and when (device epoch ms) the server stopped accepting this tablet's token: a 401
 * `device_revoked` (the manager unpaired it) or `unauthorized` (a token the server does not know).
 */
export interface DeviceUnpaired {
  code: 'device_revoked' | 'unauthorized';
  at: number;
}
