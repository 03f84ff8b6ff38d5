import type { ReportTotals } from '../../src/domain/report.js';
import type { Executor } from '../db/database.js';

/** Everything a report sums over its orders (minor units), before its cash part. */
export type OrderTotals = Omit<ReportTotals, 'cash'>;

/**
 * The sums of a report over the orders stored in the sessions `sessionIds` (one for a session
 * report, a day's for the day report), each summed by the database over `orders`,
 * `order_payments` and `order_lines` (no order's JSON is read: a session holds thousands).
 * Minor units. Sales and refunds apart as ReportTotalsSchema says (a refund's order is marked
 * `refund`; its lines and payments are the negative ones). `orders.firstReference` /
 * `lastReference` are those of the orders made first and last (device clock, then reference),
 * null without orders; payments, taxes and devices are sorted by method, rate and device number.
 */
export async function sumOrders(db: Executor, sessionIds: readonly number[]): Promise<OrderTotals> {
  const ids = [...sessionIds];
  // One pass over the orders by device gives the sales, the refunds and the rescued orders too.
  const devices = await db
    .selectFrom('orders')
    .select((eb) => [
      'device_number',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('amount_total').as('amountTotal'),
      eb.fn.sum<number>('amount_tax').as('amountTax'),
      eb.fn
        .sum<number>(eb.case().when('original_session_id', 'is not', null).then(1).else(0).end())
        .as('rescuedCount'),
      eb.fn
        .sum<number>(
          eb.case().when('original_session_id', 'is not', null).then(eb.ref('amount_total')).else(0).end(),
        )
        .as('rescuedTotal'),
      eb.fn.sum<number>(eb.case().when('refund', '=', 1).then(1).else(0).end()).as('refundCount'),
      eb.fn
        .sum<number>(eb.case().when('refund', '=', 1).then(eb.ref('amount_total')).else(0).end())
        .as('refundTotal'),
      eb.fn
        .sum<number>(eb.case().when('refund', '=', 1).then(eb.ref('amount_tax')).else(0).end())
        .as('refundTax'),
    ])
    .where('session_id', 'in', ids)
    .groupBy('device_number')
    .orderBy('device_number')
    .execute();
  const reference = (direction: 'asc' | 'desc') =>
    db
      .selectFrom('orders')
      .select('reference')
      .where('session_id', 'in', ids)
      .orderBy('created_at', direction)
      .orderBy('reference', direction)
      .limit(1)
      .executeTakeFirst();
  const first = await reference('asc');
  const last = await reference('desc');
  // A sale's payments are positive and a refund's negative (PosOrderSchema): the sign splits them.
  const payments = await db
    .selectFrom('order_payments')
    .select((eb) => [
      'method',
      eb.fn.sum<number>(eb.case().when('amount', '>', 0).then(eb.ref('amount')).else(0).end()).as('amount'),
      eb.fn.sum<number>(eb.case().when('amount', '>', 0).then(1).else(0).end()).as('count'),
      eb.fn.sum<number>(eb.case().when('amount', '<', 0).then(eb.ref('amount')).else(0).end()).as('refunded'),
      eb.fn.sum<number>(eb.case().when('amount', '<', 0).then(1).else(0).end()).as('refundCount'),
      eb.fn.sum<number>('change_given').as('change'),
    ])
    .where('session_id', 'in', ids)
    .groupBy('method')
    .orderBy('method')
    .execute();
  // One pass over the lines by rate gives the discounts too (a sale's lines are the positive ones).
  const taxes = await db
    .selectFrom('order_lines')
    .select((eb) => [
      'tax_rate',
      eb.fn.sum<number>('total').as('total'),
      eb.fn.sum<number>('tax').as('tax'),
      eb.fn
        .sum<number>(eb.case().when('quantity', '>', 0).then(eb.ref('discount_amount')).else(0).end())
        .as('discounts'),
    ])
    .where('session_id', 'in', ids)
    .groupBy('tax_rate')
    .orderBy('tax_rate')
    .execute();
  const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((n, row) => n + pick(row), 0);
  return {
    orders: {
      count: sum(devices, (d) => d.count),
      firstReference: first?.reference ?? null,
      lastReference: last?.reference ?? null,
    },
    sales: {
      amountTotal: sum(devices, (d) => d.amountTotal - d.refundTotal),
      amountTax: sum(devices, (d) => d.amountTax - d.refundTax),
      discounts: sum(taxes, (t) => t.discounts),
    },
    payments: payments
      .filter((p) => p.count > 0)
      .map((p) => ({ method: p.method, amount: p.amount, count: p.count })),
    change: sum(payments, (p) => p.change),
    taxes: taxes.map((t) => ({ taxRate: t.tax_rate, base: t.total - t.tax, tax: t.tax })),
    devices: devices.map((d) => ({
      deviceNumber: d.device_number,
      count: d.count,
      amountTotal: d.amountTotal,
    })),
    rescued: {
      count: sum(devices, (d) => d.rescuedCount),
      amountTotal: sum(devices, (d) => d.rescuedTotal),
    },
    refunds: {
      count: sum(devices, (d) => d.refundCount),
      amountTotal: sum(devices, (d) => d.refundTotal),
      amountTax: sum(devices, (d) => d.refundTax),
      payments: payments
        .filter((p) => p.refundCount > 0)
        .map((p) => ({ method: p.method, amount: p.refunded, count: p.refundCount })),
    },
  };
}
