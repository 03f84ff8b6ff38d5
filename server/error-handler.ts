import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod/mini';
import { PosError } from '../src/domain/pos-error.js';
import { databaseErrorKind } from './db/dialect.js';
import { httpError, RetryLaterError } from './http-error.js';
import { describeZodError, validationError } from './parse-input.js';

/** Fastify's own error codes for bad input, mapped to the API's. */
const FASTIFY_CODES: Readonly<Record<string, PosError['code']>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_BAD_URL: 'bad_request',
};

/**
 * Turns anything thrown while handling a request into a PosError with a status: ours as they
 * are, zod errors as `validation_failed`, a unique violation no route turned into its own answer
 * as 409 `conflict` (two requests made the same thing at once: never a 500), a database that
 * cannot be reached or does not answer in time as 503 `database_unavailable`, Fastify's parse
 * errors (bad JSON, body too large, wrong content type) by code, other 4xx by status, and the
 * rest as a 500 `internal`. Database errors are read by databaseErrorKind (dialect.ts), the one
 * place that knows both engines' codes, a lost PostgreSQL connection included.
 */
export function toPosError(error: unknown): PosError {
  if (error instanceof PosError) return error;
  if (error instanceof z.core.$ZodError) return validationError(describeZodError(error));
  const kind = databaseErrorKind(error);
  if (kind === 'unique_violation') {
    return httpError(
      'conflict',
      'Another request changed the same thing at the same moment: read it again, then retry.',
    );
  }
  if (kind === 'connection_lost')
    return httpError('database_unavailable', 'The server cannot reach its database: try again in a moment.');
  if (kind === 'timed_out')
    return httpError('database_unavailable', 'The database did not answer in time: try again in a moment.');
  const e = error as Partial<FastifyError>;
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped === 'unsupported_media_type')
    return httpError(mapped, 'The API takes application/json bodies (a catalog import: text/csv).');
  if (mapped) return httpError(mapped, e.message ?? mapped);
  const status = e.statusCode ?? 500;
  if (error instanceof SyntaxError && status === 400)
    return httpError('bad_request', `Malformed JSON: ${error.message}`);
  if (status === 404) return httpError('not_found', e.message ?? 'Not found');
  if (status === 403) return httpError('forbidden', e.message ?? 'Forbidden');
  if (status >= 400 && status < 500) return new PosError('bad_request', e.message ?? 'Bad request', status);
  return httpError('internal', 'Internal server error');
}

/** Answers 404 `not_found` as JSON for a route the API does not have. */
export function replyNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = httpError('not_found', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`);
  return reply.code(404).send(error.toBody());
}

/**
 * Answers `error` as `{error: {code, message}}` with its status (a RetryLaterError with its
 * `Retry-After`); logs 5xx, except
 * `database_unavailable`: during an outage every request answers it, the request log shows each
 * 503, and connect.ts says once that the database is gone and once that it is back.
 */
export function replyError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const posError = toPosError(error);
  const status = posError.status ?? 500;
  if (status >= 500 && posError.code !== 'database_unavailable')
    request.log.error({ err: error }, 'request failed');
  if (posError instanceof RetryLaterError)
    void reply.header('retry-after', String(posError.retryAfterSeconds));
  return reply.code(status).send(posError.toBody());
}

/** Installs the error handler: every error answers `{error: {code, message}}`; 5xx are logged. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => replyError(error, request, reply));
}
