import { totalsMismatch } from '../../src/domain/order-totals.js';
import { PosOrderSchema, type OrderResult, type PosOrder } from '../../src/domain/pos-order.js';
import type { Db } from '../db/open-database.js';
import { referenceOwner } from '../db/orders-repo.js';
import { productTaxRate } from '../db/products-repo.js';
import { formatReference } from '../../src/domain/order-reference.js';
import { checkInput } from '../parse-input.js';
import { invalid, readUuid } from './order-results.js';

/** An order read from an upload: the parsed order, or the `invalid` result to answer. */
export type ParsedOrder = { order: PosOrder; result?: undefined } | { order?: undefined; result: OrderResult };

/** Validates one raw order with PosOrderSchema; a failure is `invalid` / `validation_failed`. */
export function parseOrder(raw: unknown): ParsedOrder {
  const checked = checkInput(PosOrderSchema, raw);
  if (checked.ok) return { order: checked.data };
  return { result: invalid(readUuid(raw), 'validation_failed', checked.problem.message) };
}

/** What an order is checked against: the config of the session it names. */
export interface OrderContext {
  configId: number;
  currency: string;
}

/**
 * Checks what an order says against the server, after its session was found: the currency is
 * the config's; the reference is `<its session>-<its device>-…` (so two devices cannot collide);
 * every line names a product of the config's catalog with the catalog's tax rate (the unit price
 * may differ: a device sells at the price of the catalog it holds, which a price change made since
 * does not make wrong); the totals add up (totalsMismatch, rule 5); no other uuid holds its
 * reference. Returns the `invalid` result to answer, or null when the order may be stored.
 */
export function contentProblem(db: Db, order: PosOrder, context: OrderContext): OrderResult | null {
  if (order.currency !== context.currency) {
    return invalid(order.uuid, 'validation_failed', `currency ${order.currency} is not the config's ${context.currency}`);
  }
  const prefix = formatReference(order.sessionId, order.deviceNumber, 0).slice(0, -4);
  if (!order.reference.startsWith(prefix)) {
    return invalid(order.uuid, 'validation_failed', `reference ${order.reference} does not start with ${prefix} (session and device of the order)`);
  }
  const lineProblem = catalogProblem(db, order, context.configId);
  if (lineProblem) return invalid(order.uuid, 'validation_failed', lineProblem);
  const mismatch = totalsMismatch(order);
  if (mismatch) return invalid(order.uuid, 'validation_failed', `totals do not add up: ${mismatch}`);
  const owner = referenceOwner(db, order.reference);
  if (owner !== undefined && owner.toLowerCase() !== order.uuid.toLowerCase()) {
    return invalid(order.uuid, 'conflict', `reference ${order.reference} is already used by order ${owner}`);
  }
  return null;
}

/** The first line whose product is not in the catalog or carries another tax rate, described; or null. */
function catalogProblem(db: Db, order: PosOrder, configId: number): string | null {
  for (const [index, line] of order.lines.entries()) {
    const taxRate = /^\d+$/.test(String(line.productId)) ? productTaxRate(db, configId, line.productId) : undefined;
    if (taxRate === undefined) return `lines.${index}: product ${line.productId} is not in the catalog`;
    if (taxRate !== line.taxRate) return `lines.${index}: tax rate ${line.taxRate} is not the catalog's ${taxRate}`;
  }
  return null;
}
