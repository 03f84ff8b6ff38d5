import { buildOrder, type OrderDraft } from '../domain/build-order.js';
import type { PosOrder } from '../domain/pos-order.js';
import type { notCountedBy, overRefundProblem } from '../domain/refund-draft.js';
import { isRefund } from '../domain/order-rules.js';
import { PosError } from '../domain/pos-error.js';
import { canCreateOrder } from '../domain/session-rules.js';
import type { Id } from '../domain/ids.js';
import { sameId } from '../domain/same-id.js';
import type { OutboxCounts } from '../domain/session-record.js';
import { unwrap, type IDBPTransaction } from 'idb';
import {
  isCashMove,
  META_STORE,
  ORDERS_STORE,
  SESSION_STORE,
  type EntryPatch,
  type OrderEntry,
  type OutboxEntry,
  type OutboxStatus,
  type PosDb,
  type PosDbSchema,
} from './db.js';
import { sequenceKey } from './meta-repo.js';

/**
 * Writes a new order to the outbox as `pending`, in ONE transaction over `orders`, `meta` and
 * `session` that awaits nothing but its own requests (no fetch, no crypto: the receipt shows only after it
 * committed): re-reads the stored state of the order's session and refuses unless it is `opened` (rule 1,
 * checked where the order is written, so a closure the worker stored but had not yet broadcast to this page
 * still stops the sale), reads the session's next sequence, builds the order (reference, totals)
 * synchronously, stores both with `durability: 'strict'`. Resolves with the entry only after the commit.
 * A refund (`draft.refund`) is checked in the same transaction against its original and every
 * refund of it the outbox holds, whatever their status, so two refunds of one order on this tablet
 * (two tabs, a double tap) can never give back more than was sold. An original this tablet does
 * not hold is taken as the server answered it (`draft.refund.fromServer`): what the server's
 * stored refunds took back, plus every refund of it in the outbox the server had not counted,
 * read in this same transaction, so the same guarantee holds for it on this tablet.
 * Throws PosError: `session_not_open`, `validation_failed` (bad cart or payments), `unknown_original`
 * (a refund whose original is neither in the outbox nor fetched from the server), `over_refund`, `storage_full`
 * (QuotaExceededError), `storage_failed` (any other write failure). `now` is device epoch ms.
 */
export async function addOrder(db: PosDb, draft: OrderDraft, now: number): Promise<OrderEntry> {
  let entry: OrderEntry | undefined;
  let tx:
    | IDBPTransaction<
        PosDbSchema,
        [typeof ORDERS_STORE, typeof META_STORE, typeof SESSION_STORE],
        'readwrite'
      >
    | undefined;
  // The refund rules load with the first refund, in their own chunk (a sale needs none of them),
  // and before the transaction: an await of anything but its own requests would let it commit.
  const refundRules = draft.refund ? await import('../domain/refund-draft.js') : null;
  try {
    tx = db.transaction([ORDERS_STORE, META_STORE, SESSION_STORE], 'readwrite', { durability: 'strict' });
    const key = sequenceKey(draft.sessionId);
    // Both reads go out together: one round trip to the database, not two (Pay to durable).
    const [record, stored] = await Promise.all([
      tx.objectStore(SESSION_STORE).get(draft.sessionId),
      tx.objectStore(META_STORE).get(key),
    ]);
    if (!record || !canCreateOrder(record.state)) {
      throw new PosError(
        'session_not_open',
        'The session is not open on this device: the sale was not saved.',
      );
    }
    if (refundRules) await checkRefund(tx.objectStore(ORDERS_STORE), draft, refundRules);
    const sequence = typeof stored === 'number' ? stored : 1;
    const order = buildOrder(draft, sequence);
    entry = {
      kind: 'order',
      uuid: order.uuid,
      sessionId: order.sessionId,
      status: 'pending',
      order,
      queuedAt: now,
      attempts: 0,
      lastAttemptAt: null,
      lastError: null,
      syncedAt: null,
      landedSessionId: null,
      ...(draft.refund ? { refundOfReference: draft.refund.reference } : {}),
    };
    // A failed request also fails `tx.done`, which reports it; without the catch the request's own
    // rejection would be unhandled.
    tx.objectStore(META_STORE)
      .put(sequence + 1, key)
      .catch(() => undefined);
    tx.objectStore(ORDERS_STORE)
      .add(entry)
      .catch(() => undefined);
    // Nothing else goes in: committing now spares the round trip of waiting for both writes'
    // answers before the commit is asked (a failed write still aborts the whole transaction).
    try {
      tx.commit();
    } catch {
      // Already aborted (a write failed at once): `tx.done` rejects with the reason.
    }
    await tx.done;
  } catch (error) {
    // A request that threw synchronously would otherwise let the rest commit (the sequence
    // without its order): abort so the sale leaves no trace. Aborting a finished one throws.
    try {
      tx?.done.catch(() => undefined);
      tx?.abort();
    } catch {
      // already committed or aborted
    }
    throw toStorageError(error);
  }
  return entry;
}

/**
 * Why an order of the outbox cannot be refunded by a refund made in session `sessionId`: it is a
 * refund itself; the server refused it, or it is held (its session closed before it was sent), or
 * it is waiting to be sent from a session that is no longer the till's (closed before it was sent:
 * the next flush holds it). The last three are not on the server and may never be, so a refund of
 * them would be refused there (`unknown_original`) after the money went back.
 */
export type RefundBar = 'refund' | 'rejected' | 'held' | 'unsent';

/** Which {@link RefundBar} keeps `original` from a refund in session `sessionId`, or null. */
export function refundBar(original: OrderEntry, sessionId: Id): RefundBar | null {
  if (isRefund(original.order)) return 'refund';
  if (original.status === 'rejected') return 'rejected';
  if (original.status === 'held') return 'held';
  if (original.status === 'pending' && !sameId(original.sessionId, sessionId)) return 'unsent';
  return null;
}

/** The orders store as a refund's transaction sees it. */
/** What the refund check uses of src/domain/refund-draft.ts (loaded at the first refund). */
interface RefundRules {
  notCountedBy: typeof notCountedBy;
  overRefundProblem: typeof overRefundProblem;
}

interface OrdersReader {
  getAll(): Promise<OutboxEntry[]>;
}

/**
 * Refuses the refund `draft` unless its original is in the outbox and may be refunded (see
 * refundBar: else `unknown_original`), or was fetched from the server
 * (`draft.refund.fromServer`), and every line fits what the original has left after the refunds
 * of it the outbox holds (and, for a fetched one, those the server had stored; see
 * overRefundProblem). Reads the whole store (a refund may be of an order of an earlier session,
 * its earlier refunds in any session): the retention keeps it to days of orders, and a refund is
 * rare.
 */
async function checkRefund(
  orders: OrdersReader,
  draft: OrderDraft,
  { notCountedBy, overRefundProblem }: RefundRules,
): Promise<void> {
  const uuid = draft.refund?.uuid ?? '';
  const all = await orders.getAll();
  const original = all.find((e) => e.uuid === uuid);
  const earlier: PosOrder[] = all.flatMap((e) => (isCashMove(e) ? [] : [e.order]));
  let problem: string | null;
  if (original && !isCashMove(original)) {
    // Checked here, in the transaction that writes the refund: a sale held since the panel opened
    // is refused too.
    const bar = refundBar(original, draft.sessionId);
    if (bar)
      throw new PosError(
        'unknown_original',
        `Order ${original.order.reference} cannot be refunded (${bar}): nothing was saved.`,
      );
    problem = overRefundProblem(original.order, draft.lines, earlier);
  } else if (draft.refund?.fromServer) {
    const { order, refunded, counted } = draft.refund.fromServer;
    problem = overRefundProblem(order, draft.lines, notCountedBy(earlier, counted), refunded);
  } else {
    throw new PosError('unknown_original', 'The order to refund is not on this device: nothing was saved.');
  }
  if (problem) throw new PosError('over_refund', `${problem}: nothing was saved.`);
}

/** Maps an IndexedDB failure to a PosError the cashier can read; PosErrors pass through. */
export function toStorageError(error: unknown): PosError {
  if (error instanceof PosError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return new PosError('storage_full', 'The device storage is full: the sale was not saved.');
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new PosError(
    'storage_failed',
    `The sale could not be saved on this device (${name || 'error'}: ${detail}).`,
  );
}

/**
 * Entries with `status`, oldest first (by `queuedAt`, then uuid), at most `limit`, queued at `from`
 * (device ms) or later. Reads the compound `[status, queuedAt]` index so a flush of 10,000 queued
 * orders reads them a batch at a time, each read starting where the last one ended.
 */
export async function listByStatus(
  db: PosDb,
  status: OutboxStatus,
  limit?: number,
  from = -Infinity,
): Promise<OutboxEntry[]> {
  return db.getAllFromIndex(ORDERS_STORE, 'statusQueuedAt', statusRange(status, from), limit);
}

/** Entries of one session, oldest first. */
export async function listBySession(db: PosDb, sessionId: Id): Promise<OutboxEntry[]> {
  const entries = await db.getAllFromIndex(ORDERS_STORE, 'sessionId', sessionId);
  return entries.sort((a, b) => a.queuedAt - b.queuedAt);
}

/** Every entry of the outbox, of every session, status and kind (a refund looks for its original and its earlier refunds). */
export async function listAll(db: PosDb): Promise<OutboxEntry[]> {
  return db.getAll(ORDERS_STORE);
}

/** One entry, or undefined. */
export async function getEntry(db: PosDb, uuid: string): Promise<OutboxEntry | undefined> {
  return db.get(ORDERS_STORE, uuid);
}

/** The keys of `statusQueuedAt` of the entries with `status` queued from `from` to `to` (device ms), both included. */
function statusRange(status: OutboxStatus, from = -Infinity, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([status, from], [status, to]);
}

/** How many entries are in each status. */
export async function countByStatus(db: PosDb): Promise<OutboxCounts> {
  const tx = db.transaction(ORDERS_STORE);
  const index = tx.store.index('statusQueuedAt');
  const [pending, synced, held, rejected] = await Promise.all([
    index.count(statusRange('pending')),
    index.count(statusRange('synced')),
    index.count(statusRange('held')),
    index.count(statusRange('rejected')),
  ]);
  await tx.done;
  return { pending, synced, held, rejected };
}

/**
 * Applies updates to existing entries in ONE transaction (a batch's results). Each
 * update is merged into the stored entry; an entry that vanished is skipped. Never deletes.
 */
export async function updateEntries(
  db: PosDb,
  updates: readonly { uuid: string; patch: EntryPatch }[],
): Promise<void> {
  const tx = db.transaction(ORDERS_STORE, 'readwrite', { durability: 'strict' });
  await Promise.all([
    ...updates.map(async ({ uuid, patch }) => {
      const current = await tx.store.get(uuid);
      if (current) await tx.store.put({ ...current, ...patch });
    }),
    tx.done,
  ]);
}

/**
 * Stores whole entries as given, in ONE transaction (strict unless told), without reading them
 * first: for the
 * flusher, which read them itself and holds the outbox lock, so no other runner changes a pending
 * entry meanwhile (sales add new ones, rescues touch held ones, retention synced ones). About a
 * third faster than {@link updateEntries} for a batch of 100. Never deletes. The puts are the
 * store's own, without a promise each (500 of them are the flusher's largest work between two
 * requests): a failed one aborts the transaction, which rejects.
 */
export async function writeEntries(
  db: PosDb,
  entries: readonly OutboxEntry[],
  durability: IDBTransactionDurability = 'strict',
): Promise<void> {
  const tx = db.transaction(ORDERS_STORE, 'readwrite', { durability });
  const store = unwrap(tx.store);
  for (const entry of entries) store.put(entry);
  await tx.done;
}

/**
 * Makes every `synced` entry `pending` again and `resent` (its confirmation forgotten: `syncedAt`
 * and `landedSessionId` null; attempts and times kept) and forgets `lastSyncedUuid`, in ONE
 * transaction, and resolves with how many. For a server that lost what it had confirmed (its data
 * restored from an older copy): the next flush sends them again, even those of a session this
 * device knows closed, and the server accepts each once (one it still has answers `duplicate`;
 * one of a session closed there is held, as any order of a closed session; one of a session the
 * server no longer knows is held without being sent, as ever). Entries retention already deleted
 * cannot come back.
 */
export async function resendSynced(db: PosDb): Promise<number> {
  const tx = db.transaction([ORDERS_STORE, META_STORE], 'readwrite');
  const synced = await tx.objectStore(ORDERS_STORE).index('statusQueuedAt').getAll(statusRange('synced'));
  const orders = unwrap(tx.objectStore(ORDERS_STORE));
  for (const entry of synced)
    orders.put({ ...entry, status: 'pending', syncedAt: null, landedSessionId: null, resent: true });
  unwrap(tx.objectStore(META_STORE)).delete('lastSyncedUuid');
  await tx.done;
  return synced.length;
}

/**
 * Deletes `synced` entries the server confirmed (`syncedAt`, device ms) at or before `cutoff`, in
 * ONE transaction, and resolves with how many went. Reads the synced entries queued at or before
 * `cutoff` (`statusQueuedAt`: an entry is confirmed after it was queued, so every one confirmed
 * by then is among them) and checks each one again, so a `pending`, `held` or `rejected` entry
 * (or one never confirmed, or confirmed later) is never deleted (rule 4). One confirmed by a
 * clock set back to before its queuing waits until its queuing time is past the cutoff: kept
 * longer, never lost.
 */
export async function pruneSyncedBefore(db: PosDb, cutoff: number): Promise<number> {
  const tx = db.transaction(ORDERS_STORE, 'readwrite');
  let deleted = 0;
  let cursor = await tx.store.index('statusQueuedAt').openCursor(statusRange('synced', -Infinity, cutoff));
  while (cursor) {
    const { status, syncedAt } = cursor.value;
    if (status === 'synced' && typeof syncedAt === 'number' && syncedAt <= cutoff) {
      cursor.delete().catch(() => undefined);
      deleted += 1;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return deleted;
}
