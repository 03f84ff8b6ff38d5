import { z } from './zod.js';
import { IdSchema, UuidSchema } from './ids.js';
import {
  MAX_DISCOUNT_PERCENT,
  MAX_LINE_NAME_LENGTH,
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  MAX_ORDERS_PER_UPLOAD,
  MAX_REFUND_REASON_LENGTH,
  ORDER_RESULT_STATUSES,
  PAYMENT_METHODS,
  isRefund,
} from './order-rules.js';
import { REFERENCE_PATTERN } from './order-reference.js';
import { CurrencySchema } from './pos-config.js';
import { TaxRateSchema } from './product.js';
import { RefundProofSchema } from './refund-proof.js';

export {
  MAX_DISCOUNT_PERCENT,
  MAX_LINE_NAME_LENGTH,
  MAX_CASH_TENDERED_TIMES_TOTAL,
  MAX_CREATED_AHEAD_MS,
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  MAX_ORDERS_PER_UPLOAD,
  MAX_REFUND_REASON_LENGTH,
  ORDER_RESULT_STATUSES,
  PAYMENT_METHODS,
  clockProblem,
  isRefund,
  refundLineKey,
  tooMuchCash,
} from './order-rules.js';

/**
 * One order line. `unitPrice` is tax-included, integer minor units; `discount` is a whole percent
 * taken off the line (0–100); `taxRate` in basis points. `quantity` is 1..MAX_LINE_QUANTITY on a
 * sale and −MAX_LINE_QUANTITY..−1 on a refund (the order's refinement says which: see
 * PosOrderSchema). A field it does not know makes the line invalid: the server stores an order as
 * it was checked, and would otherwise drop it unseen.
 */
export const OrderLineSchema = z.strictObject({
  productId: IdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(MAX_LINE_NAME_LENGTH)),
  quantity: z.int().check(z.minimum(-MAX_LINE_QUANTITY), z.maximum(MAX_LINE_QUANTITY)),
  unitPrice: z.int().check(z.nonnegative()),
  taxRate: TaxRateSchema,
  discount: z._default(z.int().check(z.minimum(0), z.maximum(MAX_DISCOUNT_PERCENT)), 0),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

/**
 * One payment; `amount` in integer minor units: positive on a sale (money taken), negative on a
 * refund (money given back), never 0 (PosOrderSchema checks the sign). No other field (see
 * OrderLineSchema).
 */
export const PaymentSchema = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  amount: z.int(),
});
export type Payment = z.infer<typeof PaymentSchema>;
export type PaymentMethod = Payment['method'];

/**
 * The fields of an order, without the rules that tie them together (PosOrderSchema has them):
 * what a stored order is read with (StoredOrderSchema in api/orders.ts).
 */
export const PosOrderFieldsSchema = z.strictObject({
  uuid: UuidSchema,
  reference: z.string().check(z.regex(REFERENCE_PATTERN, 'not a <session>-<device>-<sequence> reference')),
  sessionId: IdSchema,
  deviceNumber: z.int().check(z.minimum(1), z.maximum(999)),
  currency: CurrencySchema,
  createdAt: z.iso.datetime({ offset: true }),
  lines: z.array(OrderLineSchema).check(z.minLength(1), z.maxLength(MAX_ORDER_LINES)),
  /** Empty only for an order that totals zero (a free item, a 100 % discount): totals check it. */
  payments: z.array(PaymentSchema).check(z.maxLength(20)),
  amountTotal: z.int(),
  amountTax: z.int(),
  amountPaid: z.int(),
  amountReturn: z.int(),
  /** A refund: the uuid of the order it gives money back for (absent on a sale, and on a refund without receipt). */
  refundOf: z.optional(UuidSchema),
  /** A refund approved by the manager at the till (refund-proof.ts): required without `refundOf`, refused with it. */
  managerProof: z.optional(RefundProofSchema),
  /** Why a refund was made, required with `managerProof`: trimmed, 1–200 characters. */
  reason: z.optional(
    z.string().check(z.trim(), z.minLength(1, 'a reason is required'), z.maxLength(MAX_REFUND_REASON_LENGTH)),
  ),
});

/**
 * One order: a sale, or a refund. `uuid` is made on the device and is the idempotency key;
 * `reference` is `<session>-<device>-<sequence>` (see order-reference.ts), a refund numbered like a
 * sale. Amounts are integer minor units: `amountTotal` tax included, `amountPaid` the sum of
 * payments, `amountReturn` the change. `createdAt` is ISO 8601 from the device clock. No other
 * field (see OrderLineSchema).
 *
 * A sale: quantities 1..MAX_LINE_QUANTITY, payments positive, amounts 0 or more, no `refundOf`,
 * `managerProof` or `reason`. A refund (isRefund: it names `refundOf` or carries a proof, or a
 * line is negative): every quantity −MAX_LINE_QUANTITY..−1, every payment negative (money given
 * back), `amountTotal`, `amountTax` and `amountPaid` 0 or less, `amountReturn` 0; either
 * `refundOf` (the original's uuid), or, without a receipt, a `managerProof` with a `reason`, never
 * both: a refund of an original is checked against what it sold, not approved instead.
 * An exchange is a refund and a sale, never one order with both signs.
 */
export const PosOrderSchema = PosOrderFieldsSchema.check(
  z.superRefine((order, context) => {
    for (const problem of orderSignProblems(order)) context.addIssue({ code: 'custom', ...problem });
  }),
);
export type PosOrder = z.infer<typeof PosOrderSchema>;

/** One broken rule of a sale or a refund: where, and what it should be. */
interface SignProblem {
  path: (string | number)[];
  message: string;
}

/** Every field of `order` against the rules of a sale or of a refund (see PosOrderSchema). */
function orderSignProblems(order: z.infer<typeof PosOrderFieldsSchema>): SignProblem[] {
  const refund = isRefund(order);
  const problems: SignProblem[] = [];
  const quantityRule = refund
    ? `a whole number from -${MAX_LINE_QUANTITY} to -1 on a refund`
    : `a whole number from 1 to ${MAX_LINE_QUANTITY}`;
  order.lines.forEach((line, index) => {
    if (refund ? line.quantity > -1 : line.quantity < 1)
      problems.push({ path: ['lines', index, 'quantity'], message: quantityRule });
  });
  order.payments.forEach((payment, index) => {
    if (refund ? payment.amount >= 0 : payment.amount <= 0)
      problems.push({
        path: ['payments', index, 'amount'],
        message: refund
          ? 'a whole number below 0 on a refund (money given back)'
          : 'a whole number, 1 or more',
      });
  });
  for (const key of ['amountTotal', 'amountTax', 'amountPaid'] as const) {
    if (refund ? order[key] > 0 : order[key] < 0)
      problems.push({
        path: [key],
        message: refund ? 'a whole number, at most 0 on a refund' : 'a whole number, 0 or more',
      });
  }
  if (refund ? order.amountReturn !== 0 : order.amountReturn < 0)
    problems.push({
      path: ['amountReturn'],
      message: refund ? 'exactly 0 on a refund' : 'a whole number, 0 or more',
    });
  if (refund && order.refundOf === undefined && order.managerProof === undefined)
    problems.push({
      path: ['refundOf'],
      message:
        "required on a refund: the original order's uuid, or a managerProof for a refund without receipt",
    });
  // The till sends a proof only on a refund without receipt; a proof beside an original would let
  // a refund of an order the server does not know (or another register's) pass unchecked.
  if (order.managerProof !== undefined && order.refundOf !== undefined)
    problems.push({
      path: ['managerProof'],
      message:
        'only on a refund without receipt: a refund naming its original (refundOf) is checked against that order',
    });
  if (order.managerProof !== undefined && order.reason === undefined)
    problems.push({
      path: ['reason'],
      message: 'required with a managerProof: why the money was given back',
    });
  if (!refund && order.reason !== undefined) problems.push({ path: ['reason'], message: 'only on a refund' });
  return problems;
}

/** The server's word on one uploaded order; `uuid` is null when the order had none readable. */
export const OrderResultSchema = z.object({
  uuid: z.nullable(z.string()),
  status: z.enum(ORDER_RESULT_STATUSES),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
});
export type OrderResult = z.infer<typeof OrderResultSchema>;

/** Envelope of `POST /api/orders`: orders are validated one by one, so each stays `unknown` here. */
export const OrdersUploadSchema = z.object({
  orders: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_ORDERS_PER_UPLOAD)),
});
export const OrdersUploadResultSchema = z.object({ results: z.array(OrderResultSchema) });
export type OrdersUploadResult = z.infer<typeof OrdersUploadResultSchema>;
