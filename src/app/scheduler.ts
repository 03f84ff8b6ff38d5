/**
 * Timers as the till's parts use them, injected so Node tests run them by hand (fake-indexeddb
 * hangs under fake timers). Each call returns its cancel.
 */
export interface Scheduler {
  /** Calls `fn` once, after `ms` (0: on a later task). */
  after(ms: number, fn: () => void): () => void;
  /** Calls `fn` every `ms` until cancelled. */
  every(ms: number, fn: () => void): () => void;
}

/** The browser's (or Node's) own timers. */
export const realScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
};
