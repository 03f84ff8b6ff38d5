import type { Kysely } from 'kysely';

/** A name the manager gives a tablet ("Counter tablet 1"); null = no name. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('name', 'text').execute();
}
