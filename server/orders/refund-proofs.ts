import { timingSafeEqual } from 'node:crypto';
import type { ManagerPinHash } from '../../src/domain/manager-pin.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { refundProof } from '../../src/domain/refund-proof.js';
import { readPinHash } from '../config/manager-pin-hash.js';
import { getConfig } from '../db/configs-repo.js';
import type { Executor } from '../db/database.js';

/** Why a refund's manager proof was not taken: none sent, no PIN set for the config, or no match. */
export type ProofVerdict = 'verified' | 'missing' | 'no_pin' | 'mismatch';

/**
 * The verdict on the manager proof of each order of `orders` that carries one (refund-proof.ts),
 * by its uuid lowercased; an order without a proof is absent (`missing`). `configOf` names the POS
 * config an order goes to (undefined: not checked). The proof is recomputed from the config's
 * stored PIN hash with the domain's function (WebCrypto, as the till computes it) and compared in
 * constant time. One read per config whose orders carry a proof.
 */
export async function verifyRefundProofs(
  db: Executor,
  orders: readonly PosOrder[],
  configOf: (order: PosOrder) => number | undefined,
): Promise<Map<string, ProofVerdict>> {
  const verdicts = new Map<string, ProofVerdict>();
  const hashes = new Map<number, ManagerPinHash | null>();
  for (const order of orders) {
    const configId = configOf(order);
    if (order.managerProof === undefined || configId === undefined) continue;
    if (!hashes.has(configId))
      hashes.set(configId, readPinHash((await getConfig(db, configId))?.manager_pin_hash ?? null));
    const stored = hashes.get(configId) ?? null;
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
