import type { Id } from '../domain/ids.js';
import { isCashMove, type OutboxEntry, type OutboxKind, type OutboxStatus } from '../store/db.js';

/** One line of the Held orders area and of its exports. Amounts in integer minor units. */
export interface HeldOrderRow {
  /** `order`, or `cash-move` (cash put into or taken out of the drawer). */
  kind: OutboxKind;
  uuid: string;
  /** The order's reference; empty for a cash move, which has none. */
  reference: string;
  sessionId: Id;
  status: OutboxStatus;
  /** ISO 8601, the device clock at the sale. */
  createdAt: string;
  /** The order's total, or the cash move's signed amount (positive in, negative out). */
  amountTotal: number;
  currency: string;
  reasonCode: string;
  reason: string;
  /** Why the cashier moved the cash ("Bank deposit"); empty for an order. */
  cashReason: string;
}

/** The row of an outbox entry; the reason is the entry's last error. */
export function heldOrderRow(entry: OutboxEntry): HeldOrderRow {
  const delivery = {
    kind: isCashMove(entry) ? ('cash-move' as const) : ('order' as const),
    uuid: entry.uuid,
    sessionId: entry.sessionId,
    status: entry.status,
    reasonCode: entry.lastError?.code ?? '',
    reason: entry.lastError?.message ?? '',
  };
  if (isCashMove(entry)) {
    const { move } = entry;
    return {
      ...delivery,
      reference: '',
      createdAt: move.createdAt,
      amountTotal: move.amount,
      currency: entry.currency,
      cashReason: move.reason,
    };
  }
  const { order } = entry;
  return {
    ...delivery,
    reference: order.reference,
    createdAt: order.createdAt,
    amountTotal: order.amountTotal,
    currency: order.currency,
    cashReason: '',
  };
}

/**
 * The JSON export: every entry with its row fields and the full order (or cash move) as it would
 * be sent, so a back office can replay or audit it. Orders under `orders`, cash moves under
 * `cashMoves`. Pretty-printed, UTF-8.
 */
export function heldOrdersJson(entries: readonly OutboxEntry[], exportedAt: string): string {
  const orders = entries.flatMap((e) => (isCashMove(e) ? [] : [{ ...heldOrderRow(e), order: e.order }]));
  const cashMoves = entries.flatMap((e) => (isCashMove(e) ? [{ ...heldOrderRow(e), move: e.move }] : []));
  return JSON.stringify({ exportedAt, orders, cashMoves }, null, 2);
}

const CSV_COLUMNS: readonly (keyof HeldOrderRow)[] = [
  'reference',
  'uuid',
  'sessionId',
  'status',
  'createdAt',
  'amountTotal',
  'currency',
  'reasonCode',
  'reason',
  // Added with cash moves, after the columns readers already know.
  'kind',
  'cashReason',
];

/**
 * The CSV export (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line
 * break), one row per order or cash move (`kind`; a move's signed amount in `amountTotal`, its
 * reason in `cashReason`). `amountTotal` stays in minor units so no locale decimal separator can mislead. A field
 * that starts with `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet does not run it.
 */
export function heldOrdersCsv(entries: readonly OutboxEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of entries) {
    const row = heldOrderRow(entry);
    lines.push(CSV_COLUMNS.map((column) => csvField(String(row[column]))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d+$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
