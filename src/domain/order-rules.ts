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
/**
 * Most lines in one order. An order with more is answered `invalid` (validation_failed) on its own
 * and the rest of its request still counts: refusing the whole request would block every order
 * sent with it, since a 413 only makes the till send smaller batches.
 */
export const MAX_ORDER_LINES = 500;
/**
 * How far ahead of the server's clock an order's `createdAt` may be (ms): a day. Further, the
 * device's clock is wrong and the order would sort into a day that has not come.
 */
export const MAX_CREATED_AHEAD_MS = 24 * 60 * 60 * 1000;
/**
 * How long before its session's `openedAt` an order's `createdAt` may be (ms): a day. A device
 * writes an order only while its session is open, so earlier means a clock a day or more wrong.
 */
export const MAX_CREATED_BEFORE_OPENING_MS = 24 * 60 * 60 * 1000;
/**
 * Most cash a sale may take, as a multiple of its total: 100. More is a slip of the keys (5000
 * typed for 50.00), not a sale, and it would put a wrong change in the session's cash.
 */
export const MAX_CASH_TENDERED_TIMES_TOTAL = 100;
/**
 * True when cash of `cash` (minor units, all of a sale's cash payments) is more than
 * MAX_CASH_TENDERED_TIMES_TOTAL times the sale's `total`: the server answers such a sale
 * `invalid`, so the till's payment panel refuses it where it is typed. One rule for both.
 */
export const tooMuchCash = (cash: number, total: number): boolean =>
  cash > MAX_CASH_TENDERED_TIMES_TOTAL * total;

/**
 * True when an order made at `createdMs` (epoch ms) is dated more than
 * MAX_CREATED_BEFORE_OPENING_MS before its session's `openedAt` (ISO 8601): the device's clock is
 * wrong, the server answers the order `invalid`, so the till refuses the sale before writing it.
 */
export const beforeOpening = (createdMs: number, openedAt: string): boolean =>
  createdMs < Date.parse(openedAt) - MAX_CREATED_BEFORE_OPENING_MS;

/**
 * What is wrong with a device clock reading `deviceNowMs` (epoch ms) for a sale of a session
 * opened at `openedAt`, the server's clock being `clockOffsetMs` ahead of the device's: `behind`
 * when it is more than MAX_CREATED_BEFORE_OPENING_MS before the opening (beforeOpening), `ahead`
 * when it is more than MAX_CREATED_AHEAD_MS ahead of the server's clock, null when the server would
 * take a sale dated by it. An unknown opening or offset (null) judges nothing. The till asks it
 * before writing a sale and the server of each order's `createdAt` (its offset: the server's now
 * minus createdAt), so both refuse on the same limits.
 */
export function clockProblem(
  deviceNowMs: number,
  clock: { openedAt?: string | null; clockOffsetMs?: number | null },
): 'behind' | 'ahead' | null {
  const { openedAt, clockOffsetMs } = clock;
  if (clockOffsetMs != null && -clockOffsetMs > MAX_CREATED_AHEAD_MS) return 'ahead';
  if (openedAt && beforeOpening(deviceNowMs, openedAt)) return 'behind';
  return null;
}

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
