import type { PosOrder } from '../../src/domain/pos-order.js';
import type { Db } from './open-database.js';

/** True when an order with this uuid is stored (in any session; uuids compare case-insensitively). */
export function hasOrder(db: Db, uuid: string): boolean {
  return db.prepare('SELECT 1 FROM orders WHERE uuid = ?').get(uuid) !== undefined;
}

/** The uuid of the stored order holding `reference`, or undefined. */
export function referenceOwner(db: Db, reference: string): string | undefined {
  const row = db.prepare('SELECT uuid FROM orders WHERE reference = ?').get(reference) as { uuid: string } | undefined;
  return row?.uuid;
}

/** Where and when an accepted order is stored. */
export interface Placement {
  sessionId: number;
  receivedAt: Date;
  /** The closed session a rescued order was made in; null for a normal upload. */
  originalSessionId: number | null;
}

/** Stores an accepted order (full JSON plus indexed columns). Call inside the batch transaction. */
export function insertOrder(db: Db, order: PosOrder, placement: Placement): void {
  db.prepare(
    `INSERT INTO orders (uuid, session_id, reference, amount_total, created_at, received_at, original_session_id, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    order.uuid,
    placement.sessionId,
    order.reference,
    order.amountTotal,
    order.createdAt,
    placement.receivedAt.toISOString(),
    placement.originalSessionId,
    JSON.stringify(order),
  );
}

/**
 * Orders stored in session `sessionId`, as stored, by received time (then arrival in a batch).
 * With `limit`, only the `limit` received last (still oldest first): a live view of a long session
 * reads the newest page instead of every order (2,000 orders are about 1 MB of JSON).
 */
export function listOrders(db: Db, sessionId: number, limit?: number): PosOrder[] {
  const rows = (
    limit === undefined
      ? db.prepare('SELECT body FROM orders WHERE session_id = ? ORDER BY received_at, rowid').all(sessionId)
      : db.prepare('SELECT body FROM (SELECT body, received_at, rowid AS r FROM orders WHERE session_id = ? ORDER BY received_at DESC, rowid DESC LIMIT ?) ORDER BY received_at, r').all(sessionId, limit)
  ) as { body: string }[];
  return rows.map((r) => JSON.parse(r.body) as PosOrder);
}
