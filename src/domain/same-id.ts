import type { Id } from './ids.js';

/**
 * The comparison of opaque ids, zod-free so that the till's first load can use it without the
 * schemas (ids.ts has IdSchema and re-exports this).
 */

/** True when two opaque ids name the same thing (`42` and `"42"` do). */
export function sameId(a: Id | null | undefined, b: Id | null | undefined): boolean {
  return a != null && b != null && String(a) === String(b);
}
