import type { FastifyInstance } from 'fastify';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { rescueOrders as rescueRoute } from '../../src/domain/api/rescue.js';
import type { RouteContext } from '../app-deps.js';
import { getSession } from '../db/sessions-repo.js';
import { MAX_ORDERS_BODY_BYTES } from '../body-limits.js';
import { httpError } from '../http-error.js';
import { readOrderBatch } from '../orders/read-batch.js';
import { requireManagerPin } from '../orders/require-manager.js';
import { rescueOrders } from '../orders/rescue-orders.js';

/**
 * `POST /api/sessions/:id/rescue` `{orders: [PosOrder]}`: a manager attaches orders held after
 * session :id closed to the config's opened session, or to a rescue session made for them (see
 * rescueOrders). → 200 `{sessionId, sessionName, closedSessionName, rescueSession,
 * clockSkewToleranceMs, results}`; 404 unknown
 * session, 409 conflict when it is not closed, 400 for an empty list, 413 above 500 orders.
 * Who: the admin token, or a device of the session's config with the config's manager PIN in
 * `x-pos-manager-pin` (403 forbidden otherwise, and for another device's orders; 429 after 5 wrong
 * PINs in 15 minutes, counted across instances).
 */
export function rescueRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, auth } = ctx;
  app
    .withTypeProvider<ZodTypeProvider>()
    // The held orders of a tablet, up to 500 like an upload: the orders' body limit (body-limits.ts).
    .post(
      rescueRoute.url,
      { schema: rescueRoute.schema, bodyLimit: MAX_ORDERS_BODY_BYTES },
      async (request) => {
        const principal = await auth.authenticate(request);
        const { id } = request.params;
        const orders = readOrderBatch(request.body);
        const session = await getSession(db, id);
        if (!session) throw httpError('not_found', `No session ${id}`);
        if (principal.kind === 'device') {
          auth.allowConfig(principal, session.config_id);
          const pin = request.headers[MANAGER_PIN_HEADER];
          // Before the transaction: PBKDF2 takes a while and must not hold the database.
          await requireManagerPin(db, session.config_id, typeof pin === 'string' ? pin : undefined, now());
        }
        const at = now();
        return db
          .transaction()
          .execute((trx) =>
            rescueOrders(trx, id, orders, at, principal.kind === 'device' ? principal : undefined),
          );
      },
    );
}
