import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { countAttempt } from '../db/attempts-repo.js';
import type { Executor } from '../db/database.js';

/**
 * A store for @fastify/rate-limit that counts in the database (attempt_counters), so the limit
 * holds across every instance on it, as its in-memory store held it for one process: a window
 * opens at an address's first attempt and lasts the route's `timeWindow`. Keys are
 * `<prefix>:<the plugin's key>` (the client's address). A database error reaches the plugin,
 * which fails the request with it (503 database_unavailable when the database is gone).
 */
export function sharedRateLimitStore(
  db: Executor,
  now: () => Date,
  prefix: string,
): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const at = now();
      countAttempt(db, `${prefix}:${key}`, at, timeWindow).then(
        (counted) =>
          callback(null, {
            current: counted.attempts,
            ttl: Math.max(0, Date.parse(counted.expiresAt) - at.getTime()),
          }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return SharedRateLimitStore;
}
