import { timingSafeEqual } from 'node:crypto';
import type { ManagerPinHash } from '../../src/domain/manager-pin.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { refundProof } from '../../src/domain/refund-proof.js';
import { readPinHash } from '../config/manager-pin-hash.js';

/** Why a refund's manager proof was not taken: none sent, no PIN set for the config, or no match. */
export type ProofVerdict = 'verified' | 'missing' | 'no_pin' | 'mismatch';

/**
 * The verdict on the manager proof of each order of `orders` that carries one (refund-proof.ts),
 * by its uuid lowercased; an order without a proof is absent (`missing`). `pinHashOf` gives the
 * stored manager PIN hash of the POS config an order goes to, as the upload read it with the
 * order's session (SessionRow: null when no PIN is set, undefined: not checked). The proof is
 * recomputed from that hash with the domain's function (WebCrypto, as the till computes it) and
 * compared in constant time. Reads nothing from the database.
 */
export async function verifyRefundProofs(
  orders: readonly PosOrder[],
  pinHashOf: (order: PosOrder) => string | null | undefined,
): Promise<Map<string, ProofVerdict>> {
  const verdicts = new Map<string, ProofVerdict>();
  for (const order of orders) {
    const text = pinHashOf(order);
    if (order.managerProof === undefined || text === undefined) continue;
    const stored = readPinHash(text);
    const verdict =
      stored === null
        ? 'no_pin'
        : (await proofMatches(order, order.managerProof, stored))
          ? 'verified'
          : 'mismatch';
    verdicts.set(order.uuid.toLowerCase(), verdict);
  }
  return verdicts;
}

/** True when `proof` is the proof of `order` under `stored` (false for a hash that is not base64). */
async function proofMatches(order: PosOrder, proof: string, stored: ManagerPinHash): Promise<boolean> {
  let expected: string;
  try {
    expected = await refundProof(order, stored);
  } catch {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(proof);
  return a.length === b.length && timingSafeEqual(a, b);
}
