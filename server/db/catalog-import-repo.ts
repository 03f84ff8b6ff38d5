import { sql } from 'kysely';
import type { CatalogProduct, ImportPlan } from '../catalog/products-csv-plan.js';
import type { Executor } from './database.js';

/**
 * New products per INSERT of an import: 7 values a product keeps a statement far below the
 * engines' limits of parameters (SQLite 32,766; PostgreSQL 65,535).
 */
const PRODUCTS_PER_INSERT = 1_000;

/**
 * Changed products per UPDATE of an import (7 values each, as above). One statement a product
 * took 6 s for 5,000 products on PostgreSQL, a round trip each; 500 a statement keeps an import
 * of 5,000 within its 2 s.
 */
const PRODUCTS_PER_UPDATE = 500;

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
 * each changed product's fields, a few hundred products a statement. Run it in the import's transaction, after the plan was made on
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
  for (let i = 0; i < plan.update.length; i += PRODUCTS_PER_UPDATE) {
    const rows = plan.update
      .slice(i, i + PRODUCTS_PER_UPDATE)
      .map(
        (p) =>
          sql`(${p.id}, ${p.name}, ${p.price}, ${p.taxRate}, ${p.category}, ${p.barcode}, ${p.archived ? 1 : 0})`,
      );
    // VALUES columns are column1… on both engines; PostgreSQL reads the parameters of a VALUES
    // list as text, hence the casts. No row takes a name or barcode another product still has
    // (planImport refuses it), so the unique indexes hold at every row of the statement.
    await sql`
      update products set
        name = v.column2,
        price = cast(v.column3 as integer),
        tax_rate = cast(v.column4 as integer),
        category = v.column5,
        barcode = v.column6,
        archived = cast(v.column7 as integer)
      from (values ${sql.join(rows)}) as v
      where products.id = cast(v.column1 as integer) and products.config_id = ${configId}
    `.execute(trx);
  }
}
