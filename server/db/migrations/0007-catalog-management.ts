import { sql, type Kysely } from 'kysely';

/**
 * The shop manages its own catalog:
 * - `products.archived` (0 or 1): no product is ever deleted, since orders name them; an archived
 *   one leaves the tills and stays in exports and reports;
 * - `configs.catalog_version`: a number raised in the same transaction as every change to a
 *   product of the config, sent with the session check so tills fetch the catalog again only
 *   when it changed;
 * - a product's name is unique in its config compared without case, and so is its barcode.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('products')
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('configs')
    .addColumn('catalog_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('products_unique_name')
    .on('products')
    .unique()
    .columns(['config_id'])
    .expression(sql`lower(name)`)
    .execute();
  await db.schema
    .createIndex('products_unique_barcode')
    .on('products')
    .unique()
    .columns(['config_id', 'barcode'])
    .execute();
}
