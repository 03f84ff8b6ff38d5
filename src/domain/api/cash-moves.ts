import { CashMoveSchema, CashMovesUploadResultSchema, MAX_CASH_MOVES_PER_UPLOAD } from '../cash.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { WHO, type RouteContract } from './route-contract.js';

/**
 * Body of `POST /api/cash-moves`, as documented: 1 to 500 cash moves. The server checks each
 * move on its own (a bad one gets its `invalid` result, the others still count), so the envelope
 * is read by the route itself (server/orders/read-batch.ts: 400 for no list or an empty one, 413
 * above 500), not by a schema that would refuse the whole batch.
 */
export const CashMoveBatchSchema = z.object({
  moves: z.array(CashMoveSchema).check(z.minLength(1), z.maxLength(MAX_CASH_MOVES_PER_UPLOAD)),
});

export const uploadCashMoves = {
  method: 'POST',
  url: '/api/cash-moves',
  schema: {
    summary: 'Send cash put into or taken out of the drawer: one result per move, in the same order',
    description:
      'Like POST /api/orders: each uuid is stored once (a second copy is `duplicate`); a move of a ' +
      'closed session is `session_closed` and stays on the tablet; `invalid` says why otherwise (bad ' +
      'shape, unknown session, a session of another config or a move of another device, a register ' +
      'without cash control, a session still in opening_control). Moves go into sessions opened or ' +
      'in closing_control. A device token (its own config) or the admin token.',
    tags: ['cash'],
    security: WHO.configDeviceOrAdmin,
    body: CashMoveBatchSchema,
    response: {
      200: CashMovesUploadResultSchema,
      ...errorAnswers('validation_failed', ...BODY_ERRORS, ...AUTH_ERRORS),
    },
  },
} as const satisfies RouteContract;
