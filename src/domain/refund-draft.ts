import { cartTotals } from './order-totals.js';
import { isRefund, refundLineKey } from './order-rules.js';
import type { OrderLine, Payment, PaymentMethod, PosOrder } from './pos-order.js';
import { PosError } from './pos-error.js';
import type { Product } from './product.js';

/** No refund stored on the server: an original of this tablet's outbox. */
const NOTHING_ON_SERVER: ReadonlyMap<string, number> = new Map();

/**
 * One line of an original as a refund sees it: `line` (the first of the original's lines with its
 * key, quantity positive), `sold` (units of every line with that key), `refunded` (units earlier
 * refunds took back) and `refundable` (sold − refunded, never below 0). Units, not money.
 */
export interface RefundableRow {
  key: string;
  line: OrderLine;
  sold: number;
  refunded: number;
  refundable: number;
}

/**
 * The rows of `original` (a sale), in the order of its lines, one per line identity (see
 * refundLineKey), each with what `earlier` took back: only the refunds among `earlier` that name
 * `original.uuid` count, whatever their outbox status (a rejected refund is counted too: the
 * till never gives back what it may have given already; the server has the last word). For an
 * original looked up on the server, `onServer` adds what the refunds the server stored took back
 * (units by line key, see refundedOnServer); `earlier` must then hold only the refunds it did not
 * count (see notCountedBy), so none is counted twice.
 */
export function refundableRows(
  original: PosOrder,
  earlier: readonly PosOrder[],
  onServer: ReadonlyMap<string, number> = NOTHING_ON_SERVER,
): RefundableRow[] {
  const rows = new Map<string, RefundableRow>();
  for (const line of original.lines) {
    const key = refundLineKey(line);
    const row = rows.get(key);
    if (row) row.sold += line.quantity;
    else rows.set(key, { key, line: { ...line }, sold: line.quantity, refunded: 0, refundable: 0 });
  }
  const uuid = original.uuid.toLowerCase();
  for (const refund of earlier) {
    if (refund.refundOf?.toLowerCase() !== uuid) continue;
    for (const line of refund.lines) {
      const row = rows.get(refundLineKey(line));
      if (row) row.refunded += -line.quantity;
    }
  }
  for (const [key, units] of onServer) {
    const row = rows.get(key);
    if (row) row.refunded += units;
  }
  for (const row of rows.values()) row.refundable = Math.max(0, row.sold - row.refunded);
  return [...rows.values()];
}

/**
 * An original as the server answered it (`GET /api/orders/by-reference/:reference`) for a refund
 * on a till that does not hold it: the order, what the refunds the server stored took back (units
 * by line key, positive: refundedOnServer) and the uuids of those refunds (lowercased).
 */
export interface ServerOriginal {
  order: PosOrder;
  refunded: ReadonlyMap<string, number>;
  counted: ReadonlySet<string>;
}

/**
 * The server's refunded lines (line identity and positive units, as the lookup answers them) as
 * units by refundLineKey, summed.
 */
export function refundedOnServer(
  lines: readonly Pick<OrderLine, 'productId' | 'unitPrice' | 'discount' | 'taxRate' | 'quantity'>[],
): Map<string, number> {
  const units = new Map<string, number>();
  for (const line of lines) {
    const key = refundLineKey(line);
    units.set(key, (units.get(key) ?? 0) + line.quantity);
  }
  return units;
}

/**
 * The orders of `orders` whose uuid (any case) is not in `counted` (lowercased uuids the server
 * already counted): this tablet's refunds of a server original that the server has not stored
 * yet (pending, held, refused, or stored after the lookup).
 */
export function notCountedBy(orders: readonly PosOrder[], counted: ReadonlySet<string>): PosOrder[] {
  return orders.filter((order) => !counted.has(order.uuid.toLowerCase()));
}

/** True when nothing of `original` is left to refund after `earlier` (see refundableRows). */
export function fullyRefunded(original: PosOrder, earlier: readonly PosOrder[]): boolean {
  return refundableRows(original, earlier).every((row) => row.refundable === 0);
}

/**
 * The method a refund gives money back with by default: the original's, or for a split payment the
 * method that kept the most (cash net of the change); cash when the original took nothing.
 */
export function defaultRefundMethod(original: Pick<PosOrder, 'payments' | 'amountReturn'>): PaymentMethod {
  const kept = new Map<PaymentMethod, number>();
  for (const p of original.payments) kept.set(p.method, (kept.get(p.method) ?? 0) + p.amount);
  kept.set('cash', (kept.get('cash') ?? 0) - original.amountReturn);
  const card = kept.get('card') ?? 0;
  return card > (kept.get('cash') ?? 0) ? 'card' : 'cash';
}

/** The lines and payment of a refund, ready for an OrderDraft. */
export interface RefundParts {
  /** Negative quantities, the original's price, discount and tax rate. */
  lines: OrderLine[];
  /** One negative payment of the whole amount with `method`; none when the amount is 0. */
  payments: Payment[];
}

/**
 * The lines a refund asks back: `quantities[i]` units of `rows[i]` (see refundableRows), as lines
 * with negative quantities and the original's price, discount and tax rate; rows asked 0 are left
 * out. No check: refundDraft checks the quantities.
 */
export function refundLines(rows: readonly RefundableRow[], quantities: readonly number[]): OrderLine[] {
  return rows.flatMap((row, index) => {
    const units = quantities[index] ?? 0;
    return units > 0 ? [{ ...row.line, quantity: -units }] : [];
  });
}

/**
 * The lines of a refund without receipt: each product given back with its units (1 or more), at
 * the catalog's price and tax rate, no discount, quantities negative.
 */
export function returnedLines(
  items: readonly { product: Pick<Product, 'id' | 'name' | 'price' | 'taxRate'>; quantity: number }[],
): OrderLine[] {
  return items.map(({ product, quantity }) => ({
    productId: product.id,
    name: product.name,
    quantity: -quantity,
    unitPrice: product.price,
    taxRate: product.taxRate,
    discount: 0,
  }));
}

/**
 * Builds the lines and the payment of a refund of `original`: `quantities[i]` units (a whole
 * number, 0 … refundable) of `rows[i]` (refundableRows of the original, as the refund panel showed
 * them), given back with `method`. Throws PosError `over_refund` when a quantity exceeds what is
 * left to refund, and `validation_failed` when `original` is itself a refund, a quantity is not a
 * whole number of 0 or more, the list's length does not match the rows, or nothing is asked back.
 * Pure: the caller checks it again inside the outbox's transaction, against the outbox as it is.
 */
export function refundDraft(
  original: PosOrder,
  rows: readonly RefundableRow[],
  quantities: readonly number[],
  method: PaymentMethod = defaultRefundMethod(original),
): RefundParts {
  if (isRefund(original)) throw new PosError('validation_failed', 'A refund cannot be refunded.');
  if (quantities.length !== rows.length)
    throw new PosError('validation_failed', 'One quantity is needed per line of the original.');
  rows.forEach((row, index) => {
    const units = quantities[index] ?? 0;
    if (!Number.isInteger(units) || units < 0)
      throw new PosError('validation_failed', `lines.${index}: a whole number of units, 0 or more.`);
    if (units > row.refundable)
      throw new PosError(
        'over_refund',
        `lines.${index}: ${units} × ${row.line.name} asked back, ${row.refundable} of ${row.sold} left to refund.`,
      );
  });
  const lines = refundLines(rows, quantities);
  if (lines.length === 0) throw new PosError('validation_failed', 'Nothing to refund: every quantity is 0.');
  const { amountTotal } = cartTotals(lines);
  return { lines, payments: amountTotal === 0 ? [] : [{ method, amount: amountTotal }] };
}

/**
 * The first line of `lines` (a refund's, quantities negative) whose identity asks back more units
 * than `original` has left after `earlier` and `onServer` (see refundableRows; summed over the
 * refund's lines of that identity, as the server does), as a sentence; null when every line fits.
 */
export function overRefundProblem(
  original: PosOrder,
  lines: readonly OrderLine[],
  earlier: readonly PosOrder[],
  onServer: ReadonlyMap<string, number> = NOTHING_ON_SERVER,
): string | null {
  const rows = new Map(refundableRows(original, earlier, onServer).map((row) => [row.key, row]));
  const asked = new Map<string, number>();
  for (const line of lines) {
    const key = refundLineKey(line);
    asked.set(key, (asked.get(key) ?? 0) - line.quantity);
  }
  for (const [key, units] of asked) {
    const row = rows.get(key);
    if (!row || units > row.refundable)
      return `${units} × ${row?.line.name ?? key} asked back of order ${original.reference}, ${row?.refundable ?? 0} left to refund`;
  }
  return null;
}
