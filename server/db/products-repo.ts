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
