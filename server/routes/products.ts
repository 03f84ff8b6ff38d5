import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createProduct as createProductRoute,
  listProducts as listProductsRoute,
  patchProduct as patchProductRoute,
  type ProductPatch,
} from '../../src/domain/api/products.js';
import type { PosError } from '../../src/domain/pos-error.js';
import type { RouteContext } from '../app-deps.js';
import { bumpCatalogVersion, getConfig, lockConfig } from '../db/configs-repo.js';
import type { Executor } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import {
  insertProduct,
  listProducts,
  listProductsWithArchived,
  lockProduct,
  managedProduct,
  productConfigId,
  productConflict,
  updateProduct,
  type ProductChanges,
  type ProductConflict,
  type ProductRow,
} from '../db/products-repo.js';
import { httpError } from '../http-error.js';

/**
 * The catalog of a config:
 * - `GET /api/configs/:id/products` (the config's devices, or the admin): the active products
 *   `[{id, name, price, taxRate, category, barcode}]`; with `?includeArchived=1` (admin only, 403
 *   `forbidden` for a device) every product, each with `archived`. 404 unknown config.
 * - `POST /api/configs/:id/products` (admin): 201 the new product; 404 unknown config.
 * - `PATCH /api/products/:id` (admin): change, archive or restore; 404 unknown product.
 *
 * A name (without case) or barcode another product of the config holds, archived or not, is a 409
 * `conflict` naming the field: looked for first, and a unique violation of a change made at the
 * same moment answers the same. Changes of one catalog lock its config first (PostgreSQL), so
 * they apply one after the other, each checking against what the one before left, and always
 * take their locks in the same order (config, then product: no deadlock between them). Each change raises the config's catalog version and reaches the
 * event streams of its sessions (changes.configChanged) in its transaction, so open tills hear of
 * it at once; a PATCH that changes nothing does neither.
 */
export function productRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, auth, changes } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(listProductsRoute.url, { schema: listProductsRoute.schema }, async (request) => {
    const { id } = request.params;
    const principal = await auth.requireConfigAccess(request, id);
    const withArchived = request.query.includeArchived === '1';
    if (withArchived && principal.kind !== 'admin')
      throw httpError('forbidden', 'Archived products are for the back office: this needs the admin token.');
    if (!(await getConfig(db, id))) throw httpError('not_found', `No config ${id}`);
    return withArchived ? listProductsWithArchived(db, id) : listProducts(db, id);
  });

  /** Bumps the catalog version of `configId` and tells its streams, inside `trx`. */
  const catalogChanged = async (trx: Executor, configId: number): Promise<void> => {
    await bumpCatalogVersion(trx, configId);
    await changes.configChanged(trx, configId);
  };

  api.post(createProductRoute.url, { schema: createProductRoute.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const configId = request.params.id;
    const fields = request.body;
    const product = await db
      .transaction()
      .execute(async (trx) => {
        if (!(await lockConfig(trx, configId))) throw httpError('not_found', `No config ${configId}`);
        const conflict = await productConflict(trx, configId, fields);
        if (conflict) throw conflictError(conflict);
        const created = await insertProduct(trx, configId, fields);
        await catalogChanged(trx, configId);
        return created;
      })
      .catch((error: unknown) => raceConflict(error, configId, fields));
    return reply.code(201).send(product);
  });

  api.patch(patchProductRoute.url, { schema: patchProductRoute.schema }, async (request) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    let configId: number | undefined;
    return db
      .transaction()
      .execute(async (trx) => {
        configId = await productConfigId(trx, id);
        // The config first, as a POST takes it (a product's config never changes).
        if (configId !== undefined) await lockConfig(trx, configId);
        const row = configId === undefined ? undefined : await lockProduct(trx, id);
        if (!row) throw httpError('not_found', `No product ${id}`);
        const changed = changesOf(row, request.body);
        if (Object.keys(changed).length === 0) return managedProduct(row);
        const conflict = await productConflict(trx, row.config_id, changed, id);
        if (conflict) throw conflictError(conflict);
        const updated = await updateProduct(trx, id, changed);
        if (!updated) throw httpError('not_found', `No product ${id}`);
        await catalogChanged(trx, row.config_id);
        return updated;
      })
      .catch((error: unknown) => raceConflict(error, configId, request.body, id));
  });

  /**
   * Rethrows `error`; a unique violation (another request took the name or barcode between the
   * check and the write: PostgreSQL) as the 409 the check would have given, read again now that
   * the other change is committed.
   */
  const raceConflict = async (
    error: unknown,
    configId: number | undefined,
    fields: { name?: string | undefined; barcode?: string | null | undefined },
    exceptId?: number,
  ): Promise<never> => {
    if (!isUniqueViolation(error) || configId === undefined) throw error;
    const conflict = await productConflict(db, configId, fields, exceptId);
    throw conflict ? conflictError(conflict) : error;
  };
}

/** The fields of `patch` that differ from `row` (a product as stored). */
function changesOf(row: ProductRow, patch: ProductPatch): ProductChanges {
  const changed: ProductChanges = {};
  if (patch.name !== undefined && patch.name !== row.name) changed.name = patch.name;
  if (patch.price !== undefined && patch.price !== row.price) changed.price = patch.price;
  if (patch.taxRate !== undefined && patch.taxRate !== row.tax_rate) changed.taxRate = patch.taxRate;
  if (patch.category !== undefined && patch.category !== row.category) changed.category = patch.category;
  if (patch.barcode !== undefined && patch.barcode !== row.barcode) changed.barcode = patch.barcode;
  if (patch.archived !== undefined && patch.archived !== (row.archived === 1))
    changed.archived = patch.archived;
  return changed;
}

/** The 409 `conflict` of a name or barcode held by `conflict.product`, naming the field. */
function conflictError({ field, product }: ProductConflict): PosError {
  const archived = product.archived === 1 ? ', archived' : '';
  const message =
    field === 'name'
      ? `Another product of this catalog is already named ${product.name} (product ${product.id}${archived}).`
      : `Barcode ${product.barcode ?? ''} is already on ${product.name} (product ${product.id}${archived}).`;
  return httpError('conflict', message, { field });
}
