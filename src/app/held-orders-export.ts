import type { Id } from '../domain/ids.js';
import type { OutboxEntry, OutboxStatus } from '../store/db.js';

/** One line of the Held orders area and of its exports. Amounts in integer minor units. */
export interface HeldOrderRow {
  uuid: string;
  reference: string;
  sessionId: Id;
  status: OutboxStatus;
  /** ISO 8601, the device clock at the sale. */
  createdAt: string;
  amountTotal: number;
  currency: string;
  reasonCode: string;
  reason: string;
}

/** The row of an outbox entry; the reason is the entry's last error. */
export function heldOrderRow(entry: OutboxEntry): HeldOrderRow {
  return {
    uuid: entry.uuid,
    reference: entry.order.reference,
    sessionId: entry.sessionId,
    status: entry.status,
    createdAt: entry.order.createdAt,
    amountTotal: entry.order.amountTotal,
    currency: entry.order.currency,
    reasonCode: entry.lastError?.code ?? '',
    reason: entry.lastError?.message ?? '',
  };
}

/**
 * The JSON export: every entry with its row fields and the full order as it would be sent, so a
 * back office can replay or audit it. Pretty-printed, UTF-8.
 */
export function heldOrdersJson(entries: readonly OutboxEntry[], exportedAt: string): string {
  return JSON.stringify(
    { exportedAt, orders: entries.map((e) => ({ ...heldOrderRow(e), order: e.order })) },
    null,
    2,
  );
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
];

/**
 * The CSV export (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line
 * break). `amountTotal` stays in minor units so no locale decimal separator can mislead. A field
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
