import type { ErrorBody } from './api/error-schema.js';

export type { ErrorBody };

/**
 * Error codes shared by the API (`{error: {code, message}}`), the worker and the page. Tests check
 * codes, never wording.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'invalid_csv',
  'not_found',
  'conflict',
  'transition_not_allowed',
  'session_already_open',
  'cash_count_required',
  'closing_note_required',
  'session_closed',
  'over_refund',
  'unknown_original',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'device_revoked',
  'pairing_code_invalid',
  'forbidden',
  'rate_limited',
  'database_unavailable',
  'server_stopping',
  'network',
  'timeout',
  'server_error',
  'bad_response',
  'storage_full',
  'storage_failed',
  'session_not_open',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why a row of an uploaded CSV file is refused, for a client to say it in its own language
 * (CsvProblemSchema in api/error-schema.ts says each one). A column's name (`name` … `archived`)
 * is a value its column's rule refuses; `message` says which rule.
 */
export const CSV_PROBLEM_REASONS = [
  'empty_file',
  'header',
  'not_utf8',
  'unreadable',
  'values_count',
  'name',
  'price',
  'tax_rate',
  'category',
  'barcode',
  'barcode_as_number',
  'archived',
  'duplicate_in_file',
  'conflict_in_catalog',
  'same_product_twice',
] as const;
export type CsvProblemReason = (typeof CSV_PROBLEM_REASONS)[number];

/**
 * Most bad rows one 422 invalid_csv lists in `details` (each with all its problems; the message
 * counts them all). A client that gets this many may have more to show.
 */
export const MAX_LISTED_CSV_ROWS = 100;

/** One bad cell or row of an uploaded CSV file (see ErrorBodySchema in api/error-schema.ts). */
export interface CsvProblem {
  /**
   * The row as a spreadsheet numbers it, the header being line 1: a record of the file, however
   * many line breaks its quoted values hold (so not always a text editor's line).
   */
  line: number;
  /** The column's name as the header gives it; empty when the problem is the row as a whole. */
  column: string;
  /** Why, in a word a client can translate; `message` says it in English. */
  reason: CsvProblemReason;
  /** The earlier row the problem is about (`duplicate_in_file`, `same_product_twice`). */
  otherLine?: number;
  message: string;
}

/** Options of a {@link PosError}. */
export interface PosErrorOptions {
  /** The dot path of the invalid field (see ErrorBodySchema in api/error-schema.ts). */
  field?: string;
  /** For `invalid_csv`: each bad row's problems, in file order. */
  details?: readonly CsvProblem[];
}

/** The one error class of pos-shell: a code from {@link ERROR_CODES}, a human message, and the field it is about. */
export class PosError extends Error {
  override readonly name = 'PosError';
  readonly field?: string;
  readonly details?: readonly CsvProblem[];
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status?: number,
    options: PosErrorOptions = {},
  ) {
    super(message);
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
  }

  /** The API body for this error; `field` and `details` only when set. */
  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
        ...(this.details !== undefined ? { details: [...this.details] } : {}),
      },
    };
  }
}
