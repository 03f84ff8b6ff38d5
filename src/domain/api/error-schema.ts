import { CSV_PROBLEM_REASONS, ERROR_CODES, type ErrorCode } from '../pos-error.js';
import { z } from '../zod.js';
import { statusOf } from './error-status.js';

/** One bad cell or row of an uploaded CSV file (`invalid_csv`). */
export const CsvProblemSchema = z.object({
  line: z.int().check(
    z.minimum(1),
    z.meta({
      description:
        'The row as a spreadsheet numbers it, the header being line 1 (a quoted line break does not start a row)',
    }),
  ),
  column: z
    .string()
    .check(
      z.meta({ description: "The column's name as in the header; empty when the row as a whole is wrong" }),
    ),
  reason: z.enum(CSV_PROBLEM_REASONS).check(
    z.meta({
      description:
        'Why, for a client to say it in its own language: `empty_file` (no header); `header` (columns ' +
        'unknown, missing or twice); `not_utf8` (the file is not UTF-8 text, on the row of its first ' +
        'bad byte); `unreadable` (not CSV there: a quote never closed, text after a closing quote); ' +
        '`values_count` (more or fewer values than columns); `name`, `price`, `tax_rate`, `category`, ' +
        "`barcode`, `archived` (the value breaks its column's rule, `message` says which); " +
        '`barcode_as_number` (the spreadsheet wrote the barcode as a number, like 4.00638E+12); ' +
        '`duplicate_in_file` (the barcode or name, as `column` says, of the earlier row `otherLine`); ' +
        "`conflict_in_catalog` (the barcode is one product's and the name another's); " +
        '`same_product_twice` (the product the earlier row `otherLine` already is)',
    }),
  ),
  otherLine: z.optional(
    z.int().check(z.minimum(1), z.meta({ description: 'The earlier row the problem is about' })),
  ),
  message: z.string().check(z.meta({ description: 'The problem in English' })),
});

/**
 * Body of every API error answer. `field`: for `validation_failed`, the dot path of the first
 * invalid field of the request (e.g. `name`, `lines.0.quantity`), so a form can point at it;
 * absent when the problem is the request as a whole. `details`: for `invalid_csv`, the problems
 * of the file's bad rows in file order (all those of the first MAX_LISTED_CSV_ROWS bad rows).
 */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    field: z.optional(z.string()),
    details: z.optional(z.array(CsvProblemSchema)),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Codes any route may answer: the server failed, its database is gone, or it is stopping. */
const ALWAYS: readonly ErrorCode[] = ['internal', 'database_unavailable', 'server_stopping'];
/** Codes of any route that reads a JSON body: malformed JSON, too large a body, another content type. */
export const BODY_ERRORS: readonly ErrorCode[] = [
  'bad_request',
  'payload_too_large',
  'unsupported_media_type',
];

/**
 * Codes of a route that needs a token: none or an unknown one, a revoked device, the wrong kind of
 * token or config, too many unknown tokens from the address (429, with Retry-After).
 */
export const AUTH_ERRORS: readonly ErrorCode[] = [
  'unauthorized',
  'device_revoked',
  'forbidden',
  'rate_limited',
];

/**
 * The error answers of a route that may answer `codes` (plus internal, database_unavailable and
 * server_stopping, which any route may): one {@link ErrorBodySchema} per HTTP status, described
 * by the codes it carries (`Error codes: validation_failed, bad_request`), keyed by status.
 */
export function errorAnswers(...codes: readonly ErrorCode[]): Record<number, typeof ErrorBodySchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...ALWAYS])) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const answers: Record<number, typeof ErrorBodySchema> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b))
    answers[status] = ErrorBodySchema.check(z.meta({ description: `Error codes: ${list.join(', ')}` }));
  return answers;
}
