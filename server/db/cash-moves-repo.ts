import type { Executor } from './database.js';

/** A cash move to store: as the device made it, with the session it goes into and when it arrived. */
export interface NewCashMove {
  uuid: string;
  sessionId: number;
  deviceNumber: number;
  /** Signed minor units: positive in, negative out. */
  amount: number;
  reason: string;
  /** ISO 8601, the device's clock. */
  createdAt: string;
  /** The server's clock. */
  receivedAt: Date;
  /** Its place in its upload, so moves of one upload list in the order they were sent. */
  arrival: number;
}

/** A stored cash move; amounts in signed minor units, times ISO 8601. */
export interface StoredCashMove {
  uuid: string;
  sessionId: number;
  deviceNumber: number;
  amount: number;
  reason: string;
  createdAt: string;
  receivedAt: string;
}

/** Cash of a session that went through the drawer, minor units (see {@link cashTotals}). */
export interface CashTotals {
  /** Cash tendered by customers for sales (every cash payment as given, before change). */
  payments: number;
  /** Change handed back (the `amountReturn` of cash sales). */
  change: number;
  /** Cash given back for refunds (signed: 0 or less). */
  refunds: number;
  /** The cash moves, signed (in minus out). */
  moves: number;
}

/**
 * Inserts `moves` in one statement; a move whose uuid (lowercased) is stored already, by an
 * earlier upload or by another request at the same moment, is skipped (ON CONFLICT DO NOTHING),
 * never a unique violation. Returns the uuids (lowercased) stored now.
 */
export async function insertCashMoves(trx: Executor, moves: readonly NewCashMove[]): Promise<Set<string>> {
  if (moves.length === 0) return new Set();
  const rows = await trx
    .insertInto('cash_moves')
    .values(
      moves.map((m) => ({
        uuid: m.uuid.toLowerCase(),
        session_id: m.sessionId,
        device_number: m.deviceNumber,
        amount: m.amount,
        reason: m.reason,
        created_at: m.createdAt,
        received_at: m.receivedAt.toISOString(),
        arrival: m.arrival,
      })),
    )
    .onConflict((oc) => oc.column('uuid').doNothing())
    .returning('uuid')
    .execute();
  return new Set(rows.map((r) => r.uuid));
}

/** Which of `uuids` (lowercased) are stored already, in one query. */
export async function storedCashMoveUuids(db: Executor, uuids: readonly string[]): Promise<Set<string>> {
  if (uuids.length === 0) return new Set();
  const rows = await db
    .selectFrom('cash_moves')
    .select('uuid')
    .where('uuid', 'in', [...uuids])
    .execute();
  return new Set(rows.map((r) => r.uuid));
}

/**
 * The cash of session `sessionId` that went through its drawer, summed by the database, minor
 * units: cash tendered and change given over order_payments (change sits on each order's first
 * cash payment), cash given back for refunds (their payments are the negative ones: a sale's are
 * positive), and the signed sum of its cash moves. Orders rescued into the session are left out:
 * their cash was taken in the session they were sold in. With the counted opening float,
 * `expectedCash` gives what the drawer should hold. Zeros for a session without any.
 */
export async function cashTotals(db: Executor, sessionId: number): Promise<CashTotals> {
  const paid = await db
    .selectFrom('order_payments')
    .select((eb) => [
      eb.fn
        .coalesce(
          eb.fn.sum<number>(eb.case().when('amount', '>', 0).then(eb.ref('amount')).else(0).end()),
          eb.lit(0),
        )
        .as('payments'),
      eb.fn
        .coalesce(
          eb.fn.sum<number>(eb.case().when('amount', '<', 0).then(eb.ref('amount')).else(0).end()),
          eb.lit(0),
        )
        .as('refunds'),
      eb.fn.coalesce(eb.fn.sum<number>('change_given'), eb.lit(0)).as('change'),
    ])
    .where('session_id', '=', sessionId)
    .where('method', '=', 'cash')
    // A rescued order's cash went into the drawer of the session it was sold in and was counted
    // there (or in the next float): counting it here again would make this drawer look short.
    .where((eb) =>
      eb(
        'order_uuid',
        'not in',
        eb
          .selectFrom('orders')
          .select('uuid')
          .where('session_id', '=', sessionId)
          .where('original_session_id', 'is not', null),
      ),
    )
    .executeTakeFirstOrThrow();
  const moved = await db
    .selectFrom('cash_moves')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('moves'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return {
    payments: Number(paid.payments),
    change: Number(paid.change),
    refunds: Number(paid.refunds),
    moves: Number(moved.moves),
  };
}

/** The cash moves of session `sessionId`, in the order they arrived. */
export async function listCashMoves(db: Executor, sessionId: number): Promise<StoredCashMove[]> {
  const rows = await db
    .selectFrom('cash_moves')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('received_at')
    .orderBy('arrival')
    .orderBy('uuid')
    .execute();
  return rows.map((r) => ({
    uuid: r.uuid,
    sessionId: r.session_id,
    deviceNumber: r.device_number,
    amount: r.amount,
    reason: r.reason,
    createdAt: r.created_at,
    receivedAt: r.received_at,
  }));
}
