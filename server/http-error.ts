import { statusOf } from '../src/domain/api/error-status.js';
import { PosError, type ErrorCode, type PosErrorOptions } from '../src/domain/pos-error.js';

/** A PosError carrying the HTTP status of its code (and the invalid `field`, if given); throw it from a route. */
export function httpError(code: ErrorCode, message: string, options: PosErrorOptions = {}): PosError {
  return new PosError(code, message, statusOf(code), options);
}
