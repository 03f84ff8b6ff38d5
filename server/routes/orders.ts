import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../app-deps.js';
import { listOrders } from '../db/orders-repo.js';
import { getSession } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { acceptOrders } from '../orders/accept-orders.js';
import { readOrderBatch } from '../orders/read-batch.js';
import { requireOwnOrders } from '../orders/require-own-orders.js';
import { requireId } from '../parse-input.js';

/**
 * `POST /api/orders` `{orders: [PosOrder]}` (1..500; 413 payload_too_large above) → 200
 * `{results: [{uuid, status, error?}]}` in the same order (a device token; 403 when an order is
 * another config's or another device's), and `GET /api/sessions/:id/orders` →
 * the session's orders as stored, by received time (admin; 404 unknown session).
 */
export function orderRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, auth } = ctx;

  app.post('/api/orders', async (request) => {
    const device = auth.requireDevice(request);
    const orders = readOrderBatch(request.body);
    requireOwnOrders(db, device, orders);
    return { results: acceptOrders(db, orders, now()) };
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/orders', async (request) => {
    auth.requireAdmin(request);
    const id = requireId(request.params.id, 'session');
    if (!getSession(db, id)) throw httpError('not_found', `No session ${id}`);
    return listOrders(db, id);
  });
}
