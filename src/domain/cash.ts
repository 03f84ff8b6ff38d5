import { MAX_CASH_AMOUNT, MAX_CASH_REASON_LENGTH, MAX_CLOSING_NOTE_LENGTH } from './cash-count.js';
import { IdSchema, UuidSchema } from './ids.js';
import { ORDER_RESULT_STATUSES } from './order-rules.js';
import { z } from './zod.js';

export { MAX_CASH_AMOUNT, MAX_CASH_REASON_LENGTH, MAX_CLOSING_NOTE_LENGTH };
/** Most cash moves in one `POST /api/cash-moves`. */
export const MAX_CASH_MOVES_PER_UPLOAD = 500;

/** Cash counted in the drawer (opening float or closing count): integer minor units, 0 to 10^10. */
export const CountedCashSchema = z.int().check(z.minimum(0), z.maximum(MAX_CASH_AMOUNT));

/** A cash move's amount: signed integer minor units, positive in, negative out, never 0. */
export const CashMoveAmountSchema = z.int().check(
  z.minimum(-MAX_CASH_AMOUNT),
  z.maximum(MAX_CASH_AMOUNT),
  z.refine((amount) => amount !== 0, 'a cash move of 0 moves nothing'),
);

/** Why cash went in or out ("Bank deposit", "Change float"): required, trimmed, 1–200 characters. */
export const CashReasonSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'a reason is required'), z.maxLength(MAX_CASH_REASON_LENGTH));

/** The manager's note on a closing count that differs from the expected cash: trimmed, 1–1,000 characters. */
export const ClosingNoteSchema = z.string().check(z.trim(), z.maxLength(MAX_CLOSING_NOTE_LENGTH));

/**
 * Cash put into or taken out of the drawer during a session, made on a device and sent through its
 * outbox like an order: `uuid` is the idempotency key; `amount` signed integer minor units
 * (positive in, negative out); `createdAt` ISO 8601 from the device clock. No other field.
 */
export const CashMoveSchema = z.strictObject({
  uuid: UuidSchema,
  sessionId: IdSchema,
  deviceNumber: z.int().check(z.minimum(1), z.maximum(999)),
  amount: CashMoveAmountSchema,
  reason: CashReasonSchema,
  createdAt: z.iso.datetime({ offset: true }),
});
export type CashMove = z.infer<typeof CashMoveSchema>;

/** The server's word on one uploaded cash move, with the statuses of an order's. */
export const CashMoveResultSchema = z.object({
  uuid: z.nullable(z.string()),
  status: z.enum(ORDER_RESULT_STATUSES),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
});
export type CashMoveResult = z.infer<typeof CashMoveResultSchema>;

/** Envelope of `POST /api/cash-moves`: moves are validated one by one, so each stays `unknown` here. */
export const CashMovesUploadSchema = z.object({
  moves: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_CASH_MOVES_PER_UPLOAD)),
});
export const CashMovesUploadResultSchema = z.object({ results: z.array(CashMoveResultSchema) });
export type CashMovesUploadResult = z.infer<typeof CashMovesUploadResultSchema>;

/**
 * Cash the drawer should hold, minor units: the counted opening float, plus cash tendered, less
 * change given, plus the cash given back for refunds (signed: 0 or less), plus the cash moves
 * (signed).
 */
export function expectedCash(parts: {
  opening: number;
  payments: number;
  change: number;
  refunds: number;
  moves: number;
}): number {
  return parts.opening + parts.payments - parts.change + parts.refunds + parts.moves;
}
