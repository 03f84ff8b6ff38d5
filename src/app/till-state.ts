import type { Cart } from '../domain/cart.js';
import type { Id } from '../domain/ids.js';
import type { PosOrder } from '../domain/pos-order.js';
import type { Product } from '../domain/product.js';
import type { OutboxCounts, SessionRecord } from '../domain/session-record.js';
import type { PairingStatus } from '../store/device-repo.js';
import type { TillText } from './till-messages.js';

/**
 * Everything the shell renders, owned by the till controller and replaced (never mutated) on
 * every change, so Lit elements can compare by identity.
 */
export interface TillState {
  /** Products of the POS config, from IndexedDB first and the server after. */
  catalog: readonly Product[];
  /** Lines of the sale being made (kept in memory only). */
  cart: Cart;
  /** Id of the device's current session (meta `currentSessionId`), null before the first one. */
  currentSessionId: Id | null;
  /** What the device knows about its current session, null before the first one. */
  sessionRecord: SessionRecord | null;
  /** Outbox counts: "N pending · N held". */
  counts: OutboxCounts;
  /**
   * Why the last upload failed (device ms `at`), null once one got through: a failing server stays visible.
   */
  uploadError: { code: string; message: string; at: number } | null;
  /** `navigator.onLine`: a hint, not a promise that the server answers (rule 6). */
  online: boolean;
  configName: string | null;
  /** ISO 4217 code of the config, null before the first start-up online. */
  currency: string | null;
  deviceNumber: number | null;
  /**
   * Whether this tablet holds a device token the server has not refused: `none` or `unpaired`
   * shows the pairing screen instead of the till, and no sale can be made; null until IndexedDB
   * was read (neither screen is known yet).
   */
  pairing: PairingStatus | null;
  /** True while a pairing request is in flight. */
  pairingBusy: boolean;
  /** Why the last pairing failed, in the cashier's words; null when it did not. */
  pairingError: TillText | null;
  /** The code of a pairing link that could not be used, to put back in the code field. */
  pairingCode: string | null;
  /** The order whose write to IndexedDB committed last; shown as the receipt until "New sale". */
  lastReceipt: PosOrder | null;
  /** When {@link lastReceipt} is a refund: the reference of the order it refunds; else null. */
  lastRefundOf: string | null;
  /** A failure the cashier must see (role="alert"), or null. */
  error: TillText | null;
  /** A non-blocking warning (e.g. storage may be cleared), or null. */
  notice: TillText | null;
  /**
   * Why no order may be made now (sale-guard.ts), or null: derived from the rest of the state at
   * every change (and when the last verification grows too old), never set, so it goes away by
   * itself. Pay is disabled with it beside.
   */
  saleBlock: TillText | null;
  /** True once IndexedDB was read; false while the shell shows its first frame. */
  loaded: boolean;
  /** True once the start-up refresh from the server finished or failed (or could not start). */
  refreshed: boolean;
  /** True while a payment is being written. */
  paying: boolean;
}

/** No outbox entries. */
export const EMPTY_COUNTS: OutboxCounts = { pending: 0, synced: 0, held: 0, rejected: 0 };

/** The state before anything was read. */
export function initialTillState(online: boolean): TillState {
  return {
    catalog: [],
    cart: [],
    currentSessionId: null,
    sessionRecord: null,
    counts: EMPTY_COUNTS,
    uploadError: null,
    online,
    configName: null,
    currency: null,
    deviceNumber: null,
    pairing: null,
    pairingBusy: false,
    pairingError: null,
    pairingCode: null,
    lastReceipt: null,
    lastRefundOf: null,
    error: null,
    notice: null,
    saleBlock: null,
    loaded: false,
    refreshed: false,
    paying: false,
  };
}
