import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../app-deps.js';
import { readOrderBatch } from '../orders/read-batch.js';
import { MANAGER_PIN_HEADER, requireManager } from '../orders/require-manager.js';
import { rescueOrders } from '../orders/rescue-orders.js';
import { requireId } from '../parse-input.js';

/**
 * `POST /api/sessions/:id/rescue` `{orders: [PosOrder]}`: a manager attaches orders held after
 * session :id closed to the config's opened session, or to a rescue session made for them (see
 * rescueOrders). → 200 `{sessionId, rescueSession, clockSkewToleranceMs, results}`; 404 unknown
 * session, 409 conflict when it is not closed, 400 for an empty list, 413 above 500 orders, 403
 * forbidden when the config has a manager PIN and the `x-pos-manager-pin` header does not match.
 */
export function rescueRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;
  app.post<{ Params: { id: string } }>('/api/sessions/:id/rescue', async (request) => {
    const id = requireId(request.params.id, 'session');
    const orders = readOrderBatch(request.body);
    const pin = request.headers[MANAGER_PIN_HEADER];
    await requireManager(db, id, typeof pin === 'string' ? pin : undefined);
    return rescueOrders(db, id, orders, now());
  });
}
