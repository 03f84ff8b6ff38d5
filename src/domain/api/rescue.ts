import { MANAGER_PIN_HEADER } from './names.js';
import { IdSchema } from '../ids.js';
import { OrderResultSchema } from '../pos-order.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { OrderBatchSchema } from './orders.js';
import { idParams } from './params.js';
import { SECURITY_SCHEMES, type RouteContract } from './route-contract.js';

/** Answer of a rescue: where the orders went and one result per order, in order. */
export const RescueOutcomeSchema = z.object({
  /** Session that received the accepted orders; null when none was accepted and none is opened. */
  sessionId: z.nullable(IdSchema),
  /** Its name ("Main counter/00002", or "… (rescue)"), null with `sessionId`. */
  sessionName: z.nullable(z.string()),
  /** Name of the closed session the orders were made in (the tablet may not know it). */
  closedSessionName: z.string(),
  /** True when a rescue session was created (opened, then closed) for these orders. */
  rescueSession: z.boolean(),
  /** How far (ms) an order may be made after the session closed and still be rescued. */
  clockSkewToleranceMs: z.int().check(z.nonnegative()),
  results: z.array(OrderResultSchema),
});
export type RescueOutcome = z.infer<typeof RescueOutcomeSchema>;

export const rescueOrders = {
  method: 'POST',
  url: '/api/sessions/:id/rescue',
  schema: {
    summary: 'A manager attaches orders held after session :id closed to the open session',
    description:
      `The admin token, or a device of the session's config with the config's manager PIN in ` +
      `\`${MANAGER_PIN_HEADER}\` (403 forbidden otherwise, and for another device's orders; 429 ` +
      'rate_limited after 5 wrong PINs in 15 minutes). 409 conflict when the session is not closed. ' +
      '413 payload_too_large above 500 orders, or for a body over 4 MiB, like an upload.',
    tags: ['orders'],
    security: [
      { [SECURITY_SCHEMES.admin]: [] },
      { [SECURITY_SCHEMES.device]: [], [SECURITY_SCHEMES.managerPin]: [] },
    ],
    params: idParams('session'),
    body: OrderBatchSchema,
    response: {
      200: RescueOutcomeSchema,
      ...errorAnswers(
        'validation_failed',
        ...BODY_ERRORS,
        ...AUTH_ERRORS,
        'not_found',
        'conflict',
        'rate_limited',
      ),
    },
  },
} as const satisfies RouteContract;
