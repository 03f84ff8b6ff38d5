import { sql, type Kysely } from 'kysely';
import type { EngineDialect } from '../dialect.js';

/** Orders read at a time when their payments are copied out of their JSON. */
const BACKFILL_PAGE = 1_000;

/**
 * What several instances on one database (and PostgreSQL) need:
 * - at most one session per config that is not closed (rescue sessions aside): a partial unique
 *   index, so two managers opening the register at once get one session and one refusal;
 * - order uuids stored lowercased (the SQLite column compared them without case; PostgreSQL
 *   compares text exactly), and `arrival`, their place in their upload (SQLite's rowid did that);
 * - `order_payments`, so totals by payment method are a plain SUM on both engines (SQLite summed
 *   the JSON with json_each), filled here from the orders already stored;
 * - indexes for the rescued-out count and a device's last report.
 */
export async function up(db: Kysely<any>, dialect: EngineDialect): Promise<void> {
  await db.schema
    .createIndex('sessions_one_unclosed_per_config')
    .on('sessions')
    .column('config_id')
    .unique()
    .where(sql.ref('state'), '<>', 'closed')
    .where(sql.ref('rescue'), '=', 0)
    .execute();

  // Every row: on the old SQLite column `uuid <> lower(uuid)` is never true (it compares without case).
  await db
    .updateTable('orders')
    .set({ uuid: sql`lower(uuid)` })
    .execute();
  await db.schema
    .alterTable('orders')
    .addColumn('arrival', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect.insertionOrder)
    await db.updateTable('orders').set({ arrival: dialect.insertionOrder }).execute();
  await db.schema.dropIndex('orders_by_session').execute();
  await db.schema
    .createIndex('orders_by_session')
    .on('orders')
    .columns(['session_id', 'received_at', 'arrival'])
    .execute();
  await db.schema
    .createIndex('orders_by_original_session')
    .on('orders')
    .column('original_session_id')
    .execute();

  await db.schema
    .createTable('order_payments')
    .addColumn('order_uuid', 'text', (c) => c.notNull().references('orders.uuid'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('change_given', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_payments_pk', ['order_uuid', 'position'])
    .execute();
  await db.schema
    .createIndex('order_payments_by_session')
    .on('order_payments')
    .columns(['session_id', 'method'])
    .execute();
  await copyPayments(db);

  await db.schema
    .createIndex('device_reports_by_device')
    .on('device_reports')
    .columns(['device_id', 'last_seen_at'])
    .execute();
}

/** Writes the payments of every stored order into order_payments, a page of orders at a time. */
async function copyPayments(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const orders: { uuid: string; session_id: number; body: string }[] = await db
      .selectFrom('orders')
      .select(['uuid', 'session_id', 'body'])
      .where('uuid', '>', after)
      .orderBy('uuid')
      .limit(BACKFILL_PAGE)
      .execute();
    const last = orders.at(-1);
    if (!last) return;
    const rows = orders.flatMap((o) => paymentsOf(o.uuid, o.session_id, JSON.parse(o.body) as StoredOrder));
    // A page of rows per statement: 6 parameters a row stays below SQLite's 32,766.
    for (let i = 0; i < rows.length; i += BACKFILL_PAGE)
      await db
        .insertInto('order_payments')
        .values(rows.slice(i, i + BACKFILL_PAGE))
        .execute();
    after = last.uuid;
  }
}

/** What this step reads of a stored order's JSON. */
interface StoredOrder {
  payments: { method: string; amount: number }[];
  amountReturn: number;
}

/**
 * The order_payments rows of one stored order, as orders-repo.ts writes them for new orders (kept
 * here as it was when this step shipped): the change on the first cash payment.
 */
function paymentsOf(uuid: string, sessionId: number, order: StoredOrder) {
  const firstCash = order.payments.findIndex((p) => p.method === 'cash');
  return order.payments.map((p, position) => ({
    order_uuid: uuid,
    position,
    session_id: sessionId,
    method: p.method,
    amount: p.amount,
    change_given: position === firstCash ? order.amountReturn : 0,
  }));
}
