import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a token: 256 bits, so a hash without salt or stretching is safe to store. */
const TOKEN_BYTES = 32;

/** Prefix of device tokens (recognisable in a leak report, never parsed). */
export const DEVICE_TOKEN_PREFIX = 'pos_dev_';
/** Prefix of generated admin tokens. */
export const ADMIN_TOKEN_PREFIX = 'pos_admin_';

/** A new random token: `prefix` + 43 base64url characters. */
export function newToken(prefix: string): string {
  return prefix + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** SHA-256 of `token`, hex: what the server stores and looks up instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when the two hex hashes are equal, compared in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * Pairing codes: 8 characters of Crockford's base 32 (no I, L, O, U: nothing to misread on a
 * tablet), shown as `XXXX-XXXX`. 40 bits, one use, 10 minutes, 10 tries a minute per address.
 * Source of the alphabet: https://www.crockford.com/base32.html
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PAIRING_CODE_LENGTH = 8;

/** A new pairing code, `XXXX-XXXX`. */
export function newPairingCode(): string {
  const bytes = randomBytes(PAIRING_CODE_LENGTH);
  const chars = [...bytes].map((b) => CROCKFORD[b % CROCKFORD.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * The canonical form of a typed pairing code: upper case, without spaces or dashes, with the
 * letters Crockford maps to digits (O→0, I/L→1). Null when it cannot be a code.
 */
export function normalizePairingCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  return [...code].every((c) => CROCKFORD.includes(c)) ? code : null;
}
