import { sql, type Kysely } from 'kysely';

/** Days tablets keep `synced` orders (1..365, default 7), and the manager PIN (PBKDF2 JSON). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('configs')
    .addColumn('synced_retention_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(7)
        .check(sql`synced_retention_days between 1 and 365`),
    )
    .execute();
  await db.schema.alterTable('configs').addColumn('manager_pin_hash', 'text').execute();
}
