import { MANAGER_PIN_PATTERN } from './config-limits.js';
import { z } from './zod.js';

/**
 * How the manager PIN of a POS config is kept: PBKDF2 with HMAC-SHA-256, so the server hashes it
 * with node:crypto and a tablet verifies it OFFLINE with WebCrypto (`crypto.subtle`), both from
 * the same four fields. The hash is readable by every till of the config (it ships in the config
 * resource): a 4–8 digit PIN is a gate for the Held orders area, not a secret that survives a
 * determined attacker holding the hash. The derived key (`hash`) also keys the manager proof of a
 * refund without receipt (refund-proof.ts), with the same limits.
 */
export const MANAGER_PIN_ALGORITHM = 'PBKDF2-SHA256';
/**
 * PBKDF2 iterations: OWASP's 2021 figure for PBKDF2-HMAC-SHA256. A tablet verifies in a few
 * hundred ms with WebCrypto, which a manager typing a PIN does not notice.
 */
export const MANAGER_PIN_ITERATIONS = 310_000;
/** Salt length in bytes (random per PIN). */
export const MANAGER_PIN_SALT_BYTES = 16;
/** Derived key length in bytes (one SHA-256 block). */
export const MANAGER_PIN_HASH_BYTES = 32;
/** A PIN is 4 to 8 digits. */
export const ManagerPinSchema = z.string().check(z.regex(MANAGER_PIN_PATTERN, 'a PIN is 4 to 8 digits'));

/** The stored and published form of a manager PIN: base64 salt and derived key. */
export const ManagerPinHashSchema = z.object({
  algorithm: z.literal(MANAGER_PIN_ALGORITHM),
  iterations: z.int().check(z.minimum(1), z.maximum(10_000_000)),
  salt: z.string().check(z.minLength(1)),
  hash: z.string().check(z.minLength(1)),
});
export type ManagerPinHash = z.infer<typeof ManagerPinHashSchema>;
