import { msg, str } from '@lit/localize';
import type { PageBridge } from '../bridge/page-bridge.js';
import { PosError } from '../domain/pos-error.js';
import { isRefund, type PaymentMethod, type PosOrder } from '../domain/pos-order.js';
import {
  refundableRows,
  refundDraft,
  defaultRefundMethod,
  type RefundableRow,
} from '../domain/refund-draft.js';
import { isCashMove, type OrderEntry, type PosDb } from '../store/db.js';
import { addOrder, listAll } from '../store/outbox-repo.js';
import { askToSend } from './ask-to-send.js';
import { saleBlockReason } from './sale-guard.js';
import type { TillText } from './till-messages.js';
import type { TillStateHolder } from './till-state-holder.js';

/** What the refund panel shows: the original's entry, its rows (see refundableRows) and the default method. */
export interface RefundView {
  entry: OrderEntry;
  rows: RefundableRow[];
  method: PaymentMethod;
}

/** A refund panel to open, or why none can be, in the cashier's words. */
export type RefundLookup = { ok: true; view: RefundView } | { ok: false; error: TillText };

/** A refund saved on the device (to be sent), or why it was not; nothing is written then. */
export type RefundOutcome = { ok: true; order: PosOrder } | { ok: false; error: TillText };

/** What refunds need; all injected so Node tests pass fakes. */
export interface TillRefundsDeps {
  holder: TillStateHolder;
  /** The opened database, null before start or after stop. */
  db: () => PosDb | null;
  /** Device clock, epoch ms (the refund's `createdAt`, its `queuedAt`, the guard). */
  now: () => number;
  /** The sync bridge, null before start: told `flush-now` after each refund. */
  bridge: () => PageBridge | null;
  online: () => boolean;
  /** Re-reads the counts after a refund (the outbox grew). */
  reread: () => Promise<void>;
  /** A new order uuid; defaults to `crypto.randomUUID`. */
  uuid?: () => string;
}

/** The refunds among `entries` (any status), as orders. */
function ordersOf(entries: readonly OrderEntry[]): PosOrder[] {
  return entries.map((e) => e.order);
}

/** The order entries of the outbox (cash moves left out). */
async function orderEntries(db: PosDb): Promise<OrderEntry[]> {
  return (await listAll(db)).flatMap((e) => (isCashMove(e) ? [] : [e]));
}

/**
 * Refunds on the till, from an order of this tablet's outbox: the panel's view (what is left to
 * refund of each line, counting every refund of the order the outbox holds, whatever its status),
 * and the refund itself, written to the outbox like a sale (`addOrder`: one strict transaction
 * that checks the session and the quantities again) before its receipt shows, then sent by the
 * normal flush. Works offline. Refused while the session cannot take orders (the sales' guard).
 */
export class TillRefunds {
  private inFlight = false;

  constructor(private readonly deps: TillRefundsDeps) {}

  /** Why no refund may be made now (the guard of sales, rule 1), or null. */
  blockReason(): TillText | null {
    return saleBlockReason(this.deps.holder.state, this.deps.now());
  }

  /** The panel for the order `uuid` of the outbox; never rejects (a failed read is said). */
  async open(uuid: string): Promise<RefundLookup> {
    return this.lookup((entries) => entries.find((e) => e.uuid === uuid), uuid);
  }

  /**
   * The panel for the order whose reference is `reference` (`<session>-<device>-<sequence>`, as
   * typed or scanned from a receipt's barcode); when this tablet's outbox does not hold it, says
   * so (the server's older orders are not looked up). Never rejects.
   */
  async openByReference(reference: string): Promise<RefundLookup> {
    return this.lookup((entries) => entries.find((e) => e.order.reference === reference), reference);
  }

  /**
   * Saves a refund of `view`'s order: `quantities[i]` units of `view.rows[i]`, given back with
   * `method`. Checks the guard, builds the refund (refundDraft) against the outbox as it is now,
   * writes it (resolving only after the commit), shows its receipt, re-reads the counts and asks
   * for a flush. Never rejects.
   */
  async refund(
    view: RefundView,
    quantities: readonly number[],
    method: PaymentMethod,
  ): Promise<RefundOutcome> {
    const { holder, now } = this.deps;
    const blocked = this.blockReason();
    if (blocked) return { ok: false, error: blocked };
    const s = holder.state;
    const db = this.deps.db();
    if (!db || !s.sessionRecord || s.deviceNumber == null || s.currency == null)
      return { ok: false, error: () => msg('The till is not ready to make refunds.') };
    if (this.inFlight) return { ok: false, error: () => msg('A refund is being saved: wait a moment.') };
    this.inFlight = true;
    try {
      const original = view.entry.order;
      const parts = refundDraft(original, quantities, ordersOf(await orderEntries(db)), method);
      const entry = await addOrder(
        db,
        {
          uuid: this.deps.uuid?.() ?? crypto.randomUUID(),
          sessionId: s.sessionRecord.id,
          deviceNumber: s.deviceNumber,
          currency: s.currency,
          createdAt: new Date(now()).toISOString(),
          lines: parts.lines,
          payments: parts.payments,
          refund: { uuid: original.uuid, reference: original.reference },
        },
        now(),
      );
      holder.set({ lastReceipt: entry.order, lastRefundOf: original.reference, error: holder.fatalError });
    } catch (error) {
      console.error('pos-shell: the refund was not saved', error);
      return { ok: false, error: refundErrorText(error, this.blockReason()) };
    } finally {
      this.inFlight = false;
    }
    void this.deps.reread();
    askToSend(this.deps.bridge(), this.deps.online);
    const order = holder.state.lastReceipt;
    return order ? { ok: true, order } : { ok: false, error: () => msg('The refund could not be shown.') };
  }

  /** Reads the outbox, finds the original with `pick` and builds its view, or says why not. */
  private async lookup(
    pick: (entries: readonly OrderEntry[]) => OrderEntry | undefined,
    asked: string,
  ): Promise<RefundLookup> {
    const db = this.deps.db();
    if (!db) return { ok: false, error: () => msg('The till is not ready to make refunds.') };
    let entries: OrderEntry[];
    try {
      entries = await orderEntries(db);
    } catch (error) {
      console.error('pos-shell: reading the outbox for a refund failed', error);
      return { ok: false, error: () => msg('The orders on this device could not be read: try again.') };
    }
    const entry = pick(entries);
    if (!entry) return { ok: false, error: () => msg(str`Order ${asked} is not on this tablet.`) };
    const refusal = notRefundable(entry);
    if (refusal) return { ok: false, error: refusal };
    return {
      ok: true,
      view: {
        entry,
        rows: refundableRows(entry.order, ordersOf(entries)),
        method: defaultRefundMethod(entry.order),
      },
    };
  }
}

/**
 * Why the order of `entry` cannot be refunded from this tablet, or null: a refund is never
 * refunded; an order the server refused, or one held from a closed session, is not on the server
 * yet, so its refund would be refused as `unknown_original`.
 */
export function notRefundable(entry: OrderEntry): TillText | null {
  const reference = entry.order.reference;
  if (isRefund(entry.order)) return () => msg(str`Order ${reference} is a refund: it cannot be refunded.`);
  if (entry.status === 'rejected')
    return () => msg(str`Order ${reference} was refused by the server: it cannot be refunded.`);
  if (entry.status === 'held')
    return () =>
      msg(
        str`Order ${reference} is held on this tablet (its session was closed): it cannot be refunded until a manager rescues it.`,
      );
  return null;
}

/** A failed refund for the cashier, by its code; nothing was recorded. */
function refundErrorText(error: unknown, blocked: TillText | null): TillText {
  const code = error instanceof PosError ? error.code : 'storage_failed';
  if (code === 'session_not_open')
    return blocked ?? (() => msg('The session is not open on this device: the refund was not saved.'));
  if (code === 'over_refund')
    return () =>
      msg(
        'This refund gives back more than is left to refund of the order (another refund took it): nothing was saved.',
      );
  if (code === 'unknown_original')
    return () => msg('The order to refund is no longer on this tablet: nothing was saved.');
  if (code === 'validation_failed') return () => msg('Choose at least one item to refund.');
  if (code === 'storage_full') return () => msg('The device storage is full: the refund was not saved.');
  return () => msg('The refund could not be saved on this device: try again.');
}
