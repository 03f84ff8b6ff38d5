import { msg, str } from '@lit/localize';
import type { Id } from '../domain/ids.js';
import { PosError } from '../domain/pos-error.js';
import { cartTotals } from '../domain/order-totals.js';
import {
  isRefund,
  MAX_LINE_QUANTITY,
  MAX_REFUND_REASON_LENGTH,
  type PaymentMethod,
  type PosOrder,
} from '../domain/pos-order.js';
import type { Product } from '../domain/product.js';
import { refundProof } from '../domain/refund-proof.js';
import {
  notCountedBy,
  refundableRows,
  refundDraft,
  defaultRefundMethod,
  returnedLines,
  type RefundableRow,
  type ServerOriginal,
} from '../domain/refund-draft.js';
import { isCashMove, type OrderEntry, type PosDb } from '../store/db.js';
import { addOrder, listAll, refundBar } from '../store/outbox-repo.js';
import { askToSend } from './ask-to-send.js';
import { makeDraft, type DraftInput } from './make-draft.js';
import { pinMatches } from './held-orders-pin.js';
import type { TillCashMovesDeps } from './till-cash-moves.js';
import { storedPinHash } from './stored-config.js';
import { saleBlockReason } from './sale-guard.js';
import type { TillText } from './till-messages.js';

/**
 * What the refund panel shows: the original, its rows (see refundableRows) and the default method.
 * `entry` is the original's outbox entry when this tablet holds it; `server` is the server's
 * answer when it does not (the original was looked up by reference), else null.
 */
export interface RefundView {
  original: PosOrder;
  entry: OrderEntry | null;
  server: ServerOriginal | null;
  rows: RefundableRow[];
  method: PaymentMethod;
}

/** A refund panel to open, or why none can be, in the cashier's words. */
export type RefundLookup = { ok: true; view: RefundView } | { ok: false; error: TillText };

/** A refund saved on the device (to be sent), or why it was not; nothing is written then. */
export type RefundOutcome = { ok: true; order: PosOrder } | { ok: false; error: TillText };

/**
 * What refunds need; all injected so Node tests pass fakes: what a cash move needs (the state, the
 * database, the clock, the bridge told `flush-now` after each refund, the re-read of the counts,
 * the uuid), and the server's lookup and config refresh.
 */
export interface TillRefundsDeps extends TillCashMovesDeps {
  /**
   * Looks an order this tablet does not hold up on the server by its reference
   * (`GET /api/orders/by-reference/:reference`); throws PosError (`not_found`, `network`, …).
   * Absent: only the outbox is searched.
   */
  lookUp?: (reference: string) => Promise<ServerOriginal>;
  /**
   * Re-reads the POS config from the server when it answers, so the manager PIN of a refund
   * without receipt is checked against the PIN set now, not the one stored at start-up (the
   * server would refuse a proof of the old one after the money went back). Never rejects. Absent:
   * the stored PIN hash is used.
   */
  refreshConfig?: (db: PosDb) => Promise<void>;
}

/**
 * A refund without receipt as the cashier and the manager filled it in: the manager PIN (checked
 * offline against the config's stored hash), the reason (trimmed, 1–200 characters), the products
 * given back with their units (whole numbers 1–9,999; the catalog's price and tax rate, no
 * discount) and the method the money goes back by.
 */
export interface NoReceiptRefund {
  pin: string;
  reason: string;
  items: readonly { product: Product; quantity: number }[];
  method: PaymentMethod;
}

/** The orders of `entries` (any status): refundableRows keeps the refunds of the order it is given. */
function ordersOf(entries: readonly OrderEntry[]): PosOrder[] {
  return entries.map((e) => e.order);
}

/** The order entries of the outbox (cash moves left out). */
async function orderEntries(db: PosDb): Promise<OrderEntry[]> {
  return (await listAll(db)).flatMap((e) => (isCashMove(e) ? [] : [e]));
}

/** What a refund's draft gets from the till: its uuid, session, device and currency, and the time (device epoch ms). */
type RefundHeader = Omit<DraftInput, 'cart' | 'payments'>;

/** A refund refused before its write, with the cashier's words (a wrong PIN, no PIN set). */
class RefundRefused extends Error {
  constructor(readonly text: TillText) {
    super('refund refused');
  }
}

/**
 * Refunds on the till, from an order of this tablet's outbox, or, online, one the server holds
 * (another tablet's, an earlier session's) found by its reference: the panel's view (what is left
 * to refund of each line, counting every refund of the order the outbox holds, whatever its
 * status, and for a server's order what its stored refunds took back), and the refund itself,
 * written to the outbox like a sale (`addOrder`: one strict transaction that checks the session
 * and the quantities again) before its receipt shows, then sent by the normal flush. An order of
 * the outbox works offline. Refused while the session cannot take orders (the sales' guard).
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
   * typed or scanned from a receipt's barcode): from this tablet's outbox when it holds it; else,
   * online, as the server answers it (see openFromServer); offline, says that the order is not on
   * this tablet and the till is offline. Never rejects.
   */
  async openByReference(reference: string): Promise<RefundLookup> {
    const local = await this.lookup(
      (entries) => entries.find((e) => e.order.reference === reference),
      reference,
    );
    if (local.ok || !local.notHere || !this.deps.lookUp) return local;
    if (!this.deps.online())
      return {
        ok: false,
        error: () =>
          msg(
            str`Order ${reference} is not on this tablet. The till is offline: the order can be looked up on the server once it is back online.`,
          ),
      };
    return this.openFromServer(reference, this.deps.lookUp);
  }

  /**
   * Asks the server for the order `reference` and builds its view: what is left is what it sold
   * less what the server's stored refunds took back, less this tablet's refunds of it the server
   * had not counted (still in the outbox: pending, held or refused). Never rejects; a failure is
   * said (not found on the server, server unreachable, a refund, another currency).
   */
  private async openFromServer(
    reference: string,
    lookUp: (reference: string) => Promise<ServerOriginal>,
  ): Promise<RefundLookup> {
    const db = this.deps.db();
    if (!db) return { ok: false, error: () => msg('The till is not ready to make refunds.') };
    let server: ServerOriginal;
    let entries: OrderEntry[];
    try {
      server = await lookUp(reference);
      // Every refund of it the outbox holds counts unless the answer names it, whatever its status:
      // one the flush sends while this runs is counted by one side, never by both or neither.
      entries = await orderEntries(db);
    } catch (error) {
      console.error(`pos-shell: looking order ${reference} up on the server failed`, error);
      return { ok: false, error: lookUpErrorText(error, reference) };
    }
    const original = server.order;
    if (isRefund(original))
      return { ok: false, error: () => msg(str`Order ${reference} is a refund: it cannot be refunded.`) };
    const currency = this.deps.holder.state.currency;
    if (currency !== null && original.currency !== currency)
      return {
        ok: false,
        error: () =>
          msg(
            str`Order ${reference} was paid in ${original.currency}: this register refunds in ${currency}.`,
          ),
      };
    const earlier = notCountedBy(ordersOf(entries), server.counted);
    return {
      ok: true,
      view: {
        original,
        entry: null,
        server,
        rows: refundableRows(original, earlier, server.refunded),
        method: defaultRefundMethod(original),
      },
    };
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
    const original = view.original;
    return this.save(original.reference, async (db, header) => {
      // From the rows the panel showed, with no read of the outbox: addOrder checks the refund
      // again in its transaction, against the outbox as it is then.
      const parts = refundDraft(original, view.rows, quantities, method);
      return addOrder(
        db,
        {
          ...makeDraft({ ...header, cart: parts.lines, payments: parts.payments }),
          refund: {
            uuid: original.uuid,
            reference: original.reference,
            ...(view.server ? { fromServer: view.server } : {}),
          },
        },
        header.now,
      );
    });
  }

  /**
   * Saves a refund without receipt (no original): checks the guard, the reason, the items and the
   * manager PIN against the config's PIN hash (read again from the server when it answers, else as
   * stored: offline, as the Held orders area does); computes the manager proof (refund-proof.ts)
   * over the refund's uuid and total from the PIN's derived key; writes it through `addOrder` like
   * a sale, shows its receipt, re-reads the counts and asks for a flush. A wrong PIN, no PIN set,
   * no reason or no item saves nothing and says why. Never rejects.
   */
  async refundWithoutReceipt(request: NoReceiptRefund): Promise<RefundOutcome> {
    const reason = request.reason.trim();
    if (reason === '' || reason.length > MAX_REFUND_REASON_LENGTH)
      return {
        ok: false,
        error: () =>
          msg(str`Give the reason of the refund (at most ${MAX_REFUND_REASON_LENGTH} characters).`),
      };
    const items = request.items.filter((item) => item.quantity !== 0);
    if (items.length === 0) return { ok: false, error: () => msg('Choose at least one item to refund.') };
    if (items.some((i) => !Number.isInteger(i.quantity) || i.quantity < 1 || i.quantity > MAX_LINE_QUANTITY))
      return {
        ok: false,
        error: () => msg(str`Each quantity is a whole number from 1 to ${MAX_LINE_QUANTITY}.`),
      };
    return this.save(null, async (db, header) => {
      if (this.deps.online()) await this.deps.refreshConfig?.(db);
      const hash = await storedPinHash(db);
      if (!hash)
        throw new RefundRefused(() =>
          msg('No manager PIN is set for this register: a refund without receipt cannot be approved.'),
        );
      if (!(await pinMatches(request.pin, hash)))
        throw new RefundRefused(() => msg('Wrong manager PIN: the refund was not saved.'));
      const lines = returnedLines(items);
      const { amountTotal } = cartTotals(lines);
      // Computed before the transaction: addOrder's awaits nothing but its own requests.
      const managerProof = await refundProof({ uuid: header.uuid, amountTotal }, hash);
      const payments = amountTotal === 0 ? [] : [{ method: request.method, amount: amountTotal }];
      return addOrder(
        db,
        { ...makeDraft({ ...header, cart: lines, payments }), withoutReceipt: { managerProof, reason } },
        header.now,
      );
    });
  }

  /**
   * What both refunds do around their write: the guard of sales, a ready till, one refund at a
   * time; `write` builds and stores the refund (uuid, session, device, currency and time given in
   * `header`) and resolves with its entry after the commit; then its receipt is the till's last
   * (`refundOf` the original's reference, null without receipt), the counts are re-read and a flush
   * is asked for. A RefundRefused or any error saves nothing and is said. Never rejects.
   */
  private async save(
    refundOf: string | null,
    write: (db: PosDb, header: RefundHeader) => Promise<OrderEntry>,
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
    let entry: OrderEntry;
    try {
      entry = await write(db, {
        uuid: this.deps.uuid?.() ?? crypto.randomUUID(),
        sessionId: s.sessionRecord.id,
        deviceNumber: s.deviceNumber,
        currency: s.currency,
        now: now(),
      });
    } catch (error) {
      if (error instanceof RefundRefused) return { ok: false, error: error.text };
      console.error('pos-shell: the refund was not saved', error);
      return { ok: false, error: refundErrorText(error, this.blockReason()) };
    } finally {
      this.inFlight = false;
    }
    holder.set({ lastReceipt: entry.order, lastRefundOf: refundOf, error: holder.fatalError });
    void this.deps.reread();
    askToSend(this.deps.bridge(), this.deps.online);
    return { ok: true, order: entry.order };
  }

  /** Reads the outbox, finds the original with `pick` and builds its view, or says why not. */
  private async lookup(
    pick: (entries: readonly OrderEntry[]) => OrderEntry | undefined,
    asked: string,
  ): Promise<RefundLookup & { notHere?: true }> {
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
    if (!entry)
      return { ok: false, notHere: true, error: () => msg(str`Order ${asked} is not on this tablet.`) };
    const sessionId = this.deps.holder.state.sessionRecord?.id ?? entry.sessionId;
    const refusal = notRefundable(entry, sessionId);
    if (refusal) return { ok: false, error: refusal };
    return {
      ok: true,
      view: {
        original: entry.order,
        entry,
        server: null,
        rows: refundableRows(entry.order, ordersOf(entries)),
        method: defaultRefundMethod(entry.order),
      },
    };
  }
}

/**
 * Why the order of `entry` cannot be refunded by a refund in session `sessionId` (refundBar, the
 * rule `addOrder` applies again in its transaction), in the cashier's words; null when it can.
 */
export function notRefundable(entry: OrderEntry, sessionId: Id): TillText | null {
  const reference = entry.order.reference;
  switch (refundBar(entry, sessionId)) {
    case null:
      return null;
    case 'refund':
      return () => msg(str`Order ${reference} is a refund: it cannot be refunded.`);
    case 'rejected':
      return () => msg(str`Order ${reference} was refused by the server: it cannot be refunded.`);
    case 'held':
      return () =>
        msg(
          str`Order ${reference} is held on this tablet (its session was closed): it cannot be refunded until a manager rescues it.`,
        );
    case 'unsent':
      return () =>
        msg(
          str`Order ${reference} was not sent before its session closed: it will be held on this tablet, and can be refunded once a manager rescues it.`,
        );
  }
}

/** A failed lookup of order `reference` on the server, for the cashier. */
function lookUpErrorText(error: unknown, reference: string): TillText {
  const code = error instanceof PosError ? error.code : 'storage_failed';
  if (code === 'not_found')
    return () =>
      msg(
        str`Order ${reference} is not on this tablet. The server has no such order of this register either.`,
      );
  if (code === 'network' || code === 'timeout')
    return () =>
      msg(
        str`Order ${reference} is not on this tablet. The server could not be reached to look it up: try again.`,
      );
  if (code === 'storage_failed') return () => msg('The orders on this device could not be read: try again.');
  return () => msg(str`Order ${reference} could not be looked up on the server: try again.`);
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
    return () =>
      msg(
        'The order to refund is no longer on this tablet, or will not reach the server as it is (refused, held, or not sent before its session closed): nothing was saved.',
      );
  if (code === 'validation_failed') return () => msg('Choose at least one item to refund.');
  if (code === 'storage_full') return () => msg('The device storage is full: the refund was not saved.');
  return () => msg('The refund could not be saved on this device: try again.');
}
