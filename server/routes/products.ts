import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../app-deps.js';
import { getConfig } from '../db/configs-repo.js';
import { listProducts } from '../db/products-repo.js';
import { httpError } from '../http-error.js';
import { requireId } from '../parse-input.js';

/** `GET /api/configs/:id/products` (the config's devices, or the admin) → `[{id, name, price, taxRate, category, barcode}]`; 404 unknown config. */
export function productRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, auth } = ctx;
  app.get<{ Params: { id: string } }>('/api/configs/:id/products', async (request) => {
    const id = requireId(request.params.id, 'config');
    await auth.requireConfigAccess(request, id);
    if (!(await getConfig(db, id))) throw httpError('not_found', `No config ${id}`);
    return listProducts(db, id);
  });
}
