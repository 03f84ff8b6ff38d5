import { fromBase64, toBase64 } from './base64.js';
import type { ManagerPinHash } from './manager-pin.js';
import { z } from './zod.js';

/**
 * The manager's approval of a refund without receipt (a refund whose original order the server
 * cannot check it against), carried by the order as `managerProof`: HMAC-SHA-256 over
 * `refund:<uuid lowercased>:<amountTotal>` keyed with the PBKDF2-derived key of the config's
 * manager PIN, i.e. the bytes of the `hash` the config stores and publishes (manager-pin.ts). A
 * till computes it once the manager typed the right PIN (checked offline, as for Held orders);
 * the server recomputes it from the stored hash and compares. The same function runs on both
 * sides with WebCrypto (`crypto.subtle`: browsers and Node 20 alike).
 *
 * What it protects against: a cashier giving money back without a receipt at a till where the
 * manager did not type the PIN (the till asks for the PIN before it makes the proof); a proof
 * copied onto another refund, or a refund whose amount was changed after the manager approved it
 * (the uuid and the total are in the message); a till of another POS config (another PIN, another
 * key). Every uuid is stored once, so one proof buys one refund.
 *
 * What it does NOT protect against: the key is the published hash, readable by every paired till
 * of the config (its IndexedDB, `GET /api/configs/:id`) and the back office, so whoever can read a
 * tablet's storage can make proofs without knowing the PIN. As for manager-pin.ts, the PIN is a
 * gate against a cashier using the till as built, not a secret: the server counts no wrong PINs
 * here (the PIN never reaches it) and the proof does not say which manager approved.
 */
export const REFUND_PROOF_PATTERN = /^[A-Za-z0-9+/]{43}=$/;

/** A manager proof as an order carries it: the 32 bytes of an HMAC-SHA-256, base64 (44 characters). */
export const RefundProofSchema = z
  .string()
  .check(z.regex(REFUND_PROOF_PATTERN, 'a manager proof: 44 characters of base64 (an HMAC-SHA-256)'));

/** What of an order the proof is about: its uuid and its tax-included total (minor units, ≤ 0). */
export interface ProvenRefund {
  uuid: string;
  amountTotal: number;
}

// WebCrypto as the page, the worker and Node 20 all have it. Declared here because src/domain
// compiles without the DOM's or Node's types; only the two calls this module makes.
declare const crypto: {
  subtle: {
    importKey(
      format: 'raw',
      keyData: Uint8Array<ArrayBuffer>,
      algorithm: { name: 'HMAC'; hash: 'SHA-256' },
      extractable: false,
      keyUsages: ['sign'],
    ): Promise<unknown>;
    sign(algorithm: 'HMAC', key: unknown, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  };
};

/** The text the proof signs: `refund:<uuid lowercased>:<amountTotal>` (ASCII only). */
export function refundProofMessage(refund: ProvenRefund): string {
  return `refund:${refund.uuid.toLowerCase()}:${refund.amountTotal}`;
}

/**
 * The manager proof of `refund` (base64, 44 characters) keyed with `pinHash.hash` (the base64
 * PBKDF2 key of the config's manager PIN), with `crypto.subtle`. Rejects when the hash is not base64, the uuid is not ASCII, or there is no WebCrypto (an
 * insecure context in a browser).
 */
export async function refundProof(
  refund: ProvenRefund,
  pinHash: Pick<ManagerPinHash, 'hash'>,
): Promise<string> {
  const keyBytes = fromBase64(pinHash.hash);
  if (!keyBytes || keyBytes.length === 0) throw new Error('the manager PIN hash is not base64');
  const message = refundProofMessage(refund);
  const data = new Uint8Array(message.length);
  for (let i = 0; i < message.length; i += 1) {
    const code = message.charCodeAt(i);
    if (code > 0x7f) throw new Error('a refund proof signs ASCII text only');
    data[i] = code;
  }
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, data)));
}
