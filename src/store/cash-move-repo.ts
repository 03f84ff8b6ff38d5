import type { CashMove } from '../domain/cash.js';
import { loadTillSchemas } from '../domain/load-till-schemas.js';
import { PosError } from '../domain/pos-error.js';
import { canCreateOrder } from '../domain/session-rules.js';
import { ORDERS_STORE, SESSION_STORE, type CashMoveEntry, type PosDb } from './db.js';
import { toStorageError } from './outbox-repo.js';

/**
 * Writes a new cash move to the outbox as `pending`, as {@link addOrder} writes a sale: ONE strict
 * transaction over `orders` and `session` that awaits nothing but its own requests, re-reads the
 * stored state of the move's session and refuses unless it is `opened` (rule 1: cash moves while
 * the register is open, as new orders), and resolves only after the commit, so the till confirms
 * a move only once it is durable. `currency` is the config's (kept beside the move for the Held
 * orders area); `now` is device epoch ms (`queuedAt`, which orders the flush). Throws PosError:
 * `validation_failed` (a move CashMoveSchema refuses; nothing written), `session_not_open`,
 * `storage_full`, `storage_failed`. The schema comes from the till's schemas chunk
 * (loadTillSchemas), awaited before the transaction opens; if that chunk cannot be loaded its
 * error is thrown and nothing is written.
 */
export async function addCashMove(
  db: PosDb,
  move: CashMove,
  currency: string,
  now: number,
): Promise<CashMoveEntry> {
  const { CashMoveSchema } = await loadTillSchemas();
  const parsed = CashMoveSchema.safeParse(move);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new PosError('validation_failed', `The cash move is not valid (${field}).`, undefined, {
      field,
    });
  }
  const entry: CashMoveEntry = {
    kind: 'cash-move',
    uuid: parsed.data.uuid,
    sessionId: parsed.data.sessionId,
    status: 'pending',
    move: parsed.data,
    currency,
    queuedAt: now,
    attempts: 0,
    lastAttemptAt: null,
    lastError: null,
    syncedAt: null,
    landedSessionId: null,
  };
  const tx = db.transaction([ORDERS_STORE, SESSION_STORE], 'readwrite', { durability: 'strict' });
  try {
    const record = await tx.objectStore(SESSION_STORE).get(entry.sessionId);
    if (!record || !canCreateOrder(record.state)) {
      throw new PosError(
        'session_not_open',
        'The session is not open on this device: the cash move was not saved.',
      );
    }
    tx.objectStore(ORDERS_STORE)
      .add(entry)
      .catch(() => undefined); // reported by tx.done
    await tx.done;
  } catch (error) {
    try {
      tx.done.catch(() => undefined);
      tx.abort();
    } catch {
      // already committed or aborted
    }
    throw toStorageError(error);
  }
  return entry;
}
