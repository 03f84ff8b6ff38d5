import type { ErrorCode } from '../pos-error.js';

/** HTTP status of each error code the API answers with; any other code is never sent by the server. */
export const STATUS_BY_CODE: Readonly<Partial<Record<ErrorCode, number>>> = {
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
  cash_count_required: 409,
  closing_note_required: 409,
  session_closed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_csv: 422,
  rate_limited: 429,
  internal: 500,
  database_unavailable: 503,
  server_stopping: 503,
};

/** HTTP status of `code` (500 for a code the API does not answer with). */
export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}
