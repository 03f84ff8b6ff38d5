import { sql, type Kysely } from 'kysely';

/**
 * What instances must share besides the data, now that there may be several:
 * - `attempt_counters`: the pairing rate limit per address and the wrong manager PINs per config,
 *   counted where every instance counts (a process's memory would let each instance allow its own
 *   share);
 * - `admin_token`: the hash of a generated admin token, for servers without a data folder of
 *   their own (PostgreSQL); one row at most.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attempt_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attempt_counters_by_expiry')
    .on('attempt_counters')
    .column('expires_at')
    .execute();
  await db.schema
    .createTable('admin_token')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
