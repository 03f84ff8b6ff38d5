import { LINES_CSV_HEADER } from '../../src/domain/api/reports.js';
import { minorToDecimal } from '../../src/domain/currency.js';
import type { Executor } from '../db/database.js';
import { basisPointsToPercent } from '../catalog/products-csv-cells.js';
import { csvText } from '../orders-csv.js';

/**
 * Every order line of session `sessionId` as a CSV file (header LINES_CSV_HEADER), read from
 * `order_lines` with its order's reference, time and device (no order's JSON is read): one row per
 * line, orders by arrival (received time, then their place in their upload), lines in their
 * order. Money (unit price, discount taken off, tax, total after discount, all tax included) as
 * decimals of `currency`; `discount_percent` a whole percent; `tax_rate` in percent.
 */
export async function linesCsv(db: Executor, sessionId: number, currency: string): Promise<string> {
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.uuid', 'l.order_uuid')
    .select([
      'o.reference',
      'o.created_at',
      'o.device_number',
      'l.product_id',
      'l.name',
      'l.quantity',
      'l.unit_price',
      'l.discount',
      'l.discount_amount',
      'l.tax_rate',
      'l.tax',
      'l.total',
    ])
    .where('l.session_id', '=', sessionId)
    .orderBy('o.received_at')
    .orderBy('o.arrival')
    .orderBy('o.uuid')
    .orderBy('l.position')
    .execute();
  const money = (minor: number) => minorToDecimal(minor, currency);
  return csvText([
    [...LINES_CSV_HEADER],
    ...lines.map((l) => [
      l.reference,
      l.created_at,
      String(l.device_number),
      String(l.product_id),
      l.name,
      String(l.quantity),
      money(l.unit_price),
      String(l.discount),
      money(l.discount_amount),
      basisPointsToPercent(l.tax_rate),
      money(l.tax),
      money(l.total),
    ]),
  ]);
}
