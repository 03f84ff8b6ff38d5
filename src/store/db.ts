import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type StoreNames } from 'idb';
import type { CashMove } from '../domain/cash.js';
import type { Id } from '../domain/ids.js';
import type { ManagerPinHash } from '../domain/manager-pin.js';
import type { DeviceUnpaired } from '../domain/pairing.js';
import type { PosOrder } from '../domain/pos-order.js';
import type { Product } from '../domain/product.js';
import type { SessionRecord } from '../domain/session-record.js';

/** Name of the one IndexedDB database of pos-shell, shared by the page and the service worker. */
export const DB_NAME = 'pos-shell';
/**
 * Schema version; bump it and add a branch to `upgrade` for every change. 1: the four stores.
 * 2: index `statusSyncedAt` on orders (retention prunes confirmed entries by confirmation time).
 * 3: the catalog is one record (`CATALOG_KEY`) instead of one record per product.
 * 4: every outbox entry carries its `kind` (`order` or `cash-move`); entries stored before it are
 * orders and get `kind: 'order'` in the upgrade.
 * 5: no index `status`: `statusQueuedAt` answers every question it did (a count of one status is
 * a count of its key range), and each index is rewritten at every status change, which a flush
 * makes 10,000 times.
 * 6: no index `statusSyncedAt`: retention reads the synced entries by `statusQueuedAt` (an order is
 * confirmed after it was queued, so one confirmed before a time was queued before it), and a
 * flush rewrote this index too for each of the entries it confirms.
 */
export const DB_VERSION = 6;

export const ORDERS_STORE = 'orders';
export const SESSION_STORE = 'session';
export const CATALOG_STORE = 'catalog';
export const META_STORE = 'meta';
/**
 * The key of the one record of {@link CATALOG_STORE}: every product of the stored catalog, as one
 * array. Written or read as one value, 5,000 products take milliseconds; as 5,000 records (a put
 * each, one getAll) they took most of a second, on the refresh of an open till and on the first
 * render (bench/catalog.bench.ts).
 */
export const CATALOG_KEY = 'products';

export const OUTBOX_STATUSES = ['pending', 'synced', 'held', 'rejected'] as const;
/** pending: to send · synced: confirmed · held: session closed, waits for rescue · rejected: refused. */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What an outbox entry carries: a sale, or cash put into or taken out of the drawer. */
export const OUTBOX_KINDS = ['order', 'cash-move'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * The delivery state every outbox entry has, whatever it carries. Times are device epoch ms.
 * `sessionId` is the entry's session, copied for the index.
 */
export interface OutboxEntryBase {
  uuid: string;
  sessionId: Id;
  status: OutboxStatus;
  queuedAt: number;
  attempts: number;
  lastAttemptAt: number | null;
  /** Why the last attempt failed, or why the entry is held or rejected. */
  lastError: { code: string; message: string } | null;
  /** Device time (ms) the server confirmed it. */
  syncedAt: number | null;
  /** Session the server filed it in, when not its own (after a rescue). */
  landedSessionId: Id | null;
  /**
   * True once the server confirmed it and then lost it (restored from an older copy: see
   * resendSynced): it is sent again even when its session is known closed on this device, since
   * the server answers `duplicate` for what it has before looking at the session. Absent otherwise.
   */
  resent?: boolean;
}

/** An order in the outbox: the order exactly as it will be sent, and its delivery state. */
export interface OrderEntry extends OutboxEntryBase {
  kind: 'order';
  order: PosOrder;
  /**
   * A refund: the reference of the order it refunds, for its receipt ("Refund of order …"); the
   * order itself names the original by uuid only. Never sent. Absent on a sale.
   */
  refundOfReference?: string;
}

/**
 * A cash move in the outbox: the move exactly as it will be sent (`POST /api/cash-moves`), the
 * config's currency at the time (the move itself carries none; the Held orders area shows the
 * amount with it), and its delivery state.
 */
export interface CashMoveEntry extends OutboxEntryBase {
  kind: 'cash-move';
  move: CashMove;
  currency: string;
}

/**
 * One outbox entry. Orders and cash moves share one store, so one flush, one lock, one backoff,
 * one index in the order they were made, and one pending/held count serve both (see
 * `src/sync/flush-outbox.ts`); `kind` tells them apart.
 */
export type OutboxEntry = OrderEntry | CashMoveEntry;

/**
 * True for a cash move. Anything else is an order: entries stored before kinds existed are
 * orders (the version 4 upgrade marks them), and an entry written without a kind by an older tool
 * stays one rather than be left out of a flush.
 */
export function isCashMove(entry: OutboxEntry): entry is CashMoveEntry {
  return entry.kind === 'cash-move';
}

/** A change to an outbox entry's delivery state: never its uuid, kind, order or move. */
export type EntryPatch = Partial<Omit<OutboxEntryBase, 'uuid'>>;

/** Keys of the `meta` store and the type of their values. */
export interface MetaValues {
  /** The server's id of this tablet (from `POST /api/pair`); kept after a re-pair (same device). */
  deviceId: string;
  deviceNumber: number;
  configId: Id;
  /** The device token of this tablet (docs/ACCESS.md), sent as `Authorization: Bearer`. */
  deviceToken: string;
  /**
   * Set when the server answered 401 (`device_revoked` or `unauthorized`) to a request that carried
   * {@link deviceToken} (device ms `at`): the till shows "This device was unpaired" and makes no
   * sale until it is paired again, which clears it. Orders stay in the outbox.
   */
  deviceUnpaired: DeviceUnpaired;
  currentSessionId: Id;
  currency: string;
  configName: string;
  /**
   * Device time (ms) before which heartbeat-driven flushes wait after a failed upload, so retries back off.
   */
  flushRetryAt: number;
  /** Failed uploads in a row; drives the flush backoff. Cleared by a successful batch. */
  flushFailures: number;
  /**
   * Why the last upload failed (device ms `at`); cleared when a batch gets through; shown while uploads fail.
   */
  flushLastError: { code: string; message: string; at: number };
  /** The config's retention of `synced` entries, days; default 7 when never stored. */
  syncedRetentionDays: number;
  /** Device time (ms) of the last prune of `synced` entries (at most one an hour). */
  lastPrunedAt: number;
  /**
   * The uuid of the last entry the server confirmed (written by the flush): each session check
   * names it, and a server that no longer has it (its data restored from an older copy) makes the
   * till send its synced entries again (resendSynced).
   */
  lastSyncedUuid: string;
  /** The config's manager PIN hash (PBKDF2), null when no PIN is set (Held orders area). */
  managerPinHash: ManagerPinHash | null;
  /**
   * The catalog version (the server's `catalogVersion`, a positive integer) of the products in the
   * `catalog` store, and the config it is of; written in the transaction that writes the products.
   * Absent when the catalog was stored without one (an older build, an older server).
   */
  catalogVersion: { configId: Id; version: number };
  /** Next order sequence per session: key `seq:<sessionId>`. */
  [seqKey: `seq:${string}`]: number;
}
export type MetaKey = Extract<keyof MetaValues, string>;

export interface PosDbSchema extends DBSchema {
  [ORDERS_STORE]: {
    key: string;
    value: OutboxEntry;
    /**
     * `statusQueuedAt` reads "the oldest N pending" without loading every pending entry, and
     * retention the synced ones queued before a time.
     */
    indexes: {
      sessionId: Id;
      statusQueuedAt: [OutboxStatus, number];
    };
  };
  [SESSION_STORE]: { key: Id; value: SessionRecord };
  [CATALOG_STORE]: { key: typeof CATALOG_KEY; value: Product[] };
  [META_STORE]: { key: string; value: unknown };
}

export type PosDb = IDBPDatabase<PosDbSchema>;

/**
 * Turns the catalog store of versions 1 and 2 (one record per product, keyed by id) into one
 * record under {@link CATALOG_KEY}, the products kept in the order of their keys (the order the
 * old store gave them in). A failed read aborts the upgrade, so nothing is lost.
 */
function catalogAsOneRecord(database: IDBDatabase, tx: IDBTransaction): void {
  const read = tx.objectStore(CATALOG_STORE).getAll();
  read.onsuccess = () => {
    const products = read.result as Product[];
    database.deleteObjectStore(CATALOG_STORE);
    const store = database.createObjectStore(CATALOG_STORE);
    if (products.length > 0) store.put(products, CATALOG_KEY);
  };
}

/** Callbacks for the moments another tab holds an older or newer version of the database. */
export interface OpenPosDbHooks {
  /**
   * An older connection (a tab of an older build that ignores `versionchange`) keeps the database
   * open, so this upgrade waits until it closes; the page tells the cashier to close other tabs.
   */
  blocked?: () => void;
  /** A newer tab wants to upgrade: this connection is closed right after the callback. */
  versionchange?: () => void;
  /** The browser closed the connection on its own (storage cleared, disk error). */
  terminated?: () => void;
}

/**
 * Opens (creating or upgrading) the pos-shell database. Both runtimes call this. When a newer
 * version asks to upgrade, this connection closes itself so an old tab never wedges a new one.
 * Throws the browser's DOMException when IndexedDB is unavailable.
 */
export async function openPosDb(hooks: OpenPosDbHooks = {}, name = DB_NAME): Promise<PosDb> {
  const db = await openDB<PosDbSchema>(name, DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, tx) {
      // Orders are only ever added to: entries of every status survive an upgrade, a new build never
      // loses a pending order.
      if (oldVersion < 1) {
        const orders = database.createObjectStore(ORDERS_STORE, { keyPath: 'uuid' });
        orders.createIndex('sessionId', 'sessionId');
        orders.createIndex('statusQueuedAt', ['status', 'queuedAt']);
        database.createObjectStore(SESSION_STORE, { keyPath: 'id' });
        database.createObjectStore(CATALOG_STORE, { keyPath: 'id' });
        database.createObjectStore(META_STORE);
      }
      if (oldVersion < 3) catalogAsOneRecord(unwrap(database), unwrap(tx));
      if (oldVersion < 4) void markStoredEntriesOrders(tx.objectStore(ORDERS_STORE));
      // A database made before version 5 has it; one made now never had it.
      if (oldVersion >= 1 && oldVersion < 5) tx.objectStore(ORDERS_STORE).deleteIndex('status');
      // Made at version 2 (see DB_VERSION), gone since version 6.
      if (oldVersion >= 2 && oldVersion < 6) tx.objectStore(ORDERS_STORE).deleteIndex('statusSyncedAt');
    },
    blocked() {
      hooks.blocked?.();
    },
    blocking() {
      hooks.versionchange?.();
      db.close();
    },
    terminated() {
      hooks.terminated?.();
    },
  });
  return db;
}

/**
 * Version 4: every entry stored before cash moves existed is an order; it gets `kind: 'order'`
 * and nothing else changes (its status, attempts and times stay). Runs inside the upgrade's
 * transaction, awaiting only its own requests, so the database opens only once every entry has
 * its kind (a failure aborts the upgrade and the old version stays as it was).
 */
async function markStoredEntriesOrders(
  store: IDBPObjectStore<
    PosDbSchema,
    ArrayLike<StoreNames<PosDbSchema>>,
    typeof ORDERS_STORE,
    'versionchange'
  >,
): Promise<void> {
  let cursor = await store.openCursor();
  while (cursor) {
    const entry = cursor.value as OutboxEntry | Omit<OrderEntry, 'kind'>;
    if (!('kind' in entry)) cursor.update({ ...entry, kind: 'order' }).catch(() => undefined);
    cursor = await cursor.continue();
  }
}
