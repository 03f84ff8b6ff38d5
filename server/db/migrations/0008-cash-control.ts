import type { Kysely } from 'kysely';

/** Orders read at a time when their lines are copied out of their JSON. */
const BACKFILL_PAGE = 500;
/** Rows per insert while copying: 12 parameters a row stays below SQLite's 32,766. */
const ROWS_PER_INSERT = 1_000;

/**
 * Cash control and the end-of-day report:
 * - `configs.cash_control` (0 or 1): sessions of the register open in `opening_control` with the
 *   float counted, and close only with the drawer counted; `configs.time_zone` (IANA name), the
 *   shop's day for the day report;
 * - on `sessions`, the counts (minor units): the float expected and counted at opening, the cash
 *   expected and counted at closing with the manager's note, and the Z report (JSON) fixed at the
 *   moment of closing, so later changes to the catalog or the config never alter it;
 * - `cash_moves`: cash put in or taken out of the drawer during a session (signed minor units),
 *   one row per move, its device-made uuid the key so a move is stored once;
 * - `orders.amount_tax` and `orders.device_number`, and `order_lines`, one row per line with its
 *   tax-included total, its tax and the discount taken off it, so the report's sums are plain
 *   SQL on both engines (a 10,000-order session is not parsed in JavaScript); filled here from the
 *   orders already stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('configs')
    .addColumn('cash_control', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('configs')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .execute();

  for (const column of ['expected_opening_cash', 'opening_cash', 'expected_closing_cash', 'closing_cash'])
    await db.schema.alterTable('sessions').addColumn(column, 'bigint').execute();
  await db.schema.alterTable('sessions').addColumn('closing_note', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('z_report', 'text').execute();

  await db.schema
    .createTable('cash_moves')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('device_number', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('arrival', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('cash_moves_by_session')
    .on('cash_moves')
    .columns(['session_id', 'received_at', 'arrival'])
    .execute();

  await db.schema
    .alterTable('orders')
    .addColumn('amount_tax', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('orders')
    .addColumn('device_number', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('order_lines')
    .addColumn('order_uuid', 'text', (c) => c.notNull().references('orders.uuid'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate', 'integer', (c) => c.notNull())
    .addColumn('discount', 'integer', (c) => c.notNull())
    .addColumn('discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_lines_pk', ['order_uuid', 'position'])
    .execute();
  await db.schema
    .createIndex('order_lines_by_session')
    .on('order_lines')
    .columns(['session_id', 'tax_rate'])
    .execute();
  await copyLines(db);
}

/** Copies tax and device number of every stored order to its columns and its lines to order_lines. */
async function copyLines(db: Kysely<any>): Promise<void> {
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
    const rows = [];
    for (const o of orders) {
      const order = JSON.parse(o.body) as StoredOrder;
      await db
        .updateTable('orders')
        .set({ amount_tax: order.amountTax, device_number: order.deviceNumber })
        .where('uuid', '=', o.uuid)
        .execute();
      rows.push(...linesOf(o.uuid, o.session_id, order));
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
      await db
        .insertInto('order_lines')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
    after = last.uuid;
  }
}

/** What this step reads of a stored order's JSON. */
interface StoredOrder {
  deviceNumber: number;
  amountTax: number;
  lines: {
    productId: number;
    name: string;
    quantity: number;
    unitPrice: number;
    taxRate: number;
    discount?: number;
  }[];
}

/**
 * The order_lines rows of one stored order, with the till's rounding (order-totals.ts, kept here
 * as it was when this step shipped): the line's total is its gross less the percent discount,
 * rounded half up; its tax is the tax inside that total, rounded per line.
 */
function linesOf(uuid: string, sessionId: number, order: StoredOrder) {
  return order.lines.map((line, position) => {
    const gross = line.unitPrice * line.quantity;
    const discount = line.discount ?? 0;
    const total = Math.round((gross * (100 - discount)) / 100);
    return {
      order_uuid: uuid,
      position,
      session_id: sessionId,
      product_id: line.productId,
      name: line.name,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      tax_rate: line.taxRate,
      discount,
      discount_amount: gross - total,
      total,
      tax: Math.round((total * line.taxRate) / (10_000 + line.taxRate)),
    };
  });
}
