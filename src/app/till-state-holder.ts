import { saleBlockReason } from './sale-guard.js';
import type { TillText } from './till-messages.js';
import type { TillState } from './till-state.js';

/** A change to the till state: anything but `saleBlock`, which is derived. */
export type TillPatch = Partial<Omit<TillState, 'saleBlock'>>;

/**
 * Owns the {@link TillState} every part of the till controller writes and the shell reads: each
 * change replaces the object (Lit compares by identity), derives the sale guard's reason afresh,
 * and tells the subscribers. Also keeps the failure that needs a reload, so that dismissing a
 * passing error never hides it.
 */
export class TillStateHolder {
  private current: TillState;
  private fatal: TillText | null = null;
  private readonly listeners = new Set<(state: TillState) => void>();

  /** `now` is device epoch ms, read at every change for the guard. */
  constructor(
    initial: TillState,
    private readonly now: () => number,
  ) {
    this.current = initial;
  }

  /** The state now. */
  get state(): TillState {
    return this.current;
  }

  /** The failure that stays until a reload, or null. */
  get fatalError(): TillText | null {
    return this.fatal;
  }

  /** Calls `cb` with the state now and after every change; returns an unsubscribe. */
  subscribe(cb: (state: TillState) => void): () => void {
    this.listeners.add(cb);
    cb(this.current);
    return () => this.listeners.delete(cb);
  }

  /**
   * Applies `patch`, derives `saleBlock` afresh (nothing sets it: it goes away by itself once the
   * state allows a sale again), and tells subscribers. `set({})` only derives the guard again.
   */
  set(patch: TillPatch): void {
    const next = { ...this.current, ...patch };
    this.current = { ...next, saleBlock: saleBlockReason(next, this.now()) };
    for (const cb of this.listeners) cb(this.current);
  }

  /** Shows `message` as an error that no dismissal hides (the till must be reloaded). */
  fail(message: TillText): void {
    this.fatal = message;
    this.set({ error: message });
  }

  /** Hides the error, but not one that needs a reload. */
  dismissError(): void {
    this.set({ error: this.fatal });
  }
}
