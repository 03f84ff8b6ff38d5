import { CHANNEL_NAME, OUTBOX_SYNC_TAG } from '../domain/api/names.js';
import type { PageMessage } from '../domain/messages.js';
import { parseWorkerMessage, type WorkerMessage } from '../domain/worker-message.js';
import { lazily } from '../domain/lazily.js';
import type { PosDb } from '../store/db.js';
import type { PageBridge } from './page-bridge.js';
import type { UpdateSource } from './update-source.js';

/**
 * How often every page wakes the sync runner. The service worker cannot keep a timer (the browser
 * stops it when idle), so it runs "check if due" when a page calls; a check due at the config's
 * frequency therefore runs at most one heartbeat late, which keeps a closure visible on every
 * page within frequency + 1 s (DESIGN.md, performance budgets); not while an accepted update
 * takes over, when every tab holds its heartbeats for up to UPDATE_ACTIVATION_TIMEOUT_MS (see
 * {@link SwBridge.applyUpdate}; a pushed closure still goes through).
 */
export const HEARTBEAT_INTERVAL_MS = 1_000;
/**
 * After `online`, the flush is asked for again this much later: the event can come before requests
 * get through (the worker's network a moment after the page's, a network's first instants), and a
 * flush failing then waits out a backoff of seconds with the network back.
 */
export const ONLINE_FLUSH_AGAIN_MS = 1_000;
/** Longest wait for an active service worker before `send` gives up (it must never hang). */
export const SEND_TIMEOUT_MS = 3_000;
/** Path of the service worker script, at the site root so its scope is the whole app. */
export const SW_URL = '/sw.js';
/**
 * How often an open till asks the server for a new worker. Browsers check on navigation only,
 * and a till may stay open all day; a new version then shows its prompt within this time.
 */
export const UPDATE_CHECK_INTERVAL_MS = 30 * 60_000;
/**
 * Longest wait for the waiting worker to take control after `skip-waiting`. Activation only
 * swaps caches (the new precache was filled at install), so it takes well under a second.
 * Every tab of the till holds its heartbeats for this long at most (`apply-update.ts` says why).
 */
export const UPDATE_ACTIVATION_TIMEOUT_MS = 10_000;
/** What the applying tab posts to the others on CHANNEL_NAME. */
const UPDATE_APPLYING = 'update-applying';

/** Who runs the sync: the service worker, or this page as a fallback. */
export type SyncMode = 'worker' | 'page';

/**
 * The one page-side bridge to the service worker and the only module that touches
 * `navigator.serviceWorker`: registers `/sw.js` with workbox-window, sends page messages to the
 * active worker, listens on the BroadcastChannel and the worker's `message` event, beats the
 * heartbeat, and on `online` asks for a check and a flush (and for a flush again a second later).
 * Without a service worker (unsupported, or registration failed) it runs the sync functions in the
 * page instead, on the same messages.
 */
export class SwBridge implements PageBridge, UpdateSource {
  private readonly listeners = new Set<(msg: WorkerMessage) => void>();
  private readonly waitingListeners = new Set<() => void>();
  private readonly activatedListeners = new Set<() => void>();
  /** A new worker was seen installed and waiting (sticky: late subscribers hear it too). */
  private updateWaiting = false;
  /** A new worker took control after {@link updateWaiting}. */
  private updateActivated = false;
  private updateTimer: ReturnType<typeof setInterval> | undefined;
  /**
   * Until when (`performance.now()`, ms: a clock set back cannot stretch it) this page's heartbeats
   * wait: an accepted update is taking over.
   */
  private heldUntil = 0;
  private channel: BroadcastChannel | null = null;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private flushAgain: ReturnType<typeof setTimeout> | undefined;
  /** The page's own sync runner, loaded at the first message it must run (a chunk that failed is tried again). */
  private readonly loadPageSync = lazily(() =>
    import('./page-sync.js').then(({ PageSync }) => new PageSync(this.db, (msg) => this.broadcast(msg))),
  );
  /** The update's code (`apply-update.ts`), loaded when an update is accepted (a failed load is tried again). */
  private readonly loadUpdate = lazily(() => import('./apply-update.js'));
  private modeReady: Promise<SyncMode> | null = null;

  constructor(private readonly db: PosDb) {}

  /** Starts listening and registering; idempotent. Resolves with the mode once it is known. */
  start(): Promise<SyncMode> {
    if (this.modeReady) return this.modeReady;
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(CHANNEL_NAME);
      this.channel.addEventListener('message', this.onIncoming);
    }
    if ('serviceWorker' in navigator) navigator.serviceWorker.addEventListener('message', this.onIncoming);
    globalThis.addEventListener('online', this.onOnline);
    this.heartbeat = setInterval(() => void this.send({ type: 'heartbeat' }), HEARTBEAT_INTERVAL_MS);
    this.modeReady = this.register();
    return this.modeReady;
  }

  /** Stops the heartbeat and every listener (tests, page teardown). */
  stop(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.updateTimer);
    clearTimeout(this.flushAgain);
    this.channel?.close();
    this.channel = null;
    if ('serviceWorker' in navigator) navigator.serviceWorker.removeEventListener('message', this.onIncoming);
    globalThis.removeEventListener('online', this.onOnline);
  }

  /**
   * {@inheritDoc PageBridge.send} Waits for the mode first (registration settles quickly). A
   * heartbeat while an accepted update takes over is not sent (false): see {@link applyUpdate}.
   */
  async send(msg: PageMessage): Promise<boolean> {
    const mode = await (this.modeReady ?? this.start());
    try {
      if (mode === 'page') {
        const sync = await this.loadPageSync();
        void sync.handle(msg);
        return true;
      }
      const registration = await withTimeout(navigator.serviceWorker.ready, SEND_TIMEOUT_MS);
      const worker = registration?.active;
      if (!worker) return false;
      if (msg.type === 'heartbeat' && performance.now() < this.heldUntil) return false;
      worker.postMessage(msg);
      return true;
    } catch (error) {
      console.warn(`pos-shell: could not deliver ${msg.type}`, error);
      return false;
    }
  }

  /** {@inheritDoc PageBridge.requestOutboxSync} Feature-detected: Chromium has Background Sync. */
  async requestOutboxSync(): Promise<boolean> {
    if (!('serviceWorker' in navigator) || (await (this.modeReady ?? this.start())) !== 'worker')
      return false;
    try {
      const registration = await withTimeout<
        ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
      >(navigator.serviceWorker.ready, SEND_TIMEOUT_MS);
      if (!registration?.sync) return false;
      await registration.sync.register(OUTBOX_SYNC_TAG);
      return true;
    } catch {
      return false; // refused (permission, private mode): heartbeats and `online` still flush
    }
  }

  onMessage(cb: (msg: WorkerMessage) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** {@inheritDoc UpdateSource.onUpdateWaiting} */
  onUpdateWaiting(cb: () => void): () => void {
    this.waitingListeners.add(cb);
    if (this.updateWaiting) cb();
    return () => this.waitingListeners.delete(cb);
  }

  /** {@inheritDoc UpdateSource.onUpdateActivated} */
  onUpdateActivated(cb: () => void): () => void {
    this.activatedListeners.add(cb);
    if (this.updateActivated) cb();
    return () => this.activatedListeners.delete(cb);
  }

  /**
   * {@inheritDoc UpdateSource.applyUpdate} applyWaitingWorker (`apply-update.ts`, a chunk of its
   * own, loaded when the cashier accepts: the first load carries only what a sale needs), with
   * every tab's heartbeats held meanwhile: this one's, and the others' told on CHANNEL_NAME.
   */
  async applyUpdate(): Promise<boolean> {
    if (this.updateActivated) return true;
    if (!('serviceWorker' in navigator)) return false;
    try {
      const { applyWaitingWorker } = await this.loadUpdate();
      return await applyWaitingWorker({
        hold: () => {
          this.holdHeartbeats();
          this.channel?.postMessage(UPDATE_APPLYING);
        },
        release: () => {
          this.heldUntil = 0;
        },
      });
    } catch {
      return false; // the chunk could not be loaded: the cashier may try again
    }
  }

  /** {@inheritDoc UpdateSource.flushRunning} In the update's chunk (`apply-update.ts`). */
  async flushRunning(): Promise<boolean> {
    try {
      return await (await this.loadUpdate()).flushRunning();
    } catch {
      return false;
    }
  }

  /** Registers the worker; any failure (or no support) means the page runs the sync itself. */
  private async register(): Promise<SyncMode> {
    if (!('serviceWorker' in navigator) || !globalThis.isSecureContext) return 'page';
    try {
      // Its own chunk: registering waits for nothing the first sale needs, and the till's first
      // load is smaller without it (it is in the worker's precache like every chunk).
      const { Workbox } = await import('workbox-window');
      const wb = new Workbox(SW_URL);
      // isUpdate is false on a first install, and no worker waits then: only a real update calls this.
      wb.addEventListener('waiting', () => this.markWaiting());
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (this.updateWaiting) this.markActivated();
      });
      const registration = await wb.register();
      if (!registration) return 'page';
      this.watchUpdates(registration);
      return 'worker';
    } catch (error) {
      console.warn('pos-shell: service worker registration failed; syncing from the page', error);
      return 'page';
    }
  }

  /**
   * Sees every later install too: workbox-window stops listening to `updatefound` after the first
   * update it did not start itself, and a till stays open through several deployments.
   */
  private watchUpdates(registration: ServiceWorkerRegistration): void {
    const check = (): void => {
      if (registration.waiting && navigator.serviceWorker.controller) this.markWaiting();
    };
    registration.addEventListener('updatefound', () => {
      registration.installing?.addEventListener('statechange', check);
    });
    check();
    this.updateTimer = setInterval(
      () => void registration.update().catch(() => undefined),
      UPDATE_CHECK_INTERVAL_MS,
    );
  }

  private markWaiting(): void {
    if (this.updateWaiting) return;
    this.updateWaiting = true;
    this.waitingListeners.forEach((cb) => cb());
  }

  private markActivated(): void {
    if (this.updateActivated) return;
    this.updateActivated = true;
    this.activatedListeners.forEach((cb) => cb());
  }

  /** Fallback broadcast: this page's listeners, then every other tab through the channel. */
  private broadcast(msg: WorkerMessage): void {
    this.deliver(msg);
    this.channel?.postMessage(msg);
  }

  private readonly onIncoming = (event: MessageEvent): void => {
    if (event.data === UPDATE_APPLYING) return this.holdHeartbeats();
    const msg = parseWorkerMessage(event.data);
    if (msg) this.deliver(msg);
  };

  /**
   * Holds this page's heartbeats for UPDATE_ACTIVATION_TIMEOUT_MS (released early only in the
   * applying tab, when the update gave up; after a switch the tab reloads).
   */
  private holdHeartbeats(): void {
    this.heldUntil = performance.now() + UPDATE_ACTIVATION_TIMEOUT_MS;
  }

  private readonly onOnline = (): void => {
    void this.send({ type: 'check-now' });
    void this.send({ type: 'flush-now' });
    clearTimeout(this.flushAgain);
    this.flushAgain = setTimeout(() => void this.send({ type: 'flush-now' }), ONLINE_FLUSH_AGAIN_MS);
  };

  private deliver(msg: WorkerMessage): void {
    for (const cb of this.listeners) {
      try {
        cb(msg);
      } catch (error) {
        console.error('pos-shell: a bridge listener failed', error);
      }
    }
  }
}

/** `promise`, or undefined when it has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
