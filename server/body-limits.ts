import { MAX_PRODUCTS_CSV_BYTES } from '../src/domain/api/products-csv.js';

/**
 * How large a request body may be (bytes); a larger one answers 413 `payload_too_large` in the
 * API's error shape before it is read. Measured on the till's own uploads (src/sync/upload-orders.ts,
 * orders as buildOrder makes them from the seeded catalog's names, ids of 5 digits): 500 orders of 5
 * lines are 0.42 MB, of 10 lines 0.70 MB, of 20 lines 1.24 MB, of 40 lines 2.32 MB. A full batch of
 * a busy shop's baskets passes 1 MB, so the routes that take orders keep their own limit.
 */

/** Every JSON body but those below: 1 MiB, far above any form of the back office or the till. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `POST /api/orders` and a rescue (`POST /api/sessions/:id/rescue`): 500 orders (the till's batch,
 * the server's most) of about 8 KB each, some 40 lines with long names or 70 with the catalog's. A
 * batch over it answers 413 and the till sends it in halves, down to one order: the largest order
 * the schema allows (500 lines of 200-character names, 0.25 MB) still gets through alone.
 * `POST /api/cash-moves` needs no more than the default: 500 moves with the longest reason (200
 * characters, 4 bytes each) and amount are 0.29 MB.
 */
export const MAX_ORDERS_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The largest body any route takes: the catalog CSV's 5 MiB (its parser's own limit,
 * routes/products-csv.ts). A proxy in front must let this through (nginx's client_max_body_size),
 * so that the server answers a body too large for its route in the API's shape.
 */
export const LARGEST_BODY_BYTES = Math.max(MAX_BODY_BYTES, MAX_ORDERS_BODY_BYTES, MAX_PRODUCTS_CSV_BYTES);
