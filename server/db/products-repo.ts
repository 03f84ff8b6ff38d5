import type { Product } from '../../src/domain/product.js';
import type { Db } from './open-database.js';

/** The catalog of config `configId`, by category then name. Prices tax-included minor units. */
export function listProducts(db: Db, configId: number): Product[] {
  return db
    .prepare(
      `SELECT id, name, price, tax_rate AS taxRate, category, barcode FROM products
       WHERE config_id = ? ORDER BY category, name`,
    )
    .all(configId) as Product[];
}

/** Tax rate (basis points) of product `productId` in config `configId`'s catalog, or undefined. */
export function productTaxRate(db: Db, configId: number, productId: string | number): number | undefined {
  const row = db
    .prepare('SELECT tax_rate AS taxRate FROM products WHERE config_id = ? AND id = ?')
    .get(configId, Number(productId)) as { taxRate: number } | undefined;
  return row?.taxRate;
}
