import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod/mini';
import { CashMoveBatchSchema } from '../src/domain/api/cash-moves.js';
import { OrderBatchSchema, ReferenceParamsSchema } from '../src/domain/api/orders.js';
import type { NotFoundMeta } from '../src/domain/api/params.js';
import type { PosError } from '../src/domain/pos-error.js';
import { httpError } from './http-error.js';
import { checkInput, validationError } from './parse-input.js';

// zod/mini sets no locale: issues would read "Invalid input". The issues of an answer that breaks
// its contract reach the 500's log (a request's never reach anyone in zod's words: input-rules.ts),
// so the server keeps zod's English there, as classic zod set it by itself.
z.config(z.locales.en());

/**
 * Request schemas the route reads itself: an upload's envelope gives 413 above 500 orders (or cash
 * moves) and each its own result, which a schema refusing the whole batch cannot say
 * (orders/read-batch.ts). They are in the OpenAPI document all the same.
 */
const READ_BY_ROUTE: ReadonlySet<z.ZodMiniType> = new Set([OrderBatchSchema, CashMoveBatchSchema]);

/**
 * Path parameters checked like a body or a query (400 `validation_failed` when malformed), not as
 * the name of a thing (404): an order reference is typed or scanned by a cashier, and a malformed
 * one is a typing or scanning slip to be said as such, not an order that is missing.
 */
const PARAMS_AS_INPUT: ReadonlySet<z.ZodMiniType> = new Set([ReferenceParamsSchema]);

/**
 * Fastify's validator for the contract's zod schemas (src/domain/api/), on top of
 * {@link checkInput}: a bad body or query answers 400 `validation_failed` with the manager's
 * words and the first invalid `field`, exactly as a route calling parseInput did; a path parameter
 * that cannot name a thing (`/api/sessions/abc`) answers 404 `not_found` ("No session abc"), as
 * a thing that does not exist does (except PARAMS_AS_INPUT's). Fastify hands a missing body over as null: a route whose body
 * is optional takes null as no body.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodMiniType> = ({ schema, httpPart }) => {
  if (READ_BY_ROUTE.has(schema)) return (data: unknown) => ({ value: data });
  return (data: unknown) => {
    const value =
      data === null && httpPart === 'body' && schema.safeParse(undefined).success ? undefined : data;
    const checked = checkInput(schema, value);
    if (checked.ok) return { value: checked.data };
    const asName = httpPart === 'params' && !PARAMS_AS_INPUT.has(schema);
    return { error: asName ? notFound(schema, value) : validationError(checked.problem) };
  };
};

/** The 404 of path parameters that cannot name a thing: `No <what> <value>` from the parameter's meta. */
function notFound(schema: z.ZodMiniType, params: unknown): PosError {
  const shape = schema instanceof z.ZodMiniObject ? (schema.shape as Record<string, z.ZodMiniType>) : {};
  const values = (params ?? {}) as Record<string, unknown>;
  for (const [key, param] of Object.entries(shape)) {
    const meta = z.globalRegistry.get(param) as Partial<NotFoundMeta> | undefined;
    if (meta?.notFound) return httpError('not_found', `No ${meta.notFound} ${String(values[key])}`);
  }
  return httpError('not_found', 'Not found');
}

/**
 * Fastify's serializer of JSON answers from the contract's zod schemas: an answer that does not
 * match its schema, or carries a field the schema does not declare, is a server bug and answers
 * 500 `internal` (logged) instead of reaching a client. Answers of another content type (CSV, an
 * event stream) are documented by their type only and sent as they are.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodMiniType> = ({
  schema,
  method,
  url,
  contentType,
}) => {
  if (contentType !== undefined && !contentType.includes('json')) return (data) => String(data);
  return (data) => {
    const encoded = z.safeEncode(schema, data);
    if (!encoded.success) throw new ResponseSerializationError(method, url, { cause: encoded.error });
    const extra = undeclaredField(data, encoded.data);
    if (extra !== null)
      throw new ResponseSerializationError(method, url, {
        cause: new z.core.$ZodError([
          {
            code: 'custom',
            path: extra.split('.'),
            message: 'a field the contract does not declare',
            input: undefined,
          },
        ]),
      });
    return JSON.stringify(encoded.data);
  };
};

/**
 * The dot path of the first field of `data` that `encoded` (the same answer encoded by its
 * schema, which drops undeclared fields) does not have, or null when there is none. An
 * undefined field is not one: JSON leaves it out.
 */
export function undeclaredField(data: unknown, encoded: unknown, path = ''): string | null {
  if (typeof data !== 'object' || data === null || typeof encoded !== 'object' || encoded === null)
    return null;
  const target = encoded as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const at = path === '' ? key : `${path}.${key}`;
    if (!(key in target)) return at;
    const inner = undeclaredField(value, target[key], at);
    if (inner !== null) return inner;
  }
  return null;
}
