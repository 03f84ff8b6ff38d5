import { z } from './zod.js';
import { IdSchema, UuidSchema } from './ids.js';
import { CurrencySchema } from './pos-config.js';
import { TaxRateSchema } from './product.js';

/** Most units of one product on one line: a guard against a stuck key, not a business rule. */
export const MAX_LINE_QUANTITY = 9_999;
/** Largest line discount in percent: 100 % gives the line away. */
export const MAX_DISCOUNT_PERCENT = 100;
/**
 * Longest product name on a line (characters): the line copies the catalog's name, and this is far
 * above any shelf label; a longer one is not a name a till wrote, and would be stored in full.
 */
export const MAX_LINE_NAME_LENGTH = 200;
/** Most orders in one `POST /api/orders` (DESIGN.md). */
export const MAX_ORDERS_PER_UPLOAD = 500;

/**
 * One order line. `unitPrice` is tax-included, integer minor units; `discount` is a whole percent
 * taken off the line (0–100); `taxRate` in basis points. A field it does not know makes the line
 * invalid: the server stores an order as it was checked, and would otherwise drop it unseen.
 */
export const OrderLineSchema = z.strictObject({
  productId: IdSchema,
  name: z.string().min(1).max(MAX_LINE_NAME_LENGTH),
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  unitPrice: z.number().int().nonnegative(),
  taxRate: TaxRateSchema,
  discount: z.number().int().min(0).max(MAX_DISCOUNT_PERCENT).default(0),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const PAYMENT_METHODS = ['cash', 'card'] as const;
/** One payment; `amount` in integer minor units, positive. No other field (see OrderLineSchema). */
export const PaymentSchema = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  amount: z.number().int().positive(),
});
export type Payment = z.infer<typeof PaymentSchema>;
export type PaymentMethod = Payment['method'];

/**
 * One sale. `uuid` is made on the device and is the idempotency key; `reference` is
 * `<session>-<device>-<sequence>` (see order-reference.ts). Amounts are integer minor units:
 * `amountTotal` tax included, `amountPaid` the sum of payments, `amountReturn` the change.
 * `createdAt` is ISO 8601 from the device clock. No other field (see OrderLineSchema).
 */
export const PosOrderSchema = z.strictObject({
  uuid: UuidSchema,
  reference: z.string().regex(/^\d{5,}-\d{3,}-\d{4,}$/, 'not a <session>-<device>-<sequence> reference'),
  sessionId: IdSchema,
  deviceNumber: z.number().int().min(1).max(999),
  currency: CurrencySchema,
  createdAt: z.iso.datetime({ offset: true }),
  lines: z.array(OrderLineSchema).min(1).max(500),
  /** Empty only for a sale that totals zero (a free item, a 100 % discount): totals check it. */
  payments: z.array(PaymentSchema).max(20),
  amountTotal: z.number().int().nonnegative(),
  amountTax: z.number().int().nonnegative(),
  amountPaid: z.number().int().nonnegative(),
  amountReturn: z.number().int().nonnegative(),
});
export type PosOrder = z.infer<typeof PosOrderSchema>;

export const ORDER_RESULT_STATUSES = ['accepted', 'duplicate', 'session_closed', 'invalid'] as const;
/** The server's word on one uploaded order; `uuid` is null when the order had none readable. */
export const OrderResultSchema = z.object({
  uuid: z.string().nullable(),
  status: z.enum(ORDER_RESULT_STATUSES),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type OrderResult = z.infer<typeof OrderResultSchema>;

/** Envelope of `POST /api/orders`: orders are validated one by one, so each stays `unknown` here. */
export const OrdersUploadSchema = z.object({
  orders: z.array(z.unknown()).min(1).max(MAX_ORDERS_PER_UPLOAD),
});
export const OrdersUploadResultSchema = z.object({ results: z.array(OrderResultSchema) });
export type OrdersUploadResult = z.infer<typeof OrdersUploadResultSchema>;
