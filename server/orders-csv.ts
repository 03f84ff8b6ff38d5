import { minorToDecimal } from '../src/domain/currency.js';
import { isRefund, type PaymentMethod, type PosOrder } from '../src/domain/pos-order.js';

/** Columns of the export, in order. Money columns are decimal in the order's currency. */
export const ORDERS_CSV_HEADER = [
  'reference',
  'created_at',
  'device',
  'payments',
  'total',
  'tax',
  'paid',
  'change',
  'currency',
  'rescued_from_session',
  'paid_cash',
  'paid_card',
  'kind',
  'refund_of',
  'refund_reason',
] as const;

/** The payment methods of the `paid_<method>` columns, in their order. */
const PAID_COLUMNS: readonly PaymentMethod[] = ['cash', 'card'];

/**
 * A session's orders as CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or
 * line break) for a spreadsheet or the accountant: one row per order, money as decimals of the
 * order's currency ("4.50" for 450 EUR minor units, "450" for JPY), `rescued_from_session` the name
 * of the closed session a rescued order was made in (`sessionNames` by id), empty otherwise;
 * `paid_cash` and `paid_card` what was tendered with each method (cash before change, 0 when none;
 * negative on a refund: money given back); `kind` is `sale` or `refund`, `refund_of` the
 * reference of the order a refund gives money back for (`originals`: reference by lowercased uuid;
 * the uuid itself when the server has no such order, empty for a sale or a refund without receipt),
 * `refund_reason` the reason the till gave.
 * A field that a spreadsheet would read as a formula (=, +, -, @ first) is prefixed with `'`
 * (OWASP, CSV injection). Starts with a UTF-8 byte order mark so spreadsheets read the accents.
 */
export function ordersCsv(
  orders: readonly PosOrder[],
  sessionId: number,
  sessionNames: ReadonlyMap<string, string>,
  originals: ReadonlyMap<string, string> = new Map(),
): string {
  const rows = orders.map((o) => [
    o.reference,
    o.createdAt,
    String(o.deviceNumber),
    o.payments.map((p) => p.method).join('+'),
    minorToDecimal(o.amountTotal, o.currency),
    minorToDecimal(o.amountTax, o.currency),
    minorToDecimal(o.amountPaid, o.currency),
    minorToDecimal(o.amountReturn, o.currency),
    o.currency,
    String(o.sessionId) === String(sessionId)
      ? ''
      : (sessionNames.get(String(o.sessionId)) ?? String(o.sessionId)),
    ...PAID_COLUMNS.map((method) =>
      minorToDecimal(
        o.payments.filter((p) => p.method === method).reduce((sum, p) => sum + p.amount, 0),
        o.currency,
      ),
    ),
    isRefund(o) ? 'refund' : 'sale',
    o.refundOf === undefined ? '' : (originals.get(o.refundOf.toLowerCase()) ?? o.refundOf),
    o.reason ?? '',
  ]);
  return csvText([[...ORDERS_CSV_HEADER], ...rows]);
}

/**
 * Rows as the text of a CSV file the server writes: a UTF-8 byte order mark (so spreadsheets read
 * the accents), each field through {@link csvField}, comma, CRLF after every row (RFC 4180).
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * True when a spreadsheet would read `value` as a formula: it starts with =, +, -, @, a tab or a
 * carriage return, and is not a number such as -12.50 (OWASP, CSV injection).
 */
export function isFormulaLike(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value);
}

/**
 * One field of a CSV file written by the server (RFC 4180): prefixed with `'` when it is
 * formula-like ({@link isFormulaLike}), then quoted when it holds a comma, a quote or a line break.
 */
export function csvField(value: string): string {
  const safe = isFormulaLike(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
