import type { CatalogProduct, ImportPlan } from '../catalog/products-csv-plan.js';
import type { Executor } from './database.js';

/**
 * New products per INSERT of an import: 7 values a product keeps a statement far below the
 * engines' limits of parameters (SQLite 32,766; PostgreSQL 65,535).
 */
const PRODUCTS_PER_INSERT = 1_000;

/**
 * Every product of config `configId`, archived ones included (`archived` as a boolean), by
 * category, name and id: what an export writes and what an import compares its rows with.
 */
export async function listCatalogProducts(db: Executor, configId: number): Promise<CatalogProduct[]> {
  const rows = await db
    .selectFrom('products')
    .select(['id', 'name', 'price', 'tax_rate', 'category', 'barcode', 'archived'])
    .where('config_id', '=', configId)
    .orderBy('category')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    price: r.price,
    taxRate: r.tax_rate,
    category: r.category,
    barcode: r.barcode,
    archived: r.archived === 1,
  }));
}

/**
 * Writes `plan` into config `configId`'s catalog: its new products (numbered in plan order), then
 * each changed product's fields. Run it in the import's transaction, after the plan was made on
 * the products read in that same transaction. A name or barcode taken meanwhile by another
 * request is a unique violation (answered 409 `conflict`).
 */
export async function writeImportPlan(trx: Executor, configId: number, plan: ImportPlan): Promise<void> {
  for (let i = 0; i < plan.create.length; i += PRODUCTS_PER_INSERT) {
    await trx
      .insertInto('products')
      .values(
        plan.create.slice(i, i + PRODUCTS_PER_INSERT).map((p) => ({
          config_id: configId,
          name: p.name,
          price: p.price,
          tax_rate: p.taxRate,
          category: p.category,
          barcode: p.barcode,
          archived: p.archived ? 1 : 0,
        })),
      )
      .execute();
  }
  for (const p of plan.update)
    await trx
      .updateTable('products')
      .set({
        name: p.name,
        price: p.price,
        tax_rate: p.taxRate,
        category: p.category,
        barcode: p.barcode,
        archived: p.archived ? 1 : 0,
      })
      .where('id', '=', p.id)
      .where('config_id', '=', configId)
      .execute();
}
