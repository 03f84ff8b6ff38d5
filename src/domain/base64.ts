/**
 * Base64 (RFC 4648, with padding) of bytes, for the modules of src/domain that run on the page, in
 * the service worker and on the server alike: the domain is compiled against ES2022 alone, where
 * neither `btoa`/`atob` nor `Buffer` exist.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `bytes` as base64 text, padded with `=` to a multiple of 4 characters. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    text += ALPHABET.charAt((n >> 18) & 63) + ALPHABET.charAt((n >> 12) & 63);
    text += b === undefined ? '=' : ALPHABET.charAt((n >> 6) & 63);
    text += c === undefined ? '=' : ALPHABET.charAt(n & 63);
  }
  return text;
}

/** The bytes of base64 `text` (padding optional); null when it is not base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(body)) return null;
  const bytes = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let at = 0;
  for (const char of body) {
    buffer = (buffer << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}
