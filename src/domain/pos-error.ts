/**
 * Error codes shared by the API (`{error: {code, message}}`), the worker and the page. Tests check
 * codes, never wording.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'not_found',
  'conflict',
  'transition_not_allowed',
  'session_already_open',
  'session_closed',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'device_revoked',
  'pairing_code_invalid',
  'forbidden',
  'rate_limited',
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

/** Body of every API error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** The one error class of pos-shell: a code from {@link ERROR_CODES} and a human message. */
export class PosError extends Error {
  override readonly name = 'PosError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  /** The API body for this error. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
