import type { OrderLine, PosOrder } from './pos-order.js';

/**
 * The limits of an order and the functions that read one, zod-free so that the till's first load
 * (cart, outbox, refund drafts) can use them without the schemas (pos-order.ts has the order's
 * schemas and re-exports all of this).
 */

/** Most units of one product on one line: a guard against a stuck key, not a business rule. */
export const MAX_LINE_QUANTITY = 9_999;
/** Largest line discount in percent: 100 % gives the line away. */
export const MAX_DISCOUNT_PERCENT = 100;
/**
 * Longest product name on a line (characters): the line copies the catalog's name, and this is far
 * above any shelf label; a longer one is not a name a till wrote, and would be stored in full.
 */
export const MAX_LINE_NAME_LENGTH = 200;
/** Most orders in one `POST /api/orders` (DESIGN.md). */
export const MAX_ORDERS_PER_UPLOAD = 500;
/** Longest reason of a refund without receipt (characters). */
export const MAX_REFUND_REASON_LENGTH = 200;

export const PAYMENT_METHODS = ['cash', 'card'] as const;

export const ORDER_RESULT_STATUSES = ['accepted', 'duplicate', 'session_closed', 'invalid'] as const;

/**
 * What identifies a line of an original when it is refunded: its product, its tax-included unit
 * price, its discount (percent) and its tax rate. Lines of an order that share all four are one
 * line (a cashier may scan the same product twice); a refund line must match one of them, so a
 * refund gives back what that line took (the price and discount the customer paid, the tax that
 * was collected), never today's price. The name is the till's copy and does not count. One
 * definition for what the till offers (refund-draft.ts) and what the server's ledger accepts.
 */
export function refundLineKey(
  line: Pick<OrderLine, 'productId' | 'unitPrice' | 'discount' | 'taxRate'>,
): string {
  return `${Number(line.productId)}|${line.unitPrice}|${line.discount}|${line.taxRate}`;
}

/** True when `order` gives money back: it names an original, carries a manager proof, or has a negative line. */
export function isRefund(order: Pick<PosOrder, 'lines' | 'refundOf' | 'managerProof'>): boolean {
  return (
    order.refundOf !== undefined ||
    order.managerProof !== undefined ||
    order.lines.some((line) => line.quantity < 0)
  );
}
