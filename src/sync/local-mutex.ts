import type { LockResult } from './with-lock.js';

/** Named mutexes inside one realm (one page or one worker): FIFO per name. */
export interface LocalMutex {
  /**
   * Runs `fn` once no other `run` of `name` in this mutex is running. With `ifAvailable`, resolves
   * `{acquired: false}` at once (without calling `fn`) when `name` is busy. Rejects with `fn`'s error.
   */
  run<T>(name: string, fn: () => Promise<T>, ifAvailable: boolean): Promise<LockResult<T>>;
}

/** A fresh set of in-memory named mutexes. The busy test is synchronous, so a burst of calls in one tick all see the first. */
export function createLocalMutex(): LocalMutex {
  const tails = new Map<string, Promise<void>>();
  return {
    async run<T>(name: string, fn: () => Promise<T>, ifAvailable: boolean): Promise<LockResult<T>> {
      const previous = tails.get(name);
      if (previous && ifAvailable) return { acquired: false };
      let release = (): void => undefined;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = (previous ?? Promise.resolve()).then(() => mine);
      tails.set(name, tail);
      try {
        await previous;
        return { acquired: true, value: await fn() };
      } finally {
        release();
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}
