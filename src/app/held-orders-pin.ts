import { fromBase64 } from '../domain/base64.js';
import type { ManagerPinHash } from '../domain/manager-pin.js';

/**
 * True when `pin` matches the config's manager PIN hash (PBKDF2-HMAC-SHA256, see manager-pin.ts),
 * computed with WebCrypto, so it works offline. False for a wrong PIN; rejects only when the
 * browser has no WebCrypto (insecure context) or the stored hash or salt is not base64.
 */
export async function pinMatches(
  pin: string,
  stored: ManagerPinHash,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<boolean> {
  const expected = fromBase64(stored.hash);
  const salt = fromBase64(stored.salt);
  if (!expected || !salt) throw new Error('the manager PIN hash is not base64');
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(
    await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: stored.iterations },
      key,
      expected.length * 8,
    ),
  );
  // Compare every byte whatever the first difference (no early exit on a near guess).
  let difference = bits.length ^ expected.length;
  for (let i = 0; i < expected.length; i += 1) difference |= (bits[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0;
}
