import type { Insertable } from 'kysely';
import type { Product } from '../../src/domain/product.js';
import type { Executor, ProductsTable } from './database.js';

/** The catalog of config `configId`, by category then name. Prices tax-included minor units. */
export async function listProducts(db: Executor, configId: number): Promise<Product[]> {
  return db
    .selectFrom('products')
    .select(['id', 'name', 'price', 'tax_rate as taxRate', 'category', 'barcode'])
    .where('config_id', '=', configId)
    .orderBy('category')
    .orderBy('name')
    .execute();
}

/**
 * Product ids per query of {@link catalogTaxRates}: a batch names a few dozen; one made up to name
 * thousands must not pass the engines' limit of parameters a statement (SQLite: 32,766).
 */
const PRODUCT_IDS_PER_QUERY = 1_000;

/**
 * Tax rates (basis points) of the products `productIds` in the catalogs of `configIds`, keyed
 * `<configId>:<productId>` (catalogKey): what an upload's lines are checked against, read once
 * per batch (one query for up to {@link PRODUCT_IDS_PER_QUERY} products).
 */
export async function catalogTaxRates(
  db: Executor,
  configIds: readonly number[],
  productIds: readonly number[],
): Promise<Map<string, number>> {
  const rates = new Map<string, number>();
  for (let i = 0; i < productIds.length; i += PRODUCT_IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('products')
      .select(['config_id', 'id', 'tax_rate'])
      .where('config_id', 'in', [...configIds])
      .where('id', 'in', productIds.slice(i, i + PRODUCT_IDS_PER_QUERY))
      .execute();
    for (const r of rows) rates.set(catalogKey(r.config_id, r.id), r.tax_rate);
  }
  return rates;
}

/** The key of product `productId` of config `configId` in {@link catalogTaxRates}. */
export function catalogKey(configId: number, productId: number): string {
  return `${configId}:${productId}`;
}

/** Inserts `products` in one statement, numbered in the order given. */
export async function insertProducts(
  db: Executor,
  products: readonly Insertable<ProductsTable>[],
): Promise<void> {
  if (products.length > 0)
    await db
      .insertInto('products')
      .values([...products])
      .execute();
}
