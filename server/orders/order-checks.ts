import { totalsMismatch } from '../../src/domain/order-totals.js';
import { PosOrderSchema, type OrderResult, type PosOrder } from '../../src/domain/pos-order.js';
import type { Db } from '../db/open-database.js';
import { referenceOwner } from '../db/orders-repo.js';
import { describeZodError } from '../parse-input.js';
import { invalid, readUuid } from './order-results.js';

/** An order read from an upload: the parsed order, or the `invalid` result to answer. */
export type ParsedOrder = { order: PosOrder; result?: undefined } | { order?: undefined; result: OrderResult };

/** Validates one raw order with PosOrderSchema; a failure is `invalid` / `validation_failed`. */
export function parseOrder(raw: unknown): ParsedOrder {
  const parsed = PosOrderSchema.safeParse(raw);
  if (parsed.success) return { order: parsed.data };
  return { result: invalid(readUuid(raw), 'validation_failed', describeZodError(parsed.error)) };
}

/**
 * Checks what an order says against the server, after its session was found: the currency is
 * the config's, the totals add up (totalsMismatch, rule 5) and no other uuid holds its reference.
 * Returns the `invalid` result to answer, or null when the order may be stored.
 */
export function contentProblem(db: Db, order: PosOrder, currency: string): OrderResult | null {
  if (order.currency !== currency) {
    return invalid(order.uuid, 'validation_failed', `currency ${order.currency} is not the config's ${currency}`);
  }
  const mismatch = totalsMismatch(order);
  if (mismatch) return invalid(order.uuid, 'validation_failed', `totals do not add up: ${mismatch}`);
  const owner = referenceOwner(db, order.reference);
  if (owner !== undefined && owner.toLowerCase() !== order.uuid.toLowerCase()) {
    return invalid(order.uuid, 'conflict', `reference ${order.reference} is already used by order ${owner}`);
  }
  return null;
}
