import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteContext } from '../app-deps.js';
import { listOrders } from '../db/orders-repo.js';
import { ordersCsv } from '../orders-csv.js';
import { getSession } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { acceptOrders } from '../orders/accept-orders.js';
import { readOrderBatch } from '../orders/read-batch.js';
import { requireOwnOrders } from '../orders/require-own-orders.js';
import { parseInput, requireId } from '../parse-input.js';

/** Most orders one page of `GET /api/sessions/:id/orders?limit=` may ask for. */
export const MAX_ORDERS_PAGE = 1000;

const OrdersQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `a whole number from 1 to ${MAX_ORDERS_PAGE}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_ORDERS_PAGE, `a whole number from 1 to ${MAX_ORDERS_PAGE}`)
    .optional(),
});

/**
 * `POST /api/orders` `{orders: [PosOrder]}` (1..500; 413 payload_too_large above) → 200
 * `{results: [{uuid, status, error?}]}` in the same order (a device token; 403 when an order is
 * another config's or another device's), and `GET /api/sessions/:id/orders` →
 * the session's orders as stored, by received time (admin; 404 unknown session); `?limit=N`
 * (1..1000, else 400 validation_failed) keeps the N received last, still oldest first; and
 * `GET /api/sessions/:id/orders.csv` → every order of the session as a CSV download (admin; see
 * ordersCsv).
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
    const { limit } = parseInput(OrdersQuerySchema, request.query);
    if (!getSession(db, id)) throw httpError('not_found', `No session ${id}`);
    return listOrders(db, id, limit);
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/orders.csv', async (request, reply) => {
    auth.requireAdmin(request);
    const id = requireId(request.params.id, 'session');
    const session = getSession(db, id);
    if (!session) throw httpError('not_found', `No session ${id}`);
    const orders = listOrders(db, id);
    const names = new Map<string, string>();
    for (const order of orders) {
      const key = String(order.sessionId);
      if (!names.has(key)) names.set(key, getSession(db, Number(order.sessionId))?.name ?? key);
    }
    const filename = `${session.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-orders.csv`;
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'no-store');
    return ordersCsv(orders, id, names);
  });
}
