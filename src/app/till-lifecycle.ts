import type { WorkerMessage } from '../domain/messages.js';
import type { PageBridge } from '../bridge/page-bridge.js';
import type { OpenPosDbHooks, PosDb } from '../store/db.js';
import { DueCheckTimer } from './due-check-timer.js';
import { salePauseAt } from './sale-guard.js';
import type { Scheduler } from './scheduler.js';
import { tillMessages } from './till-messages.js';
import type { TillState } from './till-state.js';
import type { TillStateHolder } from './till-state-holder.js';
import type { StreamTarget, TillStartup } from './till-startup.js';

/** How often the page re-reads counts and the session record from IndexedDB without being told. */
export const REREAD_INTERVAL_MS = 5_000;

/** The push stream as the lifecycle runs it (SessionStream). */
export interface ManagedStream extends StreamTarget {
  start(): void;
  stop(): void;
}

/** Where the page's events fire: `online`/`offline` on the window, `visibilitychange` on the document. */
export interface PageEvents {
  window: EventTarget;
  document: EventTarget;
  /** `document.visibilityState === 'visible'`. */
  visible(): boolean;
  /** `navigator.onLine`. */
  online(): boolean;
}

/** What the lifecycle needs; all injected so Node tests pass fakes. */
export interface TillLifecycleDeps {
  holder: TillStateHolder;
  /** Opens IndexedDB (openPosDb), calling the hooks when another tab or the browser gets in the way. */
  openDb: (hooks: OpenPosDbHooks) => Promise<PosDb>;
  /** Makes and starts the sync bridge over the opened database. */
  createBridge: (db: PosDb) => PageBridge;
  /** Makes the push stream over the bridge (not started). */
  createStream: (bridge: PageBridge) => ManagedStream;
  startup: Pick<TillStartup, 'readAll' | 'rereadLive' | 'startUp' | 'onOnline'>;
  /** Every worker → page message (applyWorkerMessage). */
  onWorkerMessage: (message: WorkerMessage) => void;
  scheduler: Scheduler;
  /** Device clock, epoch ms. */
  now: () => number;
  events: PageEvents;
}

/**
 * The till's life from `start` to `stop`: opens IndexedDB (an older tab blocking the upgrade, a
 * newer one taking over, or the browser closing it are said, never a silent wedge), has it read
 * and rendered, then starts the bridge, the push stream, the periodic re-read, the listeners
 * (online, offline, visible again), the wake-up when the session check falls due, and the sale
 * guard's re-derivation when the last verification grows too old; then the background start-up.
 */
export class TillLifecycle {
  private opened: PosDb | null = null;
  private opening = false;
  private syncBridge: PageBridge | null = null;
  private pushStream: ManagedStream | null = null;
  private readonly cleanups: (() => void)[] = [];
  private cancelPause: () => void = () => undefined;
  private readonly dueTimer: DueCheckTimer;

  constructor(private readonly deps: TillLifecycleDeps) {
    this.dueTimer = new DueCheckTimer(
      () => void this.syncBridge?.send({ type: 'heartbeat' }),
      deps.now,
      deps.scheduler,
    );
  }

  /** The opened database; null before `start`, after `stop`, or when it could not be opened. */
  get db(): PosDb | null {
    return this.opened;
  }

  /** The sync bridge; null before `start` read IndexedDB. */
  get bridge(): PageBridge | null {
    return this.syncBridge;
  }

  /** The push stream; null before `start` read IndexedDB and after `stop`. */
  get stream(): StreamTarget | null {
    return this.pushStream;
  }

  /**
   * Opens the database, renders what it holds, then starts everything else. Resolves once
   * IndexedDB was read (not waiting for the network). Never rejects: failures land in
   * `state.error`; a database that cannot be opened leaves the till `loaded` with no sale possible.
   */
  async start(): Promise<void> {
    if (this.opened || this.opening) return;
    const { holder } = this.deps;
    this.opening = true;
    try {
      this.opened = await this.deps.openDb({
        versionchange: () => holder.fail(tillMessages.newerVersion),
        blocked: () => holder.set({ error: tillMessages.upgradeBlocked }),
        terminated: () => holder.fail(tillMessages.storageClosed),
      });
      if (holder.state.error === tillMessages.upgradeBlocked) holder.set({ error: holder.fatalError });
    } catch (error) {
      console.error('pos-shell: opening IndexedDB failed', error);
      holder.fail(tillMessages.cannotStore);
      holder.set({ loaded: true, refreshed: true });
      return;
    } finally {
      this.opening = false;
    }
    this.watchState();
    await this.deps.startup.readAll(this.opened);
    this.connect(this.opened);
    void this.deps.startup.startUp();
  }

  /** Stops timers, listeners and the stream, and closes the database. */
  stop(): void {
    this.cleanups.splice(0).forEach((fn) => fn());
    this.dueTimer.cancel();
    this.cancelPause();
    this.pushStream?.stop();
    this.pushStream = null;
    this.opened?.close();
    this.opened = null;
  }

  /** Starts the bridge, the push stream, the listeners and the periodic re-read. */
  private connect(db: PosDb): void {
    const { holder, startup, scheduler, events } = this.deps;
    const bridge = this.deps.createBridge(db);
    this.syncBridge = bridge;
    this.scheduleDueCheck(holder.state);
    this.cleanups.push(bridge.onMessage((message) => this.deps.onWorkerMessage(message)));
    const stream = this.deps.createStream(bridge);
    this.pushStream = stream;
    stream.start();
    stream.follow(holder.state.currentSessionId);
    this.cleanups.push(scheduler.every(REREAD_INTERVAL_MS, () => void startup.rereadLive()));
    this.listen(events.window, 'online', () => {
      holder.set({ online: true });
      startup.onOnline();
    });
    this.listen(events.window, 'offline', () => holder.set({ online: false }));
    // The state read `navigator.onLine` when the till was built, before the database opened: an
    // `offline` (or `online`) event fired in between reached no listener, and the till said Online
    // with the network gone. Read it again now that the listeners are on.
    if (holder.state.online !== events.online()) holder.set({ online: events.online() });
    this.listen(events.document, 'visibilitychange', () => {
      if (events.visible()) void startup.rereadLive();
    });
  }

  /** Follows every change: a new session record moves the due wake-up; any change may move the pause. */
  private watchState(): void {
    let record: TillState['sessionRecord'] | undefined;
    this.cleanups.push(
      this.deps.holder.subscribe((state) => {
        this.schedulePause(state);
        if (state.sessionRecord !== record) {
          record = state.sessionRecord;
          this.scheduleDueCheck(state);
        }
      }),
    );
  }

  /** Wakes the sync runner right when the session check falls due (see DueCheckTimer). */
  private scheduleDueCheck(state: TillState): void {
    this.dueTimer.schedule(this.syncBridge ? (state.sessionRecord?.nextCheckAt ?? null) : null);
  }

  /**
   * Derives the guard again at the moment the last verification grows too old. Once that moment
   * has passed the guard already refuses, and time alone changes nothing more: no timer then (one
   * at 0 ms would derive again, and re-render the till, in a loop for as long as sales stay paused).
   */
  private schedulePause(state: TillState): void {
    this.cancelPause();
    this.cancelPause = () => undefined;
    const at = salePauseAt(state);
    const now = this.deps.now();
    if (at !== null && at > now)
      this.cancelPause = this.deps.scheduler.after(at - now, () => this.deps.holder.set({}));
  }

  private listen(target: EventTarget, type: string, handler: () => void): void {
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }
}
