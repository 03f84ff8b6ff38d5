import { sql } from 'kysely';
import type { Executor } from './database.js';

/** One attempt as counted: how many its window holds now (this one included), and when the window ends (ISO 8601 UTC). */
export interface CountedAttempt {
  attempts: number;
  expiresAt: string;
}

/**
 * Counts one attempt under `key` at `now` in ONE statement (an upsert), so instances counting at
 * the same moment never lose each other's attempts: PostgreSQL runs two upserts of one row one
 * after the other, the second adding to what the first wrote (a read, then a write, would let both
 * read the same count). A window of `windowMs` opens at the first attempt and holds every attempt
 * until it ends; the next attempt opens a new one. Opening a window also deletes the windows that
 * have ended (every key's), so the table holds only live ones.
 */
export async function countAttempt(
  db: Executor,
  key: string,
  now: Date,
  windowMs: number,
): Promise<CountedAttempt> {
  const at = now.toISOString();
  const fresh = new Date(now.getTime() + windowMs).toISOString();
  const ended = sql<boolean>`${sql.ref('attempt_counters.expires_at')} <= ${at}`;
  const row = await db
    .insertInto('attempt_counters')
    .values({ key, attempts: 1, expires_at: fresh })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        attempts: sql<number>`CASE WHEN ${ended} THEN 1 ELSE ${sql.ref('attempt_counters.attempts')} + 1 END`,
        expires_at: sql<string>`CASE WHEN ${ended} THEN ${fresh} ELSE ${sql.ref('attempt_counters.expires_at')} END`,
      }),
    )
    .returning(['attempts', 'expires_at'])
    .executeTakeFirstOrThrow();
  if (row.attempts === 1) await db.deleteFrom('attempt_counters').where('expires_at', '<=', at).execute();
  return { attempts: row.attempts, expiresAt: row.expires_at };
}

/**
 * Takes back one attempt {@link countAttempt} counted under `key` (a right manager PIN is no
 * failure), if its window (`expiresAt`) is still the one open.
 */
export async function takeBackAttempt(db: Executor, key: string, expiresAt: string): Promise<void> {
  await db
    .updateTable('attempt_counters')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('key', '=', key)
    .where('expires_at', '=', expiresAt)
    .where('attempts', '>', 0)
    .execute();
}

/**
 * The window open under `key` at `now`, as {@link countAttempt} left it, without counting: its
 * attempts and when it ends (ISO 8601 UTC). Null when none is open.
 */
export async function readAttempts(db: Executor, key: string, now: Date): Promise<CountedAttempt | null> {
  const row = await db
    .selectFrom('attempt_counters')
    .select(['attempts', 'expires_at'])
    .where('key', '=', key)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? { attempts: row.attempts, expiresAt: row.expires_at } : null;
}
