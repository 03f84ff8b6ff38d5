import type { MethodTotal } from '../../src/domain/api/sessions.js';
import { includedTax, lineTotal } from '../../src/domain/order-totals.js';
import { isRefund, type PosOrder } from '../../src/domain/pos-order.js';
import type { Executor } from './database.js';
import { storedCashMoveUuids } from './cash-moves-repo.js';

/** Payment rows per INSERT: 6 parameters a row stays well below SQLite's 32,766 a statement. */
const PAYMENT_ROWS_PER_INSERT = 1_000;
/** Line rows per INSERT: 12 parameters a row. */
const LINE_ROWS_PER_INSERT = 1_000;

/** An order already stored: its uuid (lowercased) and reference. */
export interface StoredOrder {
  uuid: string;
  reference: string;
}

/**
 * The stored orders whose uuid is one of `uuids` (lowercased) or whose reference is one of
 * `references`, in one query: what an upload's orders are checked against.
 */
export async function findStoredOrders(
  db: Executor,
  uuids: readonly string[],
  references: readonly string[],
): Promise<StoredOrder[]> {
  return db
    .selectFrom('orders')
    .select(['uuid', 'reference'])
    .where((eb) => eb.or([eb('uuid', 'in', [...uuids]), eb('reference', 'in', [...references])]))
    .execute();
}

/**
 * True when an order or a cash move with `uuid` (any case) is stored: a device's check asks
 * whether the last entry the server confirmed to it is still there (after a restore from an
 * older copy it is not). Two lookups by primary key.
 */
export async function isEntryStored(db: Executor, uuid: string): Promise<boolean> {
  const key = uuid.toLowerCase();
  const order = await db.selectFrom('orders').select('uuid').where('uuid', '=', key).executeTakeFirst();
  return order !== undefined || (await storedCashMoveUuids(db, [key])).has(key);
}

/** An accepted order and where it goes: its session, when it came, and its place in its upload. */
export interface NewOrder {
  order: PosOrder;
  sessionId: number;
  receivedAt: Date;
  /** The closed session a rescued order was made in; null for a normal upload. */
  originalSessionId: number | null;
  /** Its place in its upload: orders received in the same millisecond are listed in this order. */
  arrival: number;
}

/**
 * Stores `orders` (full JSON plus the searched columns, uuid and refundOf lowercased) in ONE multi-row insert
 * that skips any order whose uuid or reference is stored already, also by another request at the
 * same moment (`ON CONFLICT DO NOTHING`: never a unique violation), then the payments of those it
 * stored. At most 500 orders (one upload). Returns the (lowercased) uuids it stored.
 */
export async function insertOrders(trx: Executor, orders: readonly NewOrder[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const inserted = await trx
    .insertInto('orders')
    .values(
      orders.map(({ order, sessionId, receivedAt, originalSessionId, arrival }) => ({
        uuid: order.uuid.toLowerCase(),
        session_id: sessionId,
        reference: order.reference,
        amount_total: order.amountTotal,
        amount_tax: order.amountTax,
        device_number: order.deviceNumber,
        created_at: order.createdAt,
        received_at: receivedAt.toISOString(),
        original_session_id: originalSessionId,
        body: JSON.stringify(order),
        arrival,
        refund: isRefund(order) ? 1 : 0,
        refund_of: order.refundOf?.toLowerCase() ?? null,
        refund_reason: order.reason ?? null,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('uuid')
    .execute();
  const stored = new Set(inserted.map((r) => r.uuid));
  const payments = orders
    .filter((o) => stored.has(o.order.uuid.toLowerCase()))
    .flatMap((o) => paymentRows(o.order, o.sessionId));
  for (let i = 0; i < payments.length; i += PAYMENT_ROWS_PER_INSERT) {
    await trx
      .insertInto('order_payments')
      .values(payments.slice(i, i + PAYMENT_ROWS_PER_INSERT))
      .execute();
  }
  const lines = orders
    .filter((o) => stored.has(o.order.uuid.toLowerCase()))
    .flatMap((o) => lineRows(o.order, o.sessionId));
  for (let i = 0; i < lines.length; i += LINE_ROWS_PER_INSERT) {
    await trx
      .insertInto('order_lines')
      .values(lines.slice(i, i + LINE_ROWS_PER_INSERT))
      .execute();
  }
  return stored;
}

/**
 * The order_payments rows of `order` stored in session `sessionId`: one per payment, the order's
 * change (`amountReturn`) on its first cash payment (change comes out of cash only, once).
 */
export function paymentRows(order: PosOrder, sessionId: number) {
  const firstCash = order.payments.findIndex((p) => p.method === 'cash');
  return order.payments.map((p, position) => ({
    order_uuid: order.uuid.toLowerCase(),
    position,
    session_id: sessionId,
    method: p.method,
    amount: p.amount,
    change_given: position === firstCash ? order.amountReturn : 0,
  }));
}

/**
 * The order_lines rows of `order` stored in session `sessionId`: each line with its tax-included
 * total after discount, the tax inside it and the discount taken off (minor units), computed by
 * the same functions as the till's totals, which the server has checked the order against.
 */
export function lineRows(order: PosOrder, sessionId: number) {
  return order.lines.map((line, position) => {
    const total = lineTotal(line);
    return {
      order_uuid: order.uuid.toLowerCase(),
      position,
      session_id: sessionId,
      // The order was checked against the config's catalog, whose ids are the server's integers.
      product_id: Number(line.productId),
      name: line.name,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      tax_rate: line.taxRate,
      discount: line.discount,
      discount_amount: line.unitPrice * line.quantity - total,
      total,
      tax: includedTax(total, line.taxRate),
    };
  });
}

/**
 * Orders stored in session `sessionId`, as stored, by received time (then their place in their
 * upload). With `limit`, only the `limit` received last (still oldest first): a live view of a
 * long session reads the newest page instead of every order (2,000 orders are about 1 MB of JSON).
 */
export async function listOrders(db: Executor, sessionId: number, limit?: number): Promise<PosOrder[]> {
  if (limit === undefined) {
    const rows = await db
      .selectFrom('orders')
      .select('body')
      .where('session_id', '=', sessionId)
      .orderBy('received_at')
      .orderBy('arrival')
      .orderBy('uuid')
      .execute();
    return rows.map((r) => JSON.parse(r.body) as PosOrder);
  }
  const newest = await db
    .selectFrom('orders')
    .select('body')
    .where('session_id', '=', sessionId)
    .orderBy('received_at', 'desc')
    .orderBy('arrival', 'desc')
    .orderBy('uuid', 'desc')
    .limit(limit)
    .execute();
  return newest.reverse().map((r) => JSON.parse(r.body) as PosOrder);
}

/** Order count and total (minor units) of one session. */
export interface SessionTotals {
  orderCount: number;
  amountTotal: number;
}

/** Count and tax-included total (minor units) of the orders of each session of `sessionIds` (zeros for one without orders). */
export async function sessionTotalsOf(
  db: Executor,
  sessionIds: readonly number[],
): Promise<Map<number, SessionTotals>> {
  const rows = await db
    .selectFrom('orders')
    .select((eb) => [
      'session_id',
      eb.fn.countAll<number>().as('orderCount'),
      eb.fn.sum<number>('amount_total').as('amountTotal'),
    ])
    .where('session_id', 'in', [...sessionIds])
    .groupBy('session_id')
    .execute();
  const totals = new Map(sessionIds.map((id) => [id, { orderCount: 0, amountTotal: 0 }]));
  for (const r of rows) totals.set(r.session_id, { orderCount: r.orderCount, amountTotal: r.amountTotal });
  return totals;
}

/** How many orders were rescued into session `sessionId`, and how many out of it (made in it, stored elsewhere). */
export async function rescuedCounts(
  db: Executor,
  sessionId: number,
): Promise<{ rescuedIn: number; rescuedOut: number }> {
  const count = (column: 'session_id' | 'original_session_id', rescuedIn: boolean) =>
    db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', sessionId)
      .$if(rescuedIn, (qb) => qb.where('original_session_id', 'is not', null))
      .executeTakeFirstOrThrow();
  const into = await count('session_id', true);
  const out = await count('original_session_id', false);
  return { rescuedIn: into.n, rescuedOut: out.n };
}

/**
 * Totals by payment method of session `sessionId`, by method name, summed by the database over
 * order_payments (no order is parsed in JavaScript: the back office asks every 10 s, and a long
 * session holds thousands). Cash is net of the change given (paymentRows).
 */
export async function paymentTotals(db: Executor, sessionId: number): Promise<MethodTotal[]> {
  const rows = await db
    .selectFrom('order_payments')
    .select((eb) => [
      'method',
      eb.fn.sum<number>('amount').as('paid'),
      eb.fn.sum<number>('change_given').as('change'),
      eb.fn.countAll<number>().as('count'),
    ])
    .where('session_id', '=', sessionId)
    .groupBy('method')
    .execute();
  return rows
    .map((r) => ({ method: r.method, amount: r.paid - r.change, count: r.count }))
    .sort((a, b) => a.method.localeCompare(b.method));
}
