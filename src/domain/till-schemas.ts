import { OrderLookupSchema } from './api/orders.js';
import { IdSchema } from './ids.js';
import { PosOrderFieldsSchema, PosOrderSchema } from './pos-order.js';
import { z } from './zod.js';

/**
 * Every schema the till's page checks at run time (the API's answers, the pushed session, a cash
 * move before it is stored), in one module the page imports only through loadTillSchemas()
 * (load-till-schemas.ts): zod and the schemas it builds at module load are then neither in the
 * till's first load nor evaluated before its first render. The schemas are the domain's own, the
 * ones the server checks with; nothing here loosens them.
 */

export { CashMoveSchema } from './cash.js';
export { readCatalogAnswer } from './catalog.js';
export { PosConfigSchema } from './pos-config.js';
export { PosSessionSchema } from './pos-session.js';

/** What `POST /api/pair` answers (docs/ACCESS.md): this tablet's token, id and number, and its config. */
export const PairAnswerSchema = z.object({
  token: z.string().check(z.minLength(1)),
  deviceId: z.string().check(z.minLength(1)),
  deviceNumber: z.int().check(z.minimum(1), z.maximum(999)),
  configId: IdSchema,
});

/**
 * The lookup's answer as the till reads it: the stored order keeps only the fields the till knows
 * (an older till's extra field is dropped, not a reason to refuse the refund) and must still be a
 * valid order.
 */
export const LookupAnswerSchema = z.extend(OrderLookupSchema, {
  order: z
    .object(PosOrderFieldsSchema.shape)
    .check(z.refine((order) => PosOrderSchema.safeParse(order).success, 'not a valid order')),
});
