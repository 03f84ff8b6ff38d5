import { cashOf, totalsMismatch } from '../../src/domain/order-totals.js';
import {
  MAX_CASH_TENDERED_TIMES_TOTAL,
  PosOrderSchema,
  clockProblem,
  isRefund,
  tooMuchCash,
  type OrderResult,
  type PosOrder,
} from '../../src/domain/pos-order.js';
import { formatReference } from '../../src/domain/order-reference.js';
import { catalogKey } from '../db/products-repo.js';
import { checkInput, readId } from '../parse-input.js';
import type { BatchHoldings } from './batch-holdings.js';
import { invalid, readUuid } from './order-results.js';

/** An order read from an upload: the parsed order, or the `invalid` result to answer. */
export type ParsedOrder =
  { order: PosOrder; result?: undefined } | { order?: undefined; result: OrderResult };

/** Validates one raw order with PosOrderSchema; a failure is `invalid` / `validation_failed`. */
export function parseOrder(raw: unknown): ParsedOrder {
  const checked = checkInput(PosOrderSchema, raw);
  if (checked.ok) return { order: checked.data };
  return { result: invalid(readUuid(raw), 'validation_failed', checked.problem.message) };
}

/** What an order is checked against: the config of the session it names, and that config's catalog. */
export interface OrderContext {
  configId: number;
  currency: string;
  /** Which of the batch's products the catalogs have (catalogProductKeys). */
  catalog: ReadonlySet<string>;
  /** When the order's session was opened (ISO 8601 UTC), null if it never was. */
  openedAt: string | null;
  /** The server's clock at the request. */
  now: Date;
}

/**
 * Checks what an order says against the server, after its session was found: the currency is
 * the config's; `createdAt` is at most a day ahead of the server's clock and at most a day before
 * the session's `openedAt` (a device clock further off would date the sale wrong); the reference
 * is `<its session>-<its device>-…` (so two devices cannot collide);
 * every line names a product of the config's catalog, archived or not (its name, unit price and
 * tax rate are the till's: a device sells on the catalog it holds, and a change made since does not
 * make the sale wrong, the order being what the customer paid); the totals add up (totalsMismatch, rule 5); a sale's cash is at
 * most 100 times its total (a slip of the keys, not a sale); no other uuid holds its
 * reference (stored, or earlier in the batch). Returns the `invalid` result to answer, or null
 * when the order may be stored.
 */
export function contentProblem(
  order: PosOrder,
  context: OrderContext,
  holdings: BatchHoldings,
): OrderResult | null {
  if (order.currency !== context.currency) {
    return invalid(
      order.uuid,
      'validation_failed',
      `currency ${order.currency} is not the config's ${context.currency}`,
    );
  }
  const dateProblem = createdAtProblem(order, context);
  if (dateProblem) return invalid(order.uuid, 'validation_failed', dateProblem);
  const prefix = formatReference(order.sessionId, order.deviceNumber, 0).slice(0, -4);
  if (!order.reference.startsWith(prefix)) {
    return invalid(
      order.uuid,
      'validation_failed',
      `reference ${order.reference} does not start with ${prefix} (session and device of the order)`,
    );
  }
  const lineProblem = catalogProblem(order, context);
  if (lineProblem) return invalid(order.uuid, 'validation_failed', lineProblem);
  const mismatch = totalsMismatch(order);
  if (mismatch) return invalid(order.uuid, 'validation_failed', `totals do not add up: ${mismatch}`);
  const cashProblem = tenderedProblem(order);
  if (cashProblem) return invalid(order.uuid, 'validation_failed', cashProblem);
  const owner = holdings.referenceOwner(order.reference);
  if (owner !== undefined && owner !== order.uuid.toLowerCase()) return referenceTaken(order, owner);
  return null;
}

/** Result `invalid` / `conflict`: the reference of `order` is held by the order `owner`. */
export function referenceTaken(order: PosOrder, owner: string): OrderResult {
  return invalid(order.uuid, 'conflict', `reference ${order.reference} is already used by order ${owner}`);
}

/** The product ids the lines of `orders` name (those that can be ids: whole numbers up to MAX_ID). */
export function productIdsOf(orders: readonly PosOrder[]): number[] {
  return [
    ...new Set(
      orders.flatMap((o) => o.lines.map((l) => productIdOf(l.productId)).filter((id) => id !== null)),
    ),
  ];
}

/**
 * Why `order.createdAt` cannot be when the sale was made: more than MAX_CREATED_AHEAD_MS (a day)
 * after the server's clock, or more than MAX_CREATED_BEFORE_OPENING_MS (a day) before the session
 * was opened; null when it can.
 */
function createdAtProblem(order: PosOrder, context: OrderContext): string | null {
  const created = Date.parse(order.createdAt);
  const problem = clockProblem(created, {
    openedAt: context.openedAt,
    clockOffsetMs: context.now.getTime() - created,
  });
  if (problem === 'ahead')
    return `createdAt ${order.createdAt} is more than 24 h ahead of the server's clock (${context.now.toISOString()}): the device's clock is wrong`;
  if (problem === 'behind')
    return `createdAt ${order.createdAt} is more than 24 h before its session was opened (${context.openedAt}): the device's clock is wrong`;
  return null;
}

/**
 * Why a sale's cash cannot be what was handed over: its cash payments (minor units) add up to more
 * than MAX_CASH_TENDERED_TIMES_TOTAL (100) times its total. Null when they do not, and on a
 * refund, whose cash is the money given back (exactly its total: totalsMismatch).
 */
function tenderedProblem(order: PosOrder): string | null {
  if (isRefund(order)) return null;
  const cash = cashOf(order.payments);
  if (!tooMuchCash(cash, order.amountTotal)) return null;
  return `cash tendered ${cash} is more than ${MAX_CASH_TENDERED_TIMES_TOTAL} times the total ${order.amountTotal} (minor units): a slip of the keys, not a sale`;
}

/** The first line whose product is not in the catalog, described; or null. */
function catalogProblem(order: PosOrder, context: OrderContext): string | null {
  for (const [index, line] of order.lines.entries()) {
    const id = productIdOf(line.productId);
    if (id === null || !context.catalog.has(catalogKey(context.configId, id)))
      return `lines.${index}: product ${line.productId} is not in the catalog`;
  }
  return null;
}

/** A line's product id as the catalog numbers products, or null when it cannot be one. */
function productIdOf(productId: string | number): number | null {
  return /^\d+$/.test(String(productId)) ? readId(String(productId)) : null;
}
