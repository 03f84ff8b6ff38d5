import { z } from '../zod.js';

/**
 * Largest id there can be: ids are `integer` columns, 32-bit on PostgreSQL (a larger one in a
 * query would be an error there, not a row that is missing).
 */
export const MAX_ID = 2_147_483_647;

/**
 * A whole number from 1 to `max` in a query string (`?limit=20`), read as a number; anything else
 * is refused with "a whole number from 1 to `max`" (400 `validation_failed` at its name).
 */
export function wholeNumberQuery(max: number) {
  const rule = `a whole number from 1 to ${max}`;
  return z
    .pipe(z.string().check(z.regex(new RegExp(`^\\d{1,${String(max).length}}$`), rule)), z.transform(Number))
    .check(z.refine((n) => n >= 1 && n <= max, rule));
}

/** Pattern of a device id: a UUID, as the server makes them. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Meta of a path parameter that names a thing: a value that cannot be one answers 404
 * `not_found` ("No session abc"), as a thing that does not exist does, never 400.
 */
export interface NotFoundMeta {
  notFound: string;
}

/** Path parameters `{id}`: the integer id (0..MAX_ID, in digits) of a `what` (config, session). */
export function idParams(what: string) {
  return z.object({
    id: z.pipe(z.string().check(z.regex(/^\d{1,10}$/)), z.transform(Number)).check(
      z.refine((id) => id <= MAX_ID),
      z.meta({ notFound: what, description: `The ${what}'s id` }),
    ),
  });
}

/** Path parameters `{id}`: the UUID of a `what` (a device). */
export function uuidParams(what: string) {
  return z.object({
    id: z
      .string()
      .check(z.regex(UUID_PATTERN), z.meta({ notFound: what, description: `The ${what}'s id (a UUID)` })),
  });
}
