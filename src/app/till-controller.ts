import { msg } from '@lit/localize';
import { addProduct, removeLine, setDiscount, setQuantity } from '../domain/cart.js';
import { sameId } from '../domain/ids.js';
import type { WorkerMessage } from '../domain/messages.js';
import type { Payment } from '../domain/pos-order.js';
import { PosError } from '../domain/pos-error.js';
import type { Product } from '../domain/product.js';
import { openPosDb, type PosDb } from '../store/db.js';
import { addOrder, listBySession } from '../store/outbox-repo.js';
import type { OutboxEntry } from '../store/db.js';
import { SessionStream } from '../bridge/session-stream.js';
import { SwBridge } from '../bridge/sw-bridge.js';
import type { PageBridge } from '../bridge/page-bridge.js';
import { createAuthorizedFetch } from '../sync/authorized-fetch.js';
import type { FetchFn } from '../sync/sync-deps.js';
import { ApiClient } from './api-client.js';
import { DueCheckTimer } from './due-check-timer.js';
import { makeDraft } from './make-draft.js';
import { pairCodeOf, withoutPairParam } from './pair-param.js';
import {
  forgetStorageWarningDismissal,
  isStorageWarning,
  rememberStorageWarningDismissed,
  requestPersistentStorage,
  storageNotPersisted,
  storageWarningDismissed,
} from './persist-storage.js';
import { readLiveTill, readStoredTill, readUploadError } from './read-stored-till.js';
import { refreshFromServer } from './refresh-from-server.js';
import { cartBlockReason, saleBlockReason, salePauseAt } from './sale-guard.js';
import { saleErrorText, tillMessages, type TillText } from './till-messages.js';
import { initialTillState, type TillState } from './till-state.js';
import type { HeldOrdersDeskDeps } from './held-orders-desk.js';
import type { PairAttempt } from './pair-device.js';

/** How often the page re-reads counts and the session record from IndexedDB without being told. */
export const REREAD_INTERVAL_MS = 5_000;
/** Performance measure from "Pay" to the order durable in IndexedDB (read by bench/pay.bench.ts). */
export const PAY_DURABLE_MEASURE = 'pos-pay-durable';
const PAY_START_MARK = 'pos-pay-start';
/**
 * How long a sale's write may take before the Pay panel shows it is busy (ms): a normal write
 * (a few ms) never re-renders the shell mid-transaction; a slow disk still shows progress.
 */
export const PAY_BUSY_DELAY_MS = 150;

/** Seams for tests; every one defaults to the browser's. */
export interface TillControllerOptions {
  openDb?: typeof openPosDb;
  fetch?: typeof fetch;
  now?: () => number;
  /** `location.search`, read for a pairing link's `?pair=<code>`; when given, the URL is left as is. */
  search?: string;
  /** Makes and starts the sync bridge over the opened database. */
  createBridge?: (db: PosDb) => PageBridge;
}

/**
 * The one object of the page that talks to src/store, the API and the sync bridge. Lit elements
 * read {@link TillState} through {@link subscribe} and call the intent methods; nothing here
 * touches the DOM tree. Start-up renders what IndexedDB holds first (offline is normal), pairs
 * the tablet when it opened a pairing link, then refreshes from the server in the
 * background. Every API request of the page goes through {@link apiFetch} (the device token).
 */
export class TillController {
  private current: TillState;
  private readonly listeners = new Set<(state: TillState) => void>();
  private readonly cleanups: (() => void)[] = [];
  private db: PosDb | null = null;
  private bridge: PageBridge | null = null;
  private stream: SessionStream | null = null;
  private fatalError: TillText | null = null;
  /** Re-evaluates the sale guard when the last verification grows too old (see salePauseAt). */
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private persistAsked = false;
  /** True from `pay()` to the commit (or failure) of its write: refuses a second tap. */
  private payInFlight = false;
  private refreshOk = false;
  private refreshing = false;
  private readonly dueTimer: DueCheckTimer;
  private readonly now: () => number;
  /**
   * The page's fetch for the API: adds the device token; a 401 to it marks the tablet unpaired
   * and shows the pairing screen at once (the worker tells the other tabs at its next request).
   */
  private readonly apiFetch: FetchFn;

  constructor(private readonly options: TillControllerOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.apiFetch = createAuthorizedFetch({
      fetch: (input, init) => baseFetch(input, init),
      db: () => this.db,
      origin: globalThis.location.origin,
      now: this.now,
      onUnpaired: () => void this.rereadLive(),
    });
    this.dueTimer = new DueCheckTimer(() => void this.bridge?.send({ type: 'heartbeat' }), this.now);
    this.current = initialTillState(navigator.onLine);
  }

  /** The state now. */
  get state(): TillState {
    return this.current;
  }

  /** Calls `cb` with the state now and after every change; returns an unsubscribe. */
  subscribe(cb: (state: TillState) => void): () => void {
    this.listeners.add(cb);
    cb(this.current);
    return () => this.listeners.delete(cb);
  }

  /**
   * Opens the database, renders what it holds, then starts the bridge, the push stream, the
   * periodic re-read and the background refresh. Resolves once IndexedDB was read (not waiting
   * for the network). Never rejects: failures land in `state.error`.
   */
  async start(): Promise<void> {
    if (this.db) return;
    try {
      this.db = await (this.options.openDb ?? openPosDb)({
        // Never wedged silently: an older tab that keeps the database from upgrading is named.
        versionchange: () => this.fail(tillMessages.newerVersion),
        blocked: () => this.set({ error: tillMessages.upgradeBlocked }),
        terminated: () => this.fail(tillMessages.storageClosed),
      });
      if (this.current.error === tillMessages.upgradeBlocked) this.set({ error: this.fatalError });
    } catch (error) {
      console.error('pos-shell: opening IndexedDB failed', error);
      this.fail(tillMessages.cannotStore);
      this.set({ loaded: true, refreshed: true });
      return;
    }
    await this.readAll(this.db);
    this.connect(this.db);
    void this.startUp();
  }

  /**
   * Pairs this tablet with a one-time code (typed on the pairing screen, or from a pairing link):
   * case and dash do not matter. Only a tablet without a working token spends it (pairDevice).
   * Once paired: refreshes from the server, checks the session and sends the outbox (orders kept
   * while unpaired go now, under the same device number). Resolves false, with the reason in
   * `state.pairingError`, when the code is malformed, the device is offline, or the server refused.
   */
  async pair(raw: string): Promise<boolean> {
    const db = this.db;
    if (!db || this.current.pairingBusy) return false;
    this.set({ pairingBusy: true, pairingError: null, pairingCode: raw });
    let attempt: PairAttempt;
    try {
      // Loaded on demand: a paired till (every start but the first) never needs it.
      const [{ pairWithCode }, { withLock }] = await Promise.all([
        import('./pair-device.js'),
        import('../sync/with-lock.js'),
      ]);
      attempt = await pairWithCode(
        { db, api: new ApiClient(this.apiFetch), withLock, online: navigator.onLine },
        raw,
      );
    } catch (error) {
      console.error('pos-shell: the pairing code could not be loaded', error);
      attempt = { ok: false, error: () => msg('The pairing screen could not be loaded: reload the till.') };
    }
    if (!attempt.ok) {
      this.set({ pairingBusy: false, pairingError: attempt.error });
      return false;
    }
    this.set({
      pairing: 'paired',
      pairingBusy: false,
      pairingCode: null,
      deviceNumber: attempt.outcome.deviceNumber ?? this.current.deviceNumber,
    });
    await this.rereadLive(); // the token, for the push stream
    this.refreshOk = false;
    await this.refresh();
    void this.bridge?.send({ type: 'flush-now' });
    return true;
  }

  /** Stops timers, listeners and the stream, and closes the database. */
  stop(): void {
    this.cleanups.splice(0).forEach((fn) => fn());
    this.dueTimer.cancel();
    clearTimeout(this.pauseTimer);
    this.stream?.stop();
    this.db?.close();
    this.db = null;
  }

  /**
   * Adds one unit of `product` (rule 1: only while the session is `opened`; see cartBlockReason
   * for the pause of an unverified session, which still lets the cart grow). False when refused:
   * the reason is `state.saleBlock`, shown beside Pay.
   */
  addProduct(product: Product): boolean {
    if (cartBlockReason(this.current)) return false;
    this.set({ cart: addProduct(this.current.cart, product), lastReceipt: null, error: this.fatalError });
    return true;
  }

  /**
   * Sets the quantity of cart line `index` exactly; 0 removes it. Throws `PosError('validation_failed')`
   * for a quantity the cart refuses (see quantityProblem in cart.ts): the cart element checks first
   * and says why, so only a caller that skipped the check sees it.
   */
  setQuantity(index: number, quantity: number): void {
    this.set({ cart: setQuantity(this.current.cart, index, quantity) });
  }

  /** Removes cart line `index`. */
  removeLine(index: number): void {
    this.set({ cart: removeLine(this.current.cart, index) });
  }

  /**
   * Sets the discount of cart line `index` exactly (a whole percent, 0–100). Throws
   * `PosError('validation_failed')` for anything else (see discountProblem in cart.ts), as setQuantity.
   */
  setDiscount(index: number, percent: number): void {
    this.set({ cart: setDiscount(this.current.cart, index, percent) });
  }

  /** Empties the cart (the cashier confirmed it). */
  clearCart(): void {
    this.set({ cart: [] });
  }

  /**
   * The orders of the current session kept on this device, newest first, each with its outbox
   * state, read from IndexedDB. Empty before the first session; rejects when IndexedDB fails.
   */
  async sessionHistory(): Promise<OutboxEntry[]> {
    const sessionId = this.current.currentSessionId;
    if (!this.db || sessionId === null) return [];
    return (await listBySession(this.db, sessionId)).reverse();
  }

  /**
   * Pays the cart: prepares the draft outside any transaction, writes it with `addOrder` (one transaction
   * that awaits nothing else), and only after the commit clears the cart and shows the receipt. Resolves
   * false with the cart kept: when the guard refuses (the reason is `state.saleBlock`, and Pay is disabled
   * with it beside), or when the write failed (the reason in `state.error`: a full disk refuses the sale,
   * never shows it paid).
   */
  async pay(payments: readonly Payment[]): Promise<boolean> {
    const s = this.current;
    if (saleBlockReason(s, this.now())) {
      this.set({}); // the guard's reason is derived afresh on every change
      return false;
    }
    if (!this.db || !s.sessionRecord || s.deviceNumber == null || s.currency == null) {
      this.set({ error: this.fatalError ?? tillMessages.notReady });
      return false;
    }
    if (this.payInFlight || s.cart.length === 0) return false;
    performance.mark(PAY_START_MARK);
    this.askPersistence();
    const draft = makeDraft({
      uuid: crypto.randomUUID(),
      sessionId: s.sessionRecord.id,
      deviceNumber: s.deviceNumber,
      currency: s.currency,
      cart: s.cart,
      payments,
      now: this.now(),
    });
    // A re-render while the sale's transaction waits on the main thread would delay its commit:
    // the busy state shows only when the write is slow (a second tap is refused meanwhile).
    this.payInFlight = true;
    const busy = setTimeout(() => this.set({ paying: true }), PAY_BUSY_DELAY_MS);
    try {
      const entry = await addOrder(this.db, draft, this.now());
      measurePayDurable();
      this.set({ cart: [], lastReceipt: entry.order, paying: false, error: this.fatalError });
    } catch (error) {
      console.error('pos-shell: the sale was not saved', error);
      this.set({
        paying: false,
        error: error instanceof PosError ? saleErrorText(error) : tillMessages.notSaved,
      });
      return false;
    } finally {
      clearTimeout(busy);
      this.payInFlight = false;
    }
    void this.rereadLive();
    void this.bridge?.send({ type: 'flush-now' }).then((delivered) => {
      // Offline (or the worker missed the message), Background Sync sends the order once the
      // network is back, even if this tab is closed by then. Online, a failed flush asks itself.
      if (!delivered || !navigator.onLine) void this.bridge?.requestOutboxSync?.();
    });
    return true;
  }

  /** Leaves the receipt for an empty sale. */
  newSale(): void {
    this.set({ lastReceipt: null });
  }

  /** Hides the error (an error that needs a reload stays). */
  dismissError(): void {
    this.set({ error: this.fatalError });
  }

  /**
   * Hides the non-blocking notice. The storage warning stays dismissed on this device until the
   * situation changes (the browser grants persistent storage, and later takes it back).
   */
  dismissNotice(): void {
    if (this.current.notice && isStorageWarning(this.current.notice)) rememberStorageWarningDismissed();
    this.set({ notice: null });
  }

  /**
   * What the Held orders area's desk works on: this till's database, fetch, clock, and a
   * re-read of the counts after a rescue. The area builds its desk from it when first opened, so
   * its code stays out of the first load.
   */
  readonly heldOrdersDeps: HeldOrdersDeskDeps = {
    db: () => this.db,
    fetch: (input, init) => this.apiFetch(input, init),
    now: () => this.now(),
    changed: () => void this.rereadLive(),
  };

  /** The bridge, for the update prompt (`onUpdateWaiting`); null before `start`. */
  get syncBridge(): PageBridge | null {
    return this.bridge;
  }

  private async readAll(db: PosDb): Promise<void> {
    try {
      this.set(await readStoredTill(db));
      await this.rereadLive();
    } catch (error) {
      console.error('pos-shell: reading IndexedDB failed', error);
      this.fail(tillMessages.cannotRead);
    }
    this.set({ loaded: true });
  }

  /**
   * Re-reads what other runners change: the current session, its record, the counts and the
   * pairing. When another tab paired this tablet again, refreshes from the server.
   */
  private async rereadLive(): Promise<void> {
    if (!this.db) return;
    try {
      const { token, ...live } = await readLiveTill(this.db);
      const pairedElsewhere =
        this.current.loaded &&
        this.current.pairing !== 'paired' &&
        live.pairing === 'paired' &&
        !this.current.pairingBusy;
      this.set(live);
      this.stream?.authorize(live.pairing === 'paired' ? token : null);
      this.stream?.follow(live.currentSessionId);
      if (pairedElsewhere) {
        this.refreshOk = false;
        void this.refresh();
      }
    } catch (error) {
      console.warn('pos-shell: re-reading IndexedDB failed', error);
    }
  }

  /** Starts the bridge, the push stream, the listeners and the periodic re-read. */
  private connect(db: PosDb): void {
    const bridge = this.options.createBridge?.(db) ?? startedBridge(db);
    this.bridge = bridge;
    this.scheduleDueCheck();
    this.cleanups.push(bridge.onMessage((msg) => this.onWorkerMessage(msg)));
    this.stream = new SessionStream(bridge);
    this.stream.start();
    this.stream.follow(this.current.currentSessionId);
    const timer = setInterval(() => void this.rereadLive(), REREAD_INTERVAL_MS);
    this.cleanups.push(() => clearInterval(timer));
    this.listen(globalThis, 'online', () => {
      this.set({ online: true });
      if (!this.refreshOk) void this.refresh();
    });
    this.listen(globalThis, 'offline', () => this.set({ online: false }));
    this.listen(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.rereadLive();
    });
  }

  /**
   * Start-up after IndexedDB was read: a pairing link's code is used when this tablet has no
   * working token and ignored otherwise, and leaves the address bar either way; then the refresh.
   */
  private async startUp(): Promise<void> {
    const code = pairCodeOf(this.options.search ?? globalThis.location.search);
    if (code === null) return this.refresh();
    if (this.current.pairing !== 'paired') await this.pair(code);
    if (this.options.search === undefined)
      globalThis.history.replaceState(
        globalThis.history.state,
        '',
        withoutPairParam(globalThis.location.href),
      );
    if (this.current.pairing === 'paired' && !this.refreshOk) await this.refresh();
    else this.set({ refreshed: true });
  }

  /**
   * The refresh from the server (a paired tablet only); failures become a notice, never a
   * blocker. A refused token shows the pairing screen instead (the authorized fetch marked it).
   */
  private async refresh(): Promise<void> {
    const db = this.db;
    if (!db || this.refreshing || !navigator.onLine || this.current.pairing !== 'paired') {
      this.set({ refreshed: true });
      return;
    }
    this.refreshing = true;
    const api = new ApiClient(this.apiFetch);
    try {
      await refreshFromServer(db, api, this.now, (patch) => {
        this.set(patch);
        if (patch.currentSessionId !== undefined) this.stream?.follow(patch.currentSessionId);
      });
      this.refreshOk = true;
    } catch (error) {
      if (!isRefusedToken(error)) {
        console.warn('pos-shell: the refresh from the server failed', error);
        const code = error instanceof PosError ? error.code : 'network';
        this.set({ notice: () => tillMessages.refreshFailed(code) });
      }
    } finally {
      this.refreshing = false;
      this.set({ refreshed: true });
    }
    void this.bridge?.send({ type: 'check-now' });
  }

  private onWorkerMessage(msg: WorkerMessage): void {
    if (msg.type === 'outbox-changed') {
      this.set({ counts: msg.counts });
      void this.rereadUploadError();
    } else if (msg.type === 'device-unpaired') {
      // Read, not trusted: a tab may have paired the tablet again since the refused request.
      void this.rereadLive();
    } else if (sameId(msg.record.id, this.current.currentSessionId)) {
      this.set({ sessionRecord: msg.record });
    }
  }

  /**
   * The last upload error the sync runner stored (visible while uploads fail, so an outage is not silent).
   */
  private async rereadUploadError(): Promise<void> {
    if (!this.db) return;
    this.set({ uploadError: (await readUploadError(this.db).catch(() => undefined)) ?? null });
  }

  /**
   * At the first sale, ask for persistent storage; warn (non-blocking) when refused, unless
   * the warning was dismissed on this device and storage was not granted since.
   */
  private askPersistence(): void {
    if (this.persistAsked) return;
    this.persistAsked = true;
    void requestPersistentStorage().then((granted) => {
      if (granted === true) forgetStorageWarningDismissal();
      if (granted === false && !storageWarningDismissed()) this.set({ notice: storageNotPersisted });
    });
  }

  private fail(message: TillText): void {
    this.fatalError = message;
    this.set({ error: message });
  }

  private listen(target: EventTarget, type: string, handler: () => void): void {
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }

  /** Wakes the sync runner right when the session check falls due (see DueCheckTimer). */
  private scheduleDueCheck(): void {
    this.dueTimer.schedule(this.bridge ? (this.current.sessionRecord?.nextCheckAt ?? null) : null);
  }

  /**
   * Applies `patch`, derives the sale guard's reason (`saleBlock`) afresh, and tells subscribers.
   * Nothing sets `saleBlock`: it goes away by itself once the state allows a sale again.
   */
  private set(patch: Partial<Omit<TillState, 'saleBlock'>>): void {
    const before = this.current.sessionRecord;
    const next = { ...this.current, ...patch };
    this.current = { ...next, saleBlock: saleBlockReason(next, this.now()) };
    if (this.current.sessionRecord !== before) this.scheduleDueCheck();
    this.schedulePauseCheck();
    for (const cb of this.listeners) cb(this.current);
  }

  /** Derives the guard again at the moment the last verification grows too old. */
  private schedulePauseCheck(): void {
    clearTimeout(this.pauseTimer);
    const at = salePauseAt(this.current);
    if (at !== null && this.db)
      this.pauseTimer = setTimeout(() => this.set({}), Math.max(0, at - this.now()));
  }
}

function startedBridge(db: PosDb): PageBridge {
  const bridge = new SwBridge(db);
  void bridge.start();
  return bridge;
}

/** Records the time from `pay()` to the commit as {@link PAY_DURABLE_MEASURE}, then drops the entries. */
function measurePayDurable(): void {
  try {
    performance.measure(PAY_DURABLE_MEASURE, PAY_START_MARK);
    performance.clearMarks(PAY_START_MARK);
    performance.clearMeasures(PAY_DURABLE_MEASURE); // a PerformanceObserver still sees each one
  } catch {
    // Timing is a nice-to-have: it must never turn a saved sale into a failed one.
  }
}

/** True for the API's 401 codes that mean this tablet's token no longer works. */
function isRefusedToken(error: unknown): boolean {
  return error instanceof PosError && (error.code === 'device_revoked' || error.code === 'unauthorized');
}
