import { sql, type Insertable, type Selectable } from 'kysely';
import type { ManagedProduct } from '../../src/domain/api/products.js';
import type { Product, ProductFields } from '../../src/domain/product.js';
import type { Executor, ProductsTable } from './database.js';

/** A product as stored (`archived` 0 or 1). */
export type ProductRow = Selectable<ProductsTable>;

/** The columns of a product as the API shows it, prices tax-included minor units. */
const PRODUCT_COLUMNS = ['id', 'name', 'price', 'tax_rate as taxRate', 'category', 'barcode'] as const;

/**
 * The catalog tills sell from: the ACTIVE products of config `configId` (archived ones left out),
 * by category then name, without `archived`. Prices tax-included minor units.
 */
export async function listProducts(db: Executor, configId: number): Promise<Product[]> {
  return db
    .selectFrom('products')
    .select(PRODUCT_COLUMNS)
    .where('config_id', '=', configId)
    .where('archived', '=', 0)
    .orderBy('category')
    .orderBy('name')
    .execute();
}

/** Every product of config `configId`, archived ones too, each with `archived`; by category then name. */
export async function listProductsWithArchived(db: Executor, configId: number): Promise<ManagedProduct[]> {
  const rows = await db
    .selectFrom('products')
    .selectAll()
    .where('config_id', '=', configId)
    .orderBy('category')
    .orderBy('name')
    .execute();
  return rows.map(managedProduct);
}

/** The product `id` as the back office sees it (`archived` a boolean). */
export function managedProduct(row: ProductRow): ManagedProduct {
  return {
    id: row.id,
    name: row.name,
    price: row.price,
    taxRate: row.tax_rate,
    category: row.category,
    barcode: row.barcode,
    archived: row.archived === 1,
  };
}

/** The config product `id` belongs to, or undefined when there is no such product. */
export async function productConfigId(db: Executor, id: number): Promise<number | undefined> {
  const row = await db.selectFrom('products').select('config_id').where('id', '=', id).executeTakeFirst();
  return row?.config_id;
}

/**
 * Product `id`, locked until the transaction `trx` ends (PostgreSQL): two changes of one product
 * apply one after the other, each comparing with what the other left. Undefined when none.
 */
export async function lockProduct(trx: Executor, id: number): Promise<ProductRow | undefined> {
  return trx.selectFrom('products').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * How two product names compare in a catalog: without case and without the spaces around them
 * (`Oat milk`, ` OAT MILK`). Done here rather than in SQL because SQLite's `lower()` folds only
 * ASCII letters (`Éclair` and `éclair` would pass as two names there).
 */
export function productNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** A product that already holds a name or barcode another product asks for, and which field. */
export interface ProductConflict {
  field: 'name' | 'barcode';
  product: ProductRow;
}

/**
 * Which product of config `configId` (archived ones count, `exceptId` does not) already holds the
 * `name` (compared by {@link productNameKey}) or the `barcode` a product asks for: the name is
 * looked at first. Undefined when neither is taken. A field left undefined is not looked at, and
 * a null barcode never conflicts.
 */
export async function productConflict(
  db: Executor,
  configId: number,
  fields: { name?: string | undefined; barcode?: string | null | undefined },
  exceptId?: number,
): Promise<ProductConflict | undefined> {
  const { name, barcode } = fields;
  if (name !== undefined) {
    let query = db.selectFrom('products').selectAll().where('config_id', '=', configId);
    if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
    const key = productNameKey(name);
    const holder = (await query.execute()).find((row) => productNameKey(row.name) === key);
    if (holder) return { field: 'name', product: holder };
  }
  if (barcode !== undefined && barcode !== null) {
    let query = db
      .selectFrom('products')
      .selectAll()
      .where('config_id', '=', configId)
      .where('barcode', '=', barcode);
    if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
    const holder = await query.executeTakeFirst();
    if (holder) return { field: 'barcode', product: holder };
  }
  return undefined;
}

/**
 * Adds product `fields` (validated) to config `configId`, active, and returns it. A name or barcode
 * already in the config is a unique violation (isUniqueViolation).
 */
export async function insertProduct(
  db: Executor,
  configId: number,
  fields: ProductFields,
): Promise<ManagedProduct> {
  const row = await db
    .insertInto('products')
    .values({
      config_id: configId,
      name: fields.name,
      price: fields.price,
      tax_rate: fields.taxRate,
      category: fields.category,
      barcode: fields.barcode ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return managedProduct(row);
}

/** What a product change may set; `undefined` leaves a field as it is, a null barcode removes it. */
export interface ProductChanges {
  name?: string | undefined;
  price?: number | undefined;
  taxRate?: number | undefined;
  category?: string | undefined;
  barcode?: string | null | undefined;
  archived?: boolean | undefined;
}

/**
 * Applies `changes` (validated, at least one field) to product `id` in one statement and returns
 * it after, or undefined when there is no such product. A name or barcode in use is a unique
 * violation.
 */
export async function updateProduct(
  db: Executor,
  id: number,
  changes: ProductChanges,
): Promise<ManagedProduct | undefined> {
  const row = await db
    .updateTable('products')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.price !== undefined ? { price: changes.price } : {}),
      ...(changes.taxRate !== undefined ? { tax_rate: changes.taxRate } : {}),
      ...(changes.category !== undefined ? { category: changes.category } : {}),
      ...(changes.barcode !== undefined ? { barcode: changes.barcode } : {}),
      ...(changes.archived !== undefined ? { archived: changes.archived ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && managedProduct(row);
}

/**
 * Copies every product of config `fromConfigId`, active and archived, into config `toConfigId`
 * (new ids, in the order of the old ones) in one statement; returns how many.
 */
export async function copyCatalog(db: Executor, fromConfigId: number, toConfigId: number): Promise<number> {
  const result = await db
    .insertInto('products')
    .columns(['config_id', 'name', 'price', 'tax_rate', 'category', 'barcode', 'archived'])
    .expression((eb) =>
      eb
        .selectFrom('products')
        .select([
          // Typed: PostgreSQL would read a bare parameter in a SELECT list as text.
          sql<number>`cast(${toConfigId} as integer)`.as('config_id'),
          'name',
          'price',
          'tax_rate',
          'category',
          'barcode',
          'archived',
        ])
        .where('config_id', '=', fromConfigId)
        .orderBy('id'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Product ids per query of {@link catalogProductKeys}: a batch names a few dozen; one made up to
 * name thousands must not pass the engines' limit of parameters a statement (SQLite: 32,766).
 */
const PRODUCT_IDS_PER_QUERY = 1_000;

/**
 * Which of the products `productIds` are in the catalogs of `configIds`, as keys
 * `<configId>:<productId>` (catalogKey): what an upload's lines are checked against, read once
 * per batch (one query for up to {@link PRODUCT_IDS_PER_QUERY} products). Archived products are
 * in it: a till offline since the product was archived sold it, and that sale stands.
 */
export async function catalogProductKeys(
  db: Executor,
  configIds: readonly number[],
  productIds: readonly number[],
): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let i = 0; i < productIds.length; i += PRODUCT_IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('products')
      .select(['config_id', 'id'])
      .where('config_id', 'in', [...configIds])
      .where('id', 'in', productIds.slice(i, i + PRODUCT_IDS_PER_QUERY))
      .execute();
    for (const r of rows) keys.add(catalogKey(r.config_id, r.id));
  }
  return keys;
}

/** The key of product `productId` of config `configId` in {@link catalogProductKeys}. */
export function catalogKey(configId: number, productId: number): string {
  return `${configId}:${productId}`;
}

/** Inserts `products` in one statement, numbered in the order given (the demo seed). */
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
