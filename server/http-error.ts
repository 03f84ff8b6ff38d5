import { PosError, type ErrorCode, type PosErrorOptions } from '../src/domain/pos-error.js';

/** HTTP status of each error code the API answers with; anything else is a 500. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  device_revoked: 401,
  pairing_code_invalid: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  transition_not_allowed: 409,
  session_already_open: 409,
  session_closed: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unsupported_media_type: 415,
  internal: 500,
  database_unavailable: 503,
  server_stopping: 503,
};

/** HTTP status for `code` (500 for a code the API does not answer with). */
export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** A PosError carrying the HTTP status of its code (and the invalid `field`, if given); throw it from a route. */
export function httpError(code: ErrorCode, message: string, options: PosErrorOptions = {}): PosError {
  return new PosError(code, message, statusOf(code), options);
}
