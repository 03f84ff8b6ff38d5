import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listProducts as listProductsRoute } from '../../src/domain/api/products.js';
import type { RouteContext } from '../app-deps.js';
import { getConfig } from '../db/configs-repo.js';
import { listProducts } from '../db/products-repo.js';
import { httpError } from '../http-error.js';

/** `GET /api/configs/:id/products` (the config's devices, or the admin) → `[{id, name, price, taxRate, category, barcode}]`; 404 unknown config. */
export function productRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, auth } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(listProductsRoute.url, { schema: listProductsRoute.schema }, async (request) => {
    const { id } = request.params;
    await auth.requireConfigAccess(request, id);
    if (!(await getConfig(db, id))) throw httpError('not_found', `No config ${id}`);
    return listProducts(db, id);
  });
}
