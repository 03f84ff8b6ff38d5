import type { OrderResult, PosOrder } from '../../src/domain/pos-order.js';
import type { Executor } from '../db/database.js';
import { findStoredOrders, insertOrders, type NewOrder } from '../db/orders-repo.js';
import { referenceTaken } from './order-checks.js';
import { accepted, duplicate } from './order-results.js';

/**
 * What the checks said about each order of a batch: its result already, an order to store, or a
 * later copy (same uuid) of the order to store at index `copyOf`.
 */
export type Verdict = { result: OrderResult } | { store: NewOrder } | { copyOf: number; order: PosOrder };

/**
 * Stores the batch's orders to store in ONE insert (insertOrders: an order whose uuid or
 * reference another request stored meanwhile is skipped, never a unique violation) and answers
 * every order, in order: `accepted` when stored now; for one skipped, `duplicate` when its uuid is
 * stored now (the same order sent to two instances at once), else `invalid` / `conflict` naming
 * the order that took its reference. A later copy in the batch is a `duplicate` of a stored or
 * duplicate first copy, else answered as the first copy was. Answers carry each order's own
 * spelling of its uuid.
 */
export async function settleBatch(trx: Executor, verdicts: readonly Verdict[]): Promise<OrderResult[]> {
  const toStore = verdicts.flatMap((v) => ('store' in v ? [v.store] : []));
  const stored = await insertOrders(trx, toStore);
  const missed = toStore.filter((o) => !stored.has(o.order.uuid.toLowerCase()));
  // Only when another request got there first: one more query, for the orders it took.
  const holders =
    missed.length === 0
      ? []
      : await findStoredOrders(
          trx,
          missed.map((o) => o.order.uuid.toLowerCase()),
          missed.map((o) => o.order.reference),
        );
  const settle = (order: PosOrder): OrderResult => {
    const uuid = order.uuid.toLowerCase();
    if (stored.has(uuid)) return accepted(order.uuid);
    if (holders.some((h) => h.uuid === uuid)) return duplicate(order.uuid);
    const owner = holders.find((h) => h.reference === order.reference);
    if (owner) return referenceTaken(order, owner.uuid);
    throw new Error(`order ${order.uuid} was neither stored nor found stored`);
  };
  const results: OrderResult[] = [];
  for (const verdict of verdicts) {
    if ('result' in verdict) results.push(verdict.result);
    else if ('store' in verdict) results.push(settle(verdict.store.order));
    else {
      const first = results[verdict.copyOf];
      if (!first) throw new Error(`copy of order ${verdict.order.uuid} settled before its first copy`);
      results.push(
        first.status === 'accepted' || first.status === 'duplicate'
          ? duplicate(verdict.order.uuid)
          : { ...first, uuid: verdict.order.uuid },
      );
    }
  }
  return results;
}
