import { addProduct, removeLine, setQuantity } from '../domain/cart.js';
import { sameId } from '../domain/ids.js';
import type { WorkerMessage } from '../domain/messages.js';
import type { Payment } from '../domain/pos-order.js';
import { PosError } from '../domain/pos-error.js';
import type { Product } from '../domain/product.js';
import { openPosDb, type PosDb } from '../store/db.js';
import { addOrder } from '../store/outbox-repo.js';
import { SessionStream } from '../bridge/session-stream.js';
import { SwBridge } from '../bridge/sw-bridge.js';
import type { PageBridge } from '../bridge/page-bridge.js';
import { ApiClient } from './api-client.js';
import { DueCheckTimer } from './due-check-timer.js';
import { makeDraft } from './make-draft.js';
import { requestPersistentStorage, STORAGE_NOT_PERSISTED } from './persist-storage.js';
import { readLiveTill, readStoredTill } from './read-stored-till.js';
import { refreshFromServer } from './refresh-from-server.js';
import { saleBlockReason } from './sale-guard.js';
import { initialTillState, type TillState } from './till-state.js';

/** How often the page re-reads counts and the session record from IndexedDB without being told. */
export const REREAD_INTERVAL_MS = 5_000;
/** Shown when another tab opened a newer database version: this connection is closed. */
export const NEWER_VERSION_MESSAGE = 'A newer version was opened in another tab: reload.';

/** Seams for tests; every one defaults to the browser's. */
export interface TillControllerOptions {
  openDb?: typeof openPosDb;
  fetch?: typeof fetch;
  now?: () => number;
  /** `location.search`, read for `?config=<id>`. */
  search?: string;
  /** Makes and starts the sync bridge over the opened database. */
  createBridge?: (db: PosDb) => PageBridge;
}

/**
 * The one object of the page that talks to src/store, the API and the sync bridge. Lit elements
 * read {@link TillState} through {@link subscribe} and call the intent methods; nothing here
 * touches the DOM tree. Start-up renders what IndexedDB holds first (offline is normal), then
 * refreshes from the server in the background.
 */
export class TillController {
  private current: TillState;
  private readonly listeners = new Set<(state: TillState) => void>();
  private readonly cleanups: (() => void)[] = [];
  private db: PosDb | null = null;
  private bridge: PageBridge | null = null;
  private stream: SessionStream | null = null;
  private fatalError: string | null = null;
  private persistAsked = false;
  private refreshOk = false;
  private refreshing = false;
  private readonly dueTimer: DueCheckTimer;
  private readonly now: () => number;

  constructor(private readonly options: TillControllerOptions = {}) {
    this.now = options.now ?? (() => Date.now());
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
      this.db = await (this.options.openDb ?? openPosDb)({ versionchange: () => this.fail(NEWER_VERSION_MESSAGE) });
    } catch (error) {
      this.fail(`This device cannot store sales: ${messageOf(error)}`);
      this.set({ loaded: true, refreshed: true });
      return;
    }
    await this.readAll(this.db);
    this.connect(this.db);
    void this.refresh();
  }

  /** Stops timers, listeners and the stream, and closes the database. */
  stop(): void {
    this.cleanups.splice(0).forEach((fn) => fn());
    this.dueTimer.cancel();
    this.stream?.stop();
    this.db?.close();
    this.db = null;
  }

  /** Adds one unit of `product` (rule 1: only while the session is `opened`). False when refused. */
  addProduct(product: Product): boolean {
    const reason = saleBlockReason(this.current, this.now());
    if (reason) {
      this.set({ error: reason });
      return false;
    }
    this.set({ cart: addProduct(this.current.cart, product), lastReceipt: null, error: this.fatalError });
    return true;
  }

  /** Sets the quantity of cart line `index`; 0 removes it. */
  setQuantity(index: number, quantity: number): void {
    this.set({ cart: setQuantity(this.current.cart, index, quantity) });
  }

  /** Removes cart line `index`. */
  removeLine(index: number): void {
    this.set({ cart: removeLine(this.current.cart, index) });
  }

  /**
   * Pays the cart: prepares the draft outside any transaction, writes it with `addOrder` (C06),
   * and only after the commit clears the cart and shows the receipt. Resolves false, with the
   * cart kept and the reason in `state.error`, when refused or when the write failed (C17).
   */
  async pay(payments: readonly Payment[]): Promise<boolean> {
    const s = this.current;
    const reason = saleBlockReason(s, this.now());
    if (reason || !this.db || !s.sessionRecord || s.deviceNumber == null || s.currency == null) {
      this.set({ error: reason ?? this.fatalError ?? 'The till is not ready to take payments.' });
      return false;
    }
    if (s.paying || s.cart.length === 0) return false;
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
    this.set({ paying: true });
    try {
      const entry = await addOrder(this.db, draft, this.now());
      this.set({ cart: [], lastReceipt: entry.order, paying: false, error: this.fatalError });
    } catch (error) {
      const message = error instanceof PosError ? error.message : `The sale was not saved: ${messageOf(error)}`;
      this.set({ paying: false, error: message });
      return false;
    }
    void this.rereadLive();
    void this.bridge?.send({ type: 'flush-now' });
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

  /** Hides the non-blocking notice. */
  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** The bridge, for the update prompt (`onUpdateWaiting`); null before `start`. */
  get syncBridge(): PageBridge | null {
    return this.bridge;
  }

  private async readAll(db: PosDb): Promise<void> {
    try {
      this.set(await readStoredTill(db));
      await this.rereadLive();
    } catch (error) {
      this.fail(`The data on this device could not be read: ${messageOf(error)}`);
    }
    this.set({ loaded: true });
  }

  /** Re-reads what other runners change: the current session, its record and the counts. */
  private async rereadLive(): Promise<void> {
    if (!this.db) return;
    try {
      const live = await readLiveTill(this.db);
      this.set(live);
      this.stream?.follow(live.currentSessionId);
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

  /** The start-up refresh from the server; failures become a notice, never a blocker. */
  private async refresh(): Promise<void> {
    const db = this.db;
    if (!db || this.refreshing || !navigator.onLine) {
      this.set({ refreshed: true });
      return;
    }
    this.refreshing = true;
    const api = new ApiClient(this.options.fetch ?? globalThis.fetch.bind(globalThis));
    const param = new URLSearchParams(this.options.search ?? globalThis.location.search).get('config');
    try {
      await refreshFromServer(db, api, param, this.now, (patch) => {
        this.set(patch);
        if (patch.currentSessionId !== undefined) this.stream?.follow(patch.currentSessionId);
      });
      this.refreshOk = true;
    } catch (error) {
      this.set({ notice: `Could not refresh from the server (${messageOf(error)}): working from the data on this device.` });
    } finally {
      this.refreshing = false;
      this.set({ refreshed: true });
    }
    void this.bridge?.send({ type: 'check-now' });
  }

  private onWorkerMessage(msg: WorkerMessage): void {
    if (msg.type === 'outbox-changed') {
      this.set({ counts: msg.counts });
    } else if (sameId(msg.record.id, this.current.currentSessionId)) {
      this.set({ sessionRecord: msg.record });
    }
  }

  /** C10: at the first sale, ask for persistent storage; warn (non-blocking) when refused. */
  private askPersistence(): void {
    if (this.persistAsked) return;
    this.persistAsked = true;
    void requestPersistentStorage().then((granted) => {
      if (granted === false) this.set({ notice: STORAGE_NOT_PERSISTED });
    });
  }

  private fail(message: string): void {
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

  private set(patch: Partial<TillState>): void {
    const before = this.current.sessionRecord;
    this.current = { ...this.current, ...patch };
    if (this.current.sessionRecord !== before) this.scheduleDueCheck();
    for (const cb of this.listeners) cb(this.current);
  }
}

function startedBridge(db: PosDb): PageBridge {
  const bridge = new SwBridge(db);
  void bridge.start();
  return bridge;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
