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
 * Tax rates (basis points) of the products `productIds` in the catalogs of `configIds`, keyed
 * `<configId>:<productId>` (catalogKey): what an upload's lines are checked against, read once
 * per batch.
 */
export async function catalogTaxRates(db: Executor, configIds: readonly number[], productIds: readonly number[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('products')
    .select(['config_id', 'id', 'tax_rate'])
    .where('config_id', 'in', [...configIds])
    .where('id', 'in', [...productIds])
    .execute();
  return new Map(rows.map((r) => [catalogKey(r.config_id, r.id), r.tax_rate]));
}

/** The key of product `productId` of config `configId` in {@link catalogTaxRates}. */
export function catalogKey(configId: number, productId: number): string {
  return `${configId}:${productId}`;
}

/** Inserts `products` in one statement, numbered in the order given. */
export async function insertProducts(db: Executor, products: readonly Insertable<ProductsTable>[]): Promise<void> {
  if (products.length > 0) await db.insertInto('products').values([...products]).execute();
}
