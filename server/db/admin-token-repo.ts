import type { Executor } from './database.js';

/** The stored hash of the generated admin token (hashToken), or null when none was made yet. */
export async function readAdminTokenHash(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('admin_token').select('token_hash').where('id', '=', 1).executeTakeFirst();
  return row?.token_hash ?? null;
}

/**
 * Stores `tokenHash` as THE admin token's hash unless one is stored already, in one statement
 * (`ON CONFLICT DO NOTHING` on the single row): of two instances starting together on an empty
 * database, one stores its token and the other gets false and reads the winner's hash. True when
 * this one was stored.
 */
export async function storeAdminTokenHash(db: Executor, tokenHash: string, now: Date): Promise<boolean> {
  const stored = await db
    .insertInto('admin_token')
    .values({ id: 1, token_hash: tokenHash, created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return stored !== undefined;
}
