import type { ErrorBody } from './api/error-schema.js';

export type { ErrorBody };

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

/** Options of a {@link PosError}. */
export interface PosErrorOptions {
  /** The dot path of the invalid field (see ErrorBodySchema in api/error-schema.ts). */
  field?: string;
}

/** The one error class of pos-shell: a code from {@link ERROR_CODES}, a human message, and the field it is about. */
export class PosError extends Error {
  override readonly name = 'PosError';
  readonly field?: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status?: number,
    options: PosErrorOptions = {},
  ) {
    super(message);
    if (options.field !== undefined) this.field = options.field;
  }

  /** The API body for this error; `field` only when set. */
  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
      },
    };
  }
}
