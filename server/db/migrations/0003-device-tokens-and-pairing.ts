import type { Kysely } from 'kysely';

/** Device tokens (SHA-256 only), pairing codes (SHA-256 only), revocation. */
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  for (const column of ['token_hash', 'paired_at', 'last_seen_at', 'revoked_at']) {
    await db.schema.alterTable('devices').addColumn(column, 'text').execute();
  }
  await db.schema.createIndex('devices_by_token').on('devices').column('token_hash').unique().execute();
  await db.schema
    .createTable('pairing_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('config_id', 'integer', (c) => c.notNull().references('configs.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('device_id', 'text')
    .execute();
}
