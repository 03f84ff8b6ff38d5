import { CSV_PROBLEM_REASONS, ERROR_CODES, PosError, type CsvProblem, type ErrorCode } from '../pos-error.js';

/** The `{error: {code, message, field?, details?}}` of an API error body, as read (the code may be one this client does not know). */
export interface ReadErrorBody {
  code: string;
  message: string;
  field?: string;
  details?: CsvProblem[];
}

/**
 * The `{error: {code, message, field?, details?}}` of an API error body, or null when `body`
 * (parsed JSON, or undefined when the answer was not JSON) does not have that shape. A missing or
 * empty message becomes the code; an empty `field`, and `details` that are not a list of CSV
 * problems, are left out.
 */
export function readErrorBody(body: unknown): ReadErrorBody | null {
  const error = (
    body as
      { error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown } } | null | undefined
  )?.error;
  if (typeof error !== 'object' || error === null || typeof error.code !== 'string' || error.code === '')
    return null;
  const message = typeof error.message === 'string' && error.message !== '' ? error.message : error.code;
  return {
    code: error.code,
    message,
    ...(typeof error.field === 'string' && error.field !== '' ? { field: error.field } : {}),
    ...(isCsvProblemList(error.details) ? { details: error.details } : {}),
  };
}

/**
 * True when `value` is a list of `{line, column, reason, otherLine?, message}` (CsvProblemSchema),
 * checked by hand: the back office loads this module and must not pull zod. A reason this client
 * does not know fails the check, as an unknown error code does (errorFromApi): the list is then
 * left out and the error's message stands.
 */
function isCsvProblemList(value: unknown): value is CsvProblem[] {
  const reasons: readonly string[] = CSV_PROBLEM_REASONS;
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => {
      const p = item as Partial<Record<keyof CsvProblem, unknown>> | null;
      return (
        typeof p === 'object' &&
        p !== null &&
        Number.isInteger(p.line) &&
        typeof p.column === 'string' &&
        typeof p.reason === 'string' &&
        reasons.includes(p.reason) &&
        (p.otherLine === undefined || Number.isInteger(p.otherLine)) &&
        typeof p.message === 'string'
      );
    })
  );
}

/**
 * The PosError of a non-2xx API answer: HTTP `status` and its parsed `body`. With the API's
 * `{error: {code, message, field?, details?}}` and a code of {@link ERROR_CODES}: that code,
 * message, field and details. Otherwise (no such shape, e.g. a proxy's HTML page, or a code this client does not
 * know): `server_error` for a 5xx (the server or a proxy in front of it failed: try again later)
 * and `bad_response` for any other status; the message then names the status only, never the
 * body's text. The message is for logs: the page words its own by code.
 */
export function errorFromApi(status: number, body: unknown): PosError {
  const read = readErrorBody(body);
  const code = ERROR_CODES.find((known): known is ErrorCode => known === read?.code);
  if (read && code)
    return new PosError(code, read.message, status, {
      ...(read.field === undefined ? {} : { field: read.field }),
      ...(read.details === undefined ? {} : { details: read.details }),
    });
  const fallback: ErrorCode = status >= 500 ? 'server_error' : 'bad_response';
  const what = read ? `an error this client does not know (${read.code})` : 'no API error body';
  return new PosError(fallback, `The server answered ${status} with ${what}.`, status);
}
