import type { OrderDraft } from '../domain/build-order.js';
import { addProduct, removeLine, setDiscount, setQuantity } from '../domain/cart.js';
import { clockProblem } from '../domain/order-rules.js';
import type { Payment } from '../domain/pos-order.js';
import { PosError } from '../domain/pos-error.js';
import type { Product } from '../domain/product.js';
import type { PageBridge } from '../bridge/page-bridge.js';
import { isCashMove, type OrderEntry, type PosDb } from '../store/db.js';
import { addOrder, listBySession } from '../store/outbox-repo.js';
import { preciseEpochMs } from '../store/write-order.js';
import { askToSend } from './ask-to-send.js';
import { makeDraft } from './make-draft.js';
import type { OrderWrite } from './order-writer.js';
import { cartBlockReason, saleBlockReason } from './sale-guard.js';
import type { Scheduler } from './scheduler.js';
import { saleErrorText, tillMessages } from './till-messages.js';
import type { TillStateHolder } from './till-state-holder.js';

/** Performance measure from "Pay" to the order durable in IndexedDB (read by bench/pay.bench.ts). */
export const PAY_DURABLE_MEASURE = 'pos-pay-durable';
const PAY_START_MARK = 'pos-pay-start';
/**
 * How long a sale's write may take before the Pay panel shows it is busy (ms): a normal write
 * (a few ms) never re-renders the shell mid-transaction; a slow disk still shows progress.
 */
export const PAY_BUSY_DELAY_MS = 150;

/** What the cart and the payment need; all injected so Node tests pass fakes. */
export interface TillSaleDeps {
  holder: TillStateHolder;
  /** The opened database, null before start or after stop. */
  db: () => PosDb | null;
  /** Device clock, epoch ms (the order's `createdAt`, the outbox's `queuedAt`, the guard). */
  now: () => number;
  /** The sync bridge, null before start: told `flush-now` after each sale. */
  bridge: () => PageBridge | null;
  /** `navigator.onLine`: offline, a sale also asks for Background Sync. */
  online: () => boolean;
  scheduler: Scheduler;
  /** Re-reads the counts and the session after a sale (the outbox grew). */
  reread: () => Promise<void>;
  /** Called at each sale: asks for persistent storage the first time. */
  askPersistence: () => void;
  /** A new order uuid; defaults to `crypto.randomUUID`. */
  uuid?: () => string;
  /**
   * Writes a paid order as `addOrder` does (the till's OrderWriter, off the main thread); defaults
   * to `addOrder` on this thread. Rejects with addOrder's PosError.
   */
  writeOrder?: (db: PosDb, draft: OrderDraft, now: number) => Promise<OrderWrite>;
}

/** Writes the sale with `addOrder` on this thread (where the order writer is not used). */
export async function writeOrderHere(db: PosDb, draft: OrderDraft, now: number): Promise<OrderWrite> {
  return { entry: await addOrder(db, draft, now), committedAt: preciseEpochMs() };
}

/**
 * The sale being made: the cart (rule 1 at the till: lines only while the session is `opened`,
 * see cartBlockReason), and Pay, which shows the receipt only once the order is durable in
 * IndexedDB and keeps the cart and payments whenever the sale is refused or not saved.
 */
export class TillSale {
  /** True from `pay()` to the commit (or failure) of its write: refuses a second tap. */
  private payInFlight = false;

  constructor(private readonly deps: TillSaleDeps) {}

  /**
   * Adds one unit of `product`. False when refused: not paired, no session `opened`, device not
   * registered (the reason is `state.saleBlock`, shown beside Pay), or a new line past
   * MAX_ORDER_LINES (the reason is `state.error`; the cart is kept as it was).
   */
  addProduct(product: Product): boolean {
    const { holder } = this.deps;
    if (cartBlockReason(holder.state)) return false;
    const cart = addProduct(holder.state.cart, product);
    if (cart === holder.state.cart) {
      holder.set({ error: tillMessages.cartFull });
      return false;
    }
    holder.set({ cart, lastReceipt: null, error: holder.fatalError });
    return true;
  }

  /**
   * Sets the quantity of cart line `index` exactly; 0 removes it. Throws `PosError('validation_failed')`
   * for a quantity the cart refuses (see quantityProblem in cart.ts), the cart unchanged.
   */
  setQuantity(index: number, quantity: number): void {
    this.deps.holder.set({ cart: setQuantity(this.deps.holder.state.cart, index, quantity) });
  }

  /** Removes cart line `index`. */
  removeLine(index: number): void {
    this.deps.holder.set({ cart: removeLine(this.deps.holder.state.cart, index) });
  }

  /**
   * Sets the discount of cart line `index` exactly (a whole percent, 0–100). Throws
   * `PosError('validation_failed')` for anything else (see discountProblem in cart.ts), the cart unchanged.
   */
  setDiscount(index: number, percent: number): void {
    this.deps.holder.set({ cart: setDiscount(this.deps.holder.state.cart, index, percent) });
  }

  /** Empties the cart (the cashier confirmed it). */
  clearCart(): void {
    this.deps.holder.set({ cart: [] });
  }

  /** Leaves the receipt for an empty sale. */
  newSale(): void {
    this.deps.holder.set({ lastReceipt: null });
  }

  /**
   * The orders of the current session kept on this device, newest first, each with its outbox
   * state (cash moves are not orders: they are left out). Empty before the first session or before
   * start; rejects when IndexedDB fails.
   */
  async sessionHistory(): Promise<OrderEntry[]> {
    const db = this.deps.db();
    const sessionId = this.deps.holder.state.currentSessionId;
    if (!db || sessionId === null) return [];
    const entries = await listBySession(db, sessionId);
    return entries.flatMap((entry) => (isCashMove(entry) ? [] : [entry])).reverse();
  }

  /**
   * Pays the cart: prepares the draft outside any transaction, writes it with `addOrder` (one
   * transaction that awaits nothing else), and only after the commit clears the cart and shows the
   * receipt, then asks the bridge to send the outbox. Resolves false with the cart kept: when the
   * guard refuses (the reason is `state.saleBlock`), when the till is not ready, while another
   * payment is being written, when the device clock is more than a day before the session's
   * opening or more than a day ahead of the server's (clockProblem: nothing written, the reason in
   * `state.error`), or when the write failed (the reason in `state.error`: a full disk
   * refuses the sale, never shows it paid).
   */
  async pay(payments: readonly Payment[]): Promise<boolean> {
    const { holder, now } = this.deps;
    const s = holder.state;
    const db = this.deps.db();
    if (saleBlockReason(s, now())) {
      holder.set({}); // the guard's reason is derived afresh on every change
      return false;
    }
    if (!db || !s.sessionRecord || s.deviceNumber == null || s.currency == null) {
      holder.set({ error: holder.fatalError ?? tillMessages.notReady });
      return false;
    }
    if (this.payInFlight || s.cart.length === 0) return false;
    const at = now();
    // The server would answer the order invalid and it would never reach the books: refuse it here,
    // where the cashier can still set the clock and take the payment again.
    const clock = clockProblem(at, {
      openedAt: s.sessionRecord.session?.openedAt,
      clockOffsetMs: s.sessionRecord.clockOffsetMs,
    });
    if (clock) {
      holder.set({ error: clock === 'ahead' ? tillMessages.clockAhead : tillMessages.clockBehind });
      return false;
    }
    markPayStart();
    this.deps.askPersistence();
    const draft = makeDraft({
      uuid: this.deps.uuid?.() ?? crypto.randomUUID(),
      sessionId: s.sessionRecord.id,
      deviceNumber: s.deviceNumber,
      currency: s.currency,
      cart: s.cart,
      payments,
      now: at,
    });
    // A re-render while the sale's transaction waits on the main thread would delay its commit:
    // the busy state shows only when the write is slow (a second tap is refused meanwhile).
    this.payInFlight = true;
    const cancelBusy = this.deps.scheduler.after(PAY_BUSY_DELAY_MS, () => holder.set({ paying: true }));
    try {
      const { entry, committedAt } = await (this.deps.writeOrder ?? writeOrderHere)(db, draft, now());
      measurePayDurable(committedAt);
      holder.set({
        cart: [],
        lastReceipt: entry.order,
        lastRefundOf: null,
        paying: false,
        error: holder.fatalError,
      });
    } catch (error) {
      console.error('pos-shell: the sale was not saved', error);
      holder.set({
        paying: false,
        error: error instanceof PosError ? saleErrorText(error) : tillMessages.notSaved,
      });
      return false;
    } finally {
      cancelBusy();
      this.payInFlight = false;
    }
    void this.deps.reread();
    askToSend(this.deps.bridge(), this.deps.online);
    return true;
  }
}

function markPayStart(): void {
  try {
    performance.mark(PAY_START_MARK);
  } catch {
    // Timing is a nice-to-have: it must never refuse a sale.
  }
}

/**
 * Records the time from `pay()` to the commit (`committedAt`, epoch ms: the writer's clock, which may
 * be a worker's) as {@link PAY_DURABLE_MEASURE}, then drops the entries.
 */
function measurePayDurable(committedAt: number): void {
  try {
    performance.measure(PAY_DURABLE_MEASURE, {
      start: PAY_START_MARK,
      end: Math.max(0, committedAt - performance.timeOrigin),
    });
    performance.clearMarks(PAY_START_MARK);
    performance.clearMeasures(PAY_DURABLE_MEASURE); // a PerformanceObserver still sees each one
  } catch {
    // Timing is a nice-to-have: it must never turn a saved sale into a failed one.
  }
}
