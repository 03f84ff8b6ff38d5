import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  listSessionOrders,
  orderByReference,
  sessionOrdersCsv,
  uploadOrders,
  type OrderLookup,
} from '../../src/domain/api/orders.js';
import { refundLineKey, type PosOrder } from '../../src/domain/pos-order.js';
import type { RouteContext } from '../app-deps.js';
import { MAX_ORDERS_BODY_BYTES } from '../body-limits.js';
import type { Executor } from '../db/database.js';
import { listOrders } from '../db/orders-repo.js';
import { findOrderByReference, referencesOf, refundLinesOf } from '../db/refunds-repo.js';
import { getSession, sessionNames } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { acceptOrders } from '../orders/accept-orders.js';
import { readOrderBatch } from '../orders/read-batch.js';
import { ordersCsv } from '../orders-csv.js';
import { readId } from '../parse-input.js';

/**
 * `POST /api/orders` `{orders: [PosOrder]}` (1..500; 413 payload_too_large above) → 200
 * `{results: [{uuid, status, error?}]}` in the same order (a device token; 403 when an order is
 * another config's or another device's), and `GET /api/sessions/:id/orders` →
 * the session's orders as stored, by received time (admin; 404 unknown session); `?limit=N`
 * (1..1000, else 400 validation_failed) keeps the N received last, still oldest first; and
 * `GET /api/sessions/:id/orders.csv` → every order of the session as a CSV download (admin; see
 * ordersCsv); and `GET /api/orders/by-reference/:reference` → one order and what its stored
 * refunds took back (a device of its config, or the admin; see lookUpOrder).
 */
export function orderRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, auth } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  // A full batch of orders can pass the 1 MiB of other routes (body-limits.ts).
  api.post(
    uploadOrders.url,
    { schema: uploadOrders.schema, bodyLimit: MAX_ORDERS_BODY_BYTES },
    async (request) => {
      const device = await auth.requireDevice(request);
      const orders = readOrderBatch(request.body);
      const at = now();
      return { results: await db.transaction().execute((trx) => acceptOrders(trx, device, orders, at)) };
    },
  );

  api.get(listSessionOrders.url, { schema: listSessionOrders.schema }, async (request) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const { limit } = request.query;
    if (!(await getSession(db, id))) throw httpError('not_found', `No session ${id}`);
    return listOrders(db, id, limit);
  });

  api.get(orderByReference.url, { schema: orderByReference.schema }, async (request, reply) => {
    const principal = await auth.authenticate(request);
    const { reference } = request.params;
    const found = await lookUpOrder(db, reference, principal.kind === 'device' ? principal.configId : null);
    // Another config's order is "not found" for a device, exactly as one never made: a tablet
    // learns nothing of another register's orders.
    if (!found) throw httpError('not_found', `No order ${reference} of this POS config is stored.`);
    void reply.header('Cache-Control', 'no-store');
    return found;
  });

  api.get(sessionOrdersCsv.url, { schema: sessionOrdersCsv.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const session = await getSession(db, id);
    if (!session) throw httpError('not_found', `No session ${id}`);
    const orders = await listOrders(db, id);
    // Rescued orders name the closed session they were made in.
    const madeIn = [...new Set(orders.map((o) => readId(o.sessionId)).filter((sid) => sid !== null))];
    const byId = await sessionNames(db, madeIn);
    const names = new Map<string, string>([...byId].map(([sid, name]) => [String(sid), name]));
    // Refunds name the reference of their original, which may be in another session.
    const originals = await referencesOf(db, [
      ...new Set(orders.flatMap((o) => (o.refundOf ? [o.refundOf.toLowerCase()] : []))),
    ]);
    const filename = `${session.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-orders.csv`;
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'no-store');
    return ordersCsv(orders, id, names, originals);
  });
}

/**
 * The stored order `reference` of config `configId` (null: any) with what its stored refunds
 * (all of its own config: refund-ledger.ts) took back, by line identity (summed, positive units), and their uuids; undefined
 * when there is none. Both come from one query of the refunds' lines, so a refund stored meanwhile
 * is either counted and listed or neither (the till counts on top the refunds not listed). Read
 * without a lock: the refund itself is checked again, locked, when it is uploaded
 * (refund-ledger.ts), so this only tells the till what to offer.
 */
async function lookUpOrder(
  db: Executor,
  reference: string,
  configId: number | null,
): Promise<OrderLookup | undefined> {
  const stored = await findOrderByReference(db, reference, configId);
  if (!stored) return undefined;
  const lines = await refundLinesOf(db, stored.uuid);
  const refunded = new Map<string, OrderLookup['refunded'][number]>();
  const refunds = new Set<string>();
  for (const { refund, quantity, ...identity } of lines) {
    refunds.add(refund);
    const key = refundLineKey(identity);
    const line = refunded.get(key);
    if (line) line.quantity -= quantity;
    else refunded.set(key, { ...identity, quantity: -quantity });
  }
  return {
    order: JSON.parse(stored.body) as PosOrder,
    refunded: [...refunded.values()],
    refunds: [...refunds],
  };
}
