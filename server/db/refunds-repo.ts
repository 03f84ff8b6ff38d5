import type { Executor } from './database.js';

/** A stored order a refund names: its uuid (lowercased), reference, config, and whether it is a refund itself. */
export interface StoredOriginal {
  uuid: string;
  reference: string;
  configId: number;
  /** 1 when the order is itself a refund (a refund of it is refused). */
  refund: number;
}

/**
 * Units of one line identity of an order (refundLineKey in pos-order.ts: product, unit price,
 * discount and tax rate), summed: sold on an original (positive), or refunded of it (negative).
 */
export interface LineUnits {
  /** The original order's uuid (lowercased). */
  original: string;
  productId: number;
  unitPrice: number;
  discount: number;
  taxRate: number;
  quantity: number;
}

/**
 * The stored orders `uuids` (lowercased) with their config, locked `FOR NO KEY UPDATE` in uuid
 * order until the transaction `trx` ends (PostgreSQL; SQLite has one writer). The race it closes:
 * two uploads refunding the same original at once (two tablets) would each read the refunds
 * stored so far, each find enough left, and together give back more than was sold; with the lock
 * the second waits until the first commits and then reads its refund. `NO KEY`: rows that only
 * reference the original need not wait. In uuid order, so two uploads never wait crosswise.
 */
export async function lockRefundOriginals(
  trx: Executor,
  uuids: readonly string[],
): Promise<StoredOriginal[]> {
  if (uuids.length === 0) return [];
  return trx
    .selectFrom('orders as o')
    .innerJoin('sessions as s', 's.id', 'o.session_id')
    .select(['o.uuid', 'o.reference', 'o.refund', 's.config_id as configId'])
    .where('o.uuid', 'in', [...uuids])
    .orderBy('o.uuid')
    .forNoKeyUpdate('o')
    .execute();
}

/**
 * Units by line identity of each of the orders `uuids` (lowercased), summed, in one query: `sold`,
 * what each sold (positive); `refunded`, what every stored refund naming it took back (negative),
 * the refunds `excluding` (lowercased uuids) left out. The two differ only in which column names
 * the original: the line's own order, or the refund_of of the refund it is on. Every stored
 * refund naming an original is of the original's config (RefundLedger accepts no other), so none
 * is filtered out by config. Read after lockRefundOriginals, so it sees every refund committed
 * before the lock was granted.
 */
export async function lineUnits(
  db: Executor,
  kind: 'sold' | 'refunded',
  uuids: readonly string[],
  excluding: readonly string[] = [],
): Promise<LineUnits[]> {
  if (uuids.length === 0) return [];
  const original = kind === 'sold' ? 'o.uuid' : 'o.refund_of';
  const rows = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.uuid', 'l.order_uuid')
    .select((eb) => [
      eb.ref(original).as('original'),
      'l.product_id as productId',
      'l.unit_price as unitPrice',
      'l.discount',
      'l.tax_rate as taxRate',
      eb.fn.sum<number>('l.quantity').as('quantity'),
    ])
    .where(original, 'in', [...uuids])
    .$if(excluding.length > 0, (qb) => qb.where('o.uuid', 'not in', [...excluding]))
    .groupBy([original, 'l.product_id', 'l.unit_price', 'l.discount', 'l.tax_rate'])
    .execute();
  return rows.map((r) => ({ ...r, original: r.original ?? '', quantity: Number(r.quantity) }));
}

/** The references of the orders `uuids` (lowercased), by uuid: the originals the orders CSV names. */
export async function referencesOf(db: Executor, uuids: readonly string[]): Promise<Map<string, string>> {
  if (uuids.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .select(['uuid', 'reference'])
    .where('uuid', 'in', [...uuids])
    .execute();
  return new Map(rows.map((r) => [r.uuid, r.reference]));
}

/** An order found by its reference: its uuid (lowercased) and its JSON as stored. */
export interface OrderByReference {
  uuid: string;
  body: string;
}

/**
 * The stored order whose reference is `reference`, of config `configId` (a device's own; null for
 * the admin: any config), or undefined. References are unique among stored orders.
 */
export async function findOrderByReference(
  db: Executor,
  reference: string,
  configId: number | null,
): Promise<OrderByReference | undefined> {
  return db
    .selectFrom('orders as o')
    .innerJoin('sessions as s', 's.id', 'o.session_id')
    .select(['o.uuid', 'o.body'])
    .where('o.reference', '=', reference)
    .$if(configId !== null, (qb) => qb.where('s.config_id', '=', configId ?? 0))
    .executeTakeFirst();
}

/** One line of a stored refund: the refund's uuid (lowercased), the line's identity and its units (negative). */
export interface RefundLine {
  refund: string;
  productId: number;
  unitPrice: number;
  discount: number;
  taxRate: number;
  quantity: number;
}

/**
 * Every line of the stored refunds that name `original` (lowercased; all of its config, as
 * lineUnits says), oldest refund first, in one query: what they took back and which refunds
 * they are come from the same snapshot, so a refund stored meanwhile is in both or in neither.
 */
export async function refundLinesOf(db: Executor, original: string): Promise<RefundLine[]> {
  const rows = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.uuid', 'l.order_uuid')
    .select([
      'o.uuid as refund',
      'l.product_id as productId',
      'l.unit_price as unitPrice',
      'l.discount',
      'l.tax_rate as taxRate',
      'l.quantity',
    ])
    .where('o.refund_of', '=', original)
    .orderBy('o.received_at')
    .orderBy('o.arrival')
    .orderBy('o.uuid')
    .orderBy('l.position')
    .execute();
  return rows.map((r) => ({
    refund: r.refund,
    productId: Number(r.productId),
    unitPrice: Number(r.unitPrice),
    discount: Number(r.discount),
    taxRate: Number(r.taxRate),
    quantity: Number(r.quantity),
  }));
}
