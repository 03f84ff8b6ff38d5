import { statusOf } from '../src/domain/api/error-status.js';
import { PosError, type ErrorCode, type PosErrorOptions } from '../src/domain/pos-error.js';

/** A PosError carrying the HTTP status of its code (and the invalid `field`, if given); throw it from a route. */
export function httpError(code: ErrorCode, message: string, options: PosErrorOptions = {}): PosError {
  return new PosError(code, message, statusOf(code), options);
}

/**
 * A 429 `rate_limited` that says when to try again: the error handler sends it with
 * `Retry-After: <retryAfterSeconds>` (whole seconds, at least 1), as the pairing limit's plugin does.
 */
export class RetryLaterError extends PosError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message, statusOf('rate_limited'));
  }
}

/**
 * The 429 of a lockout that ends at `expiresAt` (ISO 8601), seen at `now`: Retry-After is the wait
 * in whole seconds, rounded up and at least 1 (a lockout ending this very millisecond still says
 * when), and `message` is given the same seconds, so what the header and the text say agree.
 */
export function retryLaterUntil(
  expiresAt: string,
  now: Date,
  message: (seconds: number) => string,
): RetryLaterError {
  const seconds = Math.max(1, Math.ceil((Date.parse(expiresAt) - now.getTime()) / 1000));
  return new RetryLaterError(message(seconds), seconds);
}
