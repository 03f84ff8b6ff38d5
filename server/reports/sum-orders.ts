import type { ReportTotals } from '../../src/domain/report.js';
import type { Executor } from '../db/database.js';

/** Everything a report sums over its orders (minor units), before its cash part. */
export type OrderTotals = Omit<ReportTotals, 'cash'>;

/**
 * The sums of a report over the orders stored in the sessions `sessionIds` (one for a session
 * report, a day's for the day report), each summed by the database over `orders`,
 * `order_payments` and `order_lines` (no order's JSON is read: a session holds thousands).
 * Minor units. `orders.firstReference` / `lastReference` are those of the orders made first and
 * last (device clock, then reference), null without orders; payments, taxes and devices are
 * sorted by method, rate and device number.
 */
export async function sumOrders(db: Executor, sessionIds: readonly number[]): Promise<OrderTotals> {
  const ids = [...sessionIds];
  const sales = await db
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.coalesce(eb.fn.sum<number>('amount_total'), eb.lit(0)).as('amountTotal'),
      eb.fn.coalesce(eb.fn.sum<number>('amount_tax'), eb.lit(0)).as('amountTax'),
    ])
    .where('session_id', 'in', ids)
    .executeTakeFirstOrThrow();
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
  const discounts = await db
    .selectFrom('order_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('discount_amount'), eb.lit(0)).as('amount'))
    .where('session_id', 'in', ids)
    .executeTakeFirstOrThrow();
  const payments = await db
    .selectFrom('order_payments')
    .select((eb) => [
      'method',
      eb.fn.sum<number>('amount').as('amount'),
      eb.fn.sum<number>('change_given').as('change'),
      eb.fn.countAll<number>().as('count'),
    ])
    .where('session_id', 'in', ids)
    .groupBy('method')
    .orderBy('method')
    .execute();
  const taxes = await db
    .selectFrom('order_lines')
    .select((eb) => ['tax_rate', eb.fn.sum<number>('total').as('total'), eb.fn.sum<number>('tax').as('tax')])
    .where('session_id', 'in', ids)
    .groupBy('tax_rate')
    .orderBy('tax_rate')
    .execute();
  const devices = await db
    .selectFrom('orders')
    .select((eb) => [
      'device_number',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('amount_total').as('amountTotal'),
    ])
    .where('session_id', 'in', ids)
    .groupBy('device_number')
    .orderBy('device_number')
    .execute();
  const rescued = await db
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.coalesce(eb.fn.sum<number>('amount_total'), eb.lit(0)).as('amountTotal'),
    ])
    .where('session_id', 'in', ids)
    .where('original_session_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    orders: {
      count: sales.count,
      firstReference: first?.reference ?? null,
      lastReference: last?.reference ?? null,
    },
    sales: { amountTotal: sales.amountTotal, amountTax: sales.amountTax, discounts: discounts.amount },
    payments: payments.map((p) => ({ method: p.method, amount: p.amount, count: p.count })),
    change: payments.reduce((sum, p) => sum + p.change, 0),
    taxes: taxes.map((t) => ({ taxRate: t.tax_rate, base: t.total - t.tax, tax: t.tax })),
    devices: devices.map((d) => ({
      deviceNumber: d.device_number,
      count: d.count,
      amountTotal: d.amountTotal,
    })),
    rescued: { count: rescued.count, amountTotal: rescued.amountTotal },
  };
}
