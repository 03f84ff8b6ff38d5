import {
  MAX_ORDERS_PER_UPLOAD,
  OrdersUploadResultSchema,
  PosOrderFieldsSchema,
  PosOrderSchema,
} from '../pos-order.js';
import { IdSchema, UuidSchema } from '../ids.js';
import { REFERENCE_PATTERN } from '../order-reference.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { idParams, wholeNumberQuery } from './params.js';
import { WHO, type RouteContract } from './route-contract.js';

/** Longest order reference looked up: far above any session id, device number or sequence a shop reaches. */
export const MAX_REFERENCE_LENGTH = 40;

/** Most orders one page of `GET /api/sessions/:id/orders?limit=` may ask for. */
export const MAX_ORDERS_PAGE = 1000;

/** Query of the orders list: `limit` keeps the N orders received last (1..1000), still oldest first. */
export const OrdersQuerySchema = z.object({
  limit: z.optional(wholeNumberQuery(MAX_ORDERS_PAGE)),
});

/**
 * Body of an upload or a rescue, as documented: 1 to 500 orders. The server checks each order on
 * its own (an invalid one gets its `invalid` result, the others still count), so the envelope is
 * read by the route itself (server/orders/read-batch.ts: 400 for no list or an empty one, 413
 * above 500), not by a schema that would refuse the whole batch.
 */
export const OrderBatchSchema = z.object({
  orders: z.array(PosOrderSchema).check(z.minLength(1), z.maxLength(MAX_ORDERS_PER_UPLOAD)),
});

/**
 * A stored order as the server keeps it: the order as uploaded (fields of older tills kept). Read
 * with the fields alone: the server checked the rules between them when it accepted the order.
 */
export const StoredOrderSchema = z.looseObject(PosOrderFieldsSchema.shape);

export const uploadOrders = {
  method: 'POST',
  url: '/api/orders',
  schema: {
    summary: 'Send orders from a till: one result per order, in the same order',
    description:
      'Each uuid is accepted once (a second copy is `duplicate`); an order of a closed session is ' +
      '`session_closed` and stays on the tablet. An order is `invalid` (`validation_failed`, with the ' +
      'reason) when its createdAt is more than 24 h ahead of the server clock or more than 24 h before ' +
      'its session opened, a sale’s payment is 0 or less, its cash is more than 100 × its total, or a ' +
      'line discount is outside 0–100 %, or it has more than 500 lines. 413 payload_too_large above ' +
      '500 orders, or for a body over 4 MiB (other routes: 1 MiB). 403 forbidden when an order is another config’s or another device’s.',
    tags: ['orders'],
    security: WHO.device,
    body: OrderBatchSchema,
    response: {
      200: OrdersUploadResultSchema,
      ...errorAnswers('validation_failed', ...BODY_ERRORS, ...AUTH_ERRORS),
    },
  },
} as const satisfies RouteContract;

export const listSessionOrders = {
  method: 'GET',
  url: '/api/sessions/:id/orders',
  schema: {
    summary: "The session's orders as stored, by received time",
    tags: ['orders'],
    security: WHO.admin,
    params: idParams('session'),
    querystring: OrdersQuerySchema,
    response: {
      200: z.array(StoredOrderSchema),
      ...errorAnswers('validation_failed', ...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

export const sessionOrdersCsv = {
  method: 'GET',
  url: '/api/sessions/:id/orders.csv',
  schema: {
    summary: 'Every order of the session as a CSV download (one row per line of an order)',
    tags: ['orders'],
    security: WHO.admin,
    params: idParams('session'),
    response: {
      200: {
        description: 'A CSV file (Content-Disposition: attachment)',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...errorAnswers(...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

/**
 * Path parameters `{reference}`: an order's reference as its receipt prints it and its barcode
 * carries (`<session>-<device>-<sequence>`, digits only, e.g. `00042-003-0017`). Anything else is
 * a malformed request (400 `validation_failed`), not an order that is missing.
 */
export const ReferenceParamsSchema = z.object({
  reference: z
    .string()
    .check(
      z.maxLength(MAX_REFERENCE_LENGTH),
      z.regex(
        REFERENCE_PATTERN,
        'an order reference: <session>-<device>-<sequence>, digits (00042-003-0017)',
      ),
      z.meta({ description: "The order's reference, as its receipt prints it" }),
    ),
});

/**
 * Units that stored refunds took back of one line identity of an original (product, tax-included
 * unit price in minor units, discount in percent, tax rate in basis points: the server's refund
 * ledger keys lines so), summed; `quantity` is positive.
 */
export const RefundedLineSchema = z.object({
  productId: IdSchema,
  unitPrice: z.int(),
  discount: z.int(),
  taxRate: z.int(),
  quantity: z.int().check(z.positive()),
});

/**
 * An order found by its reference, for a refund on a till that does not hold it: the order as
 * stored, what every stored refund of it (of its own POS config) took back by line identity, and
 * the uuids of those refunds, so a till counts on top only its own refunds the server has not
 * stored yet.
 */
export const OrderLookupSchema = z.object({
  order: StoredOrderSchema,
  refunded: z.array(RefundedLineSchema),
  refunds: z.array(UuidSchema),
});
export type OrderLookup = z.infer<typeof OrderLookupSchema>;

export const orderByReference = {
  method: 'GET',
  url: '/api/orders/by-reference/:reference',
  schema: {
    summary: 'One order by its reference, with what stored refunds took back of each line',
    description:
      'For a refund of an order the till does not hold (another tablet’s, an earlier session’s). A ' +
      'device finds only orders of its own POS config; the admin any. 404 not_found when no such ' +
      'order (of that config) is stored; 400 validation_failed for a malformed reference.',
    tags: ['orders'],
    security: WHO.configDeviceOrAdmin,
    params: ReferenceParamsSchema,
    response: {
      200: OrderLookupSchema,
      ...errorAnswers('validation_failed', ...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;
