import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { uploadCashMoves } from '../../src/domain/api/cash-moves.js';
import { MAX_CASH_MOVES_PER_UPLOAD } from '../../src/domain/cash.js';
import type { RouteContext } from '../app-deps.js';
import { acceptCashMoves } from '../cash/accept-cash-moves.js';
import { readUploadList } from '../orders/read-batch.js';

/**
 * `POST /api/cash-moves` `{moves: [CashMove]}` (1..500; 413 payload_too_large above) → 200
 * `{results: [{uuid, status, error?}]}` in the same order (a device token of the moves' config, or
 * the admin token): see acceptCashMoves.
 */
export function cashMoveRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, auth } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(uploadCashMoves.url, { schema: uploadCashMoves.schema }, async (request) => {
    const sender = await auth.authenticate(request);
    const moves = readUploadList(request.body, {
      key: 'moves',
      max: MAX_CASH_MOVES_PER_UPLOAD,
      items: 'cash moves',
    });
    const at = now();
    return { results: await db.transaction().execute((trx) => acceptCashMoves(trx, sender, moves, at)) };
  });
}
