import type { UpdateSource } from '../bridge/update-source.js';

/**
 * Where the update prompt stands (an update is applied only between sales, never mid-sale):
 * - `none`: no new version.
 * - `available`: a new version waits; the cashier may apply it.
 * - `after-sale`: the cashier accepted (or another tab applied it) while a sale was in progress:
 *   the till updates as soon as the sale is over.
 * - `applying`: activating the new worker, then reloading; the shell takes no taps meanwhile.
 * - `failed`: the new worker did not take control; the cashier may try again.
 */
export type UpdateStatus = 'none' | 'available' | 'after-sale' | 'applying' | 'failed';

/**
 * Longest wait for a running outbox flush before updating anyway (a cut flush is resent, and the server
 * answers `duplicate` for what it already has).
 */
export const FLUSH_WAIT_MS = 10_000;
/** Poll interval while waiting for a flush to end. */
export const FLUSH_POLL_MS = 200;

/** What the flow needs; all injected so unit tests drive it without a browser. */
export interface UpdateFlowDeps {
  source: UpdateSource;
  /** Reloads the page (the new worker then serves the new version). */
  reload: () => void;
  /** Resolves after `ms`; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>;
  /** Device clock, epoch ms. */
  now?: () => number;
}

/**
 * The safe-update rule: a new version is applied only between sales: the cart empty, no payment
 * panel, no receipt on screen, and no outbox flush running. The shell reports "a sale is in
 * progress" through {@link setBusy}; the cashier's tap goes to {@link request}.
 */
export class UpdateFlow {
  private current: UpdateStatus = 'none';
  private busy = false;
  /** A new worker already controls the page: only a reload is left to do. */
  private activated = false;
  private reloading = false;
  private readonly listeners = new Set<(status: UpdateStatus) => void>();
  private readonly unsubscribe: (() => void)[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: UpdateFlowDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = deps.now ?? (() => Date.now());
    this.unsubscribe = [
      deps.source.onUpdateWaiting(() => this.onWaiting()),
      deps.source.onUpdateActivated(() => this.onActivated()),
    ];
  }

  /** The status now. */
  get status(): UpdateStatus {
    return this.current;
  }

  /** Calls `cb` after every change; returns an unsubscribe. */
  subscribe(cb: (status: UpdateStatus) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Stops listening to the source. */
  dispose(): void {
    this.unsubscribe.forEach((fn) => fn());
    this.listeners.clear();
  }

  /** The shell says whether a sale is in progress; an accepted update runs once it is not. */
  setBusy(busy: boolean): void {
    const wasBusy = this.busy;
    this.busy = busy;
    if (wasBusy && !busy && this.current === 'after-sale') void this.apply();
  }

  /** The cashier tapped Update: now when no sale is in progress, else right after the sale. */
  request(): void {
    if (this.current !== 'available' && this.current !== 'failed') return;
    if (this.busy) this.set('after-sale');
    else void this.apply();
  }

  private onWaiting(): void {
    if (this.current === 'none') this.set('available');
  }

  /** Another tab (or this one) activated the new worker: reload now if idle, else after the sale. */
  private onActivated(): void {
    this.activated = true;
    if (this.current === 'applying') return; // apply() reloads
    if (this.busy) this.set('after-sale');
    else this.reload();
  }

  private async apply(): Promise<void> {
    if (this.current === 'applying') return;
    this.set('applying');
    if (this.activated) return this.reload();
    await this.waitForFlush();
    if (this.busy) return this.set('after-sale'); // a sale started while waiting
    if (await this.deps.source.applyUpdate()) this.reload();
    else this.set(this.activated ? 'after-sale' : 'failed');
  }

  private async waitForFlush(): Promise<void> {
    const deadline = this.now() + FLUSH_WAIT_MS;
    while (this.now() < deadline && (await this.deps.source.flushRunning())) await this.sleep(FLUSH_POLL_MS);
  }

  private reload(): void {
    if (this.reloading) return;
    this.reloading = true;
    this.set('applying');
    this.deps.reload();
  }

  private set(status: UpdateStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const cb of this.listeners) cb(status);
  }
}
