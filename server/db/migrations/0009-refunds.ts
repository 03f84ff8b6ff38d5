import type { Kysely } from 'kysely';

/**
 * Refunds: an order that gives money back (negative lines and payments) is stored in `orders` like
 * a sale, with
 * - `refund` (0 or 1): 1 for a refund, so the report sums sales and refunds apart in SQL (a
 *   refund without receipt names no original, and a refund may total 0);
 * - `refund_of`: the uuid (lowercased) of the order it refunds, null for a sale and for a refund
 *   without receipt; indexed, since every refund of an original is summed when another comes;
 * - `refund_reason`: why, as the till sent it (required for a refund without receipt).
 * Orders stored before this step are sales: nothing to fill.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('refund', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('orders').addColumn('refund_of', 'text').execute();
  await db.schema.alterTable('orders').addColumn('refund_reason', 'text').execute();
  await db.schema.createIndex('orders_by_refund_of').on('orders').column('refund_of').execute();
}
