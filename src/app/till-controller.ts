import type { Payment } from '../domain/pos-order.js';
import type { Product } from '../domain/product.js';
import { LazySessionStream } from './lazy-session-stream.js';
import { openPosDb, type OrderEntry, type PosDb } from '../store/db.js';
import { SwBridge } from '../bridge/sw-bridge.js';
import type { PageBridge } from '../bridge/page-bridge.js';
import { createAuthorizedFetch } from '../sync/authorized-fetch.js';
import type { FetchFn } from '../sync/sync-deps.js';
import { ApiClient } from './api-client.js';
import type { CashDeskDeps } from './cash-desk.js';
import { CatalogSwap } from './catalog-swap.js';
import type { HeldOrdersDeskDeps } from './held-orders-desk.js';
import { withoutPairParam } from './pair-param.js';
import { realScheduler } from './scheduler.js';
import { StorageWarning } from './storage-warning.js';
import { cashMoveBlockReason } from './cash-move-guard.js';
import type { TillCashMoves } from './till-cash-moves.js';
import { TillLifecycle } from './till-lifecycle.js';
import type { TillRefunds } from './till-refunds.js';
import { lazily } from '../domain/lazily.js';
import { saleBlockReason } from './sale-guard.js';
import type { TillText } from './till-messages.js';
import type { OrderWriter, WriterPort } from './order-writer.js';
import { TillSale, writeOrderHere } from './till-sale.js';
import { initialTillState, type TillState } from './till-state.js';
import { TillStateHolder } from './till-state-holder.js';
import type { StoredTill } from './read-stored-till.js';
import { TillStartup } from './till-startup.js';
import { applyWorkerMessage } from './worker-messages.js';

export { REREAD_INTERVAL_MS } from './till-lifecycle.js';
export { PAY_BUSY_DELAY_MS, PAY_DURABLE_MEASURE } from './till-sale.js';

/** Seams for tests; every one defaults to the browser's. */
export interface TillControllerOptions {
  /** Opens the database; the page passes the connection asked for early (early-db.ts). */
  openDb?: typeof openPosDb;
  /** Reads the stored till at start; the page passes the read started early (early-db.ts). */
  readStoredTill?: (db: PosDb) => Promise<StoredTill>;
  fetch?: typeof fetch;
  now?: () => number;
  /** `location.search`, read for a pairing link's `?pair=<code>`; when given, the URL is left as is. */
  search?: string;
  /** Makes and starts the sync bridge over the opened database. */
  createBridge?: (db: PosDb) => PageBridge;
  /** Makes the order writer's worker; null: the page writes sales itself. Default: the real worker where workers exist. */
  orderWriter?: (() => WriterPort) | null;
}

/**
 * The one object of the page that talks to src/store, the API and the sync bridge: a facade over
 * its parts, each in a module of its own and tested in Node: the state ({@link TillStateHolder}),
 * the lifecycle ({@link TillLifecycle}: start, stop, timers, page events), start-up and pairing
 * ({@link TillStartup}), the cart and payment ({@link TillSale}), refunds ({@link TillRefunds}), the worker's messages
 * ({@link applyWorkerMessage}) and the storage warning ({@link StorageWarning}). Lit elements read
 * {@link TillState} through {@link subscribe} and call the intent methods; nothing here touches
 * the DOM tree. Every API request of the page goes through the authorized fetch (the device token;
 * a 401 marks the tablet unpaired and shows the pairing screen at once).
 */
export class TillController {
  private readonly holder: TillStateHolder;
  private readonly lifecycle: TillLifecycle;
  private readonly startup: TillStartup;
  private readonly sale: TillSale;
  /** Writes sales off the main thread (order-writer.ts). Rejects when its chunk cannot load. */
  private readonly orderWriter: () => Promise<OrderWriter>;
  private readonly storageWarning: StorageWarning;
  /**
   * Cash in and cash out (the `pos-cash-move` panel calls it): loaded at the first cash move, in a
   * chunk of its own, since no sale needs it. Rejects when the chunk cannot load.
   */
  readonly cashMoves: () => Promise<TillCashMoves>;
  /**
   * Refunds of this tablet's orders, of the server's found by reference, and without receipt
   * (`pos-refund`, `pos-refund-no-receipt`): loaded at the first refund, in a chunk of its own
   * (with the refund drafts and proofs), since no sale needs it. Rejects when the chunk cannot load.
   */
  readonly refunds: () => Promise<TillRefunds>;
  private readonly apiFetch: FetchFn;
  private readonly now: () => number;

  constructor(options: TillControllerOptions = {}) {
    const now = options.now ?? (() => Date.now());
    this.now = now;
    const online = () => navigator.onLine;
    const holder = new TillStateHolder(initialTillState(navigator.onLine), now);
    this.holder = holder;
    const db = () => this.lifecycle.db;
    const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.apiFetch = createAuthorizedFetch({
      fetch: (input, init) => baseFetch(input, init),
      db,
      origin: globalThis.location.origin,
      now,
      onUnpaired: () => void this.startup.rereadLive(),
    });
    const api = new ApiClient(this.apiFetch);
    this.startup = new TillStartup({
      holder,
      db,
      api,
      bridge: () => this.lifecycle.bridge,
      stream: () => this.lifecycle.stream,
      catalog: new CatalogSwap(holder),
      online,
      now,
      search: options.search ?? globalThis.location.search,
      readStoredTill: options.readStoredTill,
      dropPairParam:
        options.search === undefined
          ? () =>
              globalThis.history.replaceState(
                globalThis.history.state,
                '',
                withoutPairParam(globalThis.location.href),
              )
          : () => undefined,
    });
    this.storageWarning = new StorageWarning(holder);
    // What every writer to the outbox (sale, cash move, refund) is given.
    const writer = {
      holder,
      db,
      now,
      bridge: () => this.lifecycle.bridge,
      online,
      reread: () => this.startup.rereadLive(),
    };
    const makeWorker = options.orderWriter === undefined ? createOrderWriter() : options.orderWriter;
    // Loaded right after the start, in a chunk of its own: the first render needs none of it.
    this.orderWriter = lazily(() =>
      import('./order-writer.js').then(({ OrderWriter }) => new OrderWriter(makeWorker)),
    );
    this.sale = new TillSale({
      ...writer,
      scheduler: realScheduler,
      askPersistence: () => this.storageWarning.askOnce(),
      writeOrder: async (db, draft, at) => {
        // Its chunk not loaded (not cached, a new deploy): this thread writes, the sale goes on.
        const orderWriter = await this.orderWriter().catch(() => null);
        return orderWriter ? orderWriter.write(db, draft, at) : writeOrderHere(db, draft, at);
      },
    });
    this.cashMoves = lazily(() =>
      import('./till-cash-moves.js').then(({ TillCashMoves }) => new TillCashMoves(writer)),
    );
    this.refunds = lazily(() =>
      import('./till-refunds.js').then(
        ({ TillRefunds }) =>
          new TillRefunds({
            ...writer,
            lookUp: (reference) => api.orderByReference(reference),
            refreshConfig: (db) => api.refreshStoredConfig(db),
          }),
      ),
    );
    this.lifecycle = new TillLifecycle({
      holder,
      openDb: options.openDb ?? openPosDb,
      createBridge: options.createBridge ?? startedBridge,
      createStream: (bridge) => new LazySessionStream(bridge),
      startup: this.startup,
      onWorkerMessage: (message) =>
        applyWorkerMessage(message, {
          holder,
          rereadLive: () => this.startup.rereadLive(),
          rereadUploadError: () => this.startup.rereadUploadError(),
          rereadCatalog: (stored) => this.startup.rereadCatalog(stored),
        }),
      scheduler: realScheduler,
      now,
      events: {
        window: globalThis,
        document,
        visible: () => document.visibilityState === 'visible',
        online: () => navigator.onLine,
      },
    });
  }

  private writerWarmed = false;

  /**
   * Starts the order writer once a sale begins, when the page is idle after the tap: started with
   * the till, its worker (a thread, its script through the service worker, a database connection)
   * slowed the offline cold start by about a third; started here it is ready long before Pay, and
   * Pay starts it anyway if it is not. Only once the page's database is open: the writer never
   * creates or upgrades it first.
   */
  private warmOrderWriter(): void {
    if (this.writerWarmed || !this.lifecycle.db) return;
    this.writerWarmed = true;
    const warm = () =>
      void this.orderWriter().then(
        (writer) => writer.start(),
        () => undefined,
      );
    if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 500 });
    else setTimeout(warm, 0);
  }

  /** The state now. */
  get state(): TillState {
    return this.holder.state;
  }

  /** Calls `cb` with the state now and after every change; returns an unsubscribe. */
  subscribe(cb: (state: TillState) => void): () => void {
    return this.holder.subscribe(cb);
  }

  /** See {@link TillLifecycle.start}: resolves once IndexedDB was read; never rejects. */
  start(): Promise<void> {
    return this.lifecycle.start();
  }

  /** See {@link TillStartup.pair}: resolves false with the reason in `state.pairingError`. */
  pair(raw: string): Promise<boolean> {
    return this.startup.pair(raw);
  }

  /** Stops timers, listeners and the stream, and closes the database. */
  stop(): void {
    this.lifecycle.stop();
  }

  /** Why no cash move may be made now (see cashMoveBlockReason), or null; known before the cash moves' chunk loads. */
  cashMoveBlockReason(): TillText | null {
    return cashMoveBlockReason(this.holder.state, this.now());
  }

  /** Why no refund may be made now (the guard of sales), or null; known before the refunds' chunk loads. */
  refundBlockReason(): TillText | null {
    return saleBlockReason(this.holder.state, this.now());
  }

  /** See {@link TillSale.addProduct}: false when refused, the reason in `state.saleBlock`. */
  addProduct(product: Product): boolean {
    const added = this.sale.addProduct(product);
    if (added) this.warmOrderWriter();
    return added;
  }

  /** See {@link TillSale.setQuantity}: throws `PosError('validation_failed')` for a refused quantity. */
  setQuantity(index: number, quantity: number): void {
    this.sale.setQuantity(index, quantity);
  }

  /** Removes cart line `index`. */
  removeLine(index: number): void {
    this.sale.removeLine(index);
  }

  /** See {@link TillSale.setDiscount}: throws `PosError('validation_failed')` for a refused percent. */
  setDiscount(index: number, percent: number): void {
    this.sale.setDiscount(index, percent);
  }

  /** Empties the cart (the cashier confirmed it). */
  clearCart(): void {
    this.sale.clearCart();
  }

  /** See {@link TillSale.sessionHistory}: newest first; rejects when IndexedDB fails. */
  sessionHistory(): Promise<OrderEntry[]> {
    return this.sale.sessionHistory();
  }

  /** See {@link TillSale.pay}: true once the order is durable; false with the cart kept. */
  pay(payments: readonly Payment[]): Promise<boolean> {
    return this.sale.pay(payments);
  }

  /** Leaves the receipt for an empty sale. */
  newSale(): void {
    this.sale.newSale();
  }

  /** Hides the error (an error that needs a reload stays). */
  dismissError(): void {
    this.holder.dismissError();
  }

  /**
   * Hides the non-blocking notice. The storage warning stays dismissed on this device until the
   * situation changes (the browser grants persistent storage, and later takes it back).
   */
  dismissNotice(): void {
    this.storageWarning.dismissNotice();
  }

  /**
   * What the Held orders area's desk works on: this till's database, fetch, clock, and a
   * re-read of the counts after a rescue. The area builds its desk from it when first opened, so
   * its code stays out of the first load.
   */
  readonly heldOrdersDeps: HeldOrdersDeskDeps = {
    db: () => this.lifecycle.db,
    fetch: (input, init) => this.apiFetch(input, init),
    now: () => this.now(),
    changed: () => void this.startup.rereadLive(),
  };

  /**
   * What the cash screens (open and close the register, the X and Z reports) work on: this till's
   * database and fetch, a session check asked after they changed the session, and the notice.
   */
  readonly cashDeskDeps: CashDeskDeps = {
    db: () => this.lifecycle.db,
    fetch: (input, init) => this.apiFetch(input, init),
    checkNow: () => void this.lifecycle.bridge?.send({ type: 'check-now' }),
    notify: (text) => this.holder.set({ notice: text }),
  };

  /** The bridge, for the update prompt (`onUpdateWaiting`); null before `start`. */
  get syncBridge(): PageBridge | null {
    return this.lifecycle.bridge;
  }
}

/** The real order writer (a module worker; Vite builds it as a chunk of its own), where workers exist. */
function createOrderWriter(): (() => WriterPort) | null {
  if (typeof Worker !== 'function') return null;
  return () =>
    new Worker(new URL('../store/order-writer-worker.ts', import.meta.url), {
      type: 'module',
      name: 'pos-order-writer',
    });
}

function startedBridge(db: PosDb): PageBridge {
  const bridge = new SwBridge(db);
  void bridge.start();
  return bridge;
}
