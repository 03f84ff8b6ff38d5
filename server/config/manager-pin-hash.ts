import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import {
  MANAGER_PIN_ALGORITHM,
  MANAGER_PIN_HASH_BYTES,
  MANAGER_PIN_ITERATIONS,
  MANAGER_PIN_SALT_BYTES,
  ManagerPinHashSchema,
  type ManagerPinHash,
} from '../../src/domain/manager-pin.js';

const pbkdf2Async = promisify(pbkdf2);

/**
 * Hashes a manager PIN with PBKDF2-HMAC-SHA256 and a fresh random salt (manager-pin.ts), off the
 * event loop. The result is what the config stores and publishes as `managerPinHash`.
 */
export async function hashManagerPin(pin: string): Promise<ManagerPinHash> {
  const salt = randomBytes(MANAGER_PIN_SALT_BYTES);
  const key = await pbkdf2Async(pin, salt, MANAGER_PIN_ITERATIONS, MANAGER_PIN_HASH_BYTES, 'sha256');
  return {
    algorithm: MANAGER_PIN_ALGORITHM,
    iterations: MANAGER_PIN_ITERATIONS,
    salt: salt.toString('base64'),
    hash: key.toString('base64'),
  };
}

/** True when `pin` matches `stored` (constant-time compare of the derived keys). */
export async function verifyManagerPin(pin: string, stored: ManagerPinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await pbkdf2Async(
    pin,
    Buffer.from(stored.salt, 'base64'),
    stored.iterations,
    expected.length,
    'sha256',
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The stored JSON of a PIN hash read back; null when absent or unreadable. */
export function readPinHash(text: string | null): ManagerPinHash | null {
  if (!text) return null;
  try {
    const parsed = ManagerPinHashSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
