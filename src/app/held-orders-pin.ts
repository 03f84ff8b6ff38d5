import type { ManagerPinHash } from '../domain/manager-pin.js';

/**
 * True when `pin` matches the config's manager PIN hash (PBKDF2-HMAC-SHA256, see manager-pin.ts),
 * computed with WebCrypto, so it works offline. False for a wrong PIN; rejects only when the
 * browser has no WebCrypto (insecure context) or the stored salt is not base64.
 */
export async function pinMatches(
  pin: string,
  stored: ManagerPinHash,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<boolean> {
  const expected = fromBase64(stored.hash);
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(
    await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(stored.salt), iterations: stored.iterations },
      key,
      expected.length * 8,
    ),
  );
  // Compare every byte whatever the first difference (no early exit on a near guess).
  let difference = bits.length ^ expected.length;
  for (let i = 0; i < expected.length; i += 1) difference |= (bits[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
