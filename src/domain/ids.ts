import { z } from './zod.js';

export { sameId } from './same-id.js';

/**
 * Ids of configs, sessions, products and devices are opaque: the server may answer strings or
 * integers (DESIGN.md, HTTP API). Compare them with {@link sameId}, never with `===`.
 */
export const IdSchema = z.union([
  z.int().check(z.nonnegative()),
  z.string().check(z.minLength(1), z.maxLength(64)),
]);
export type Id = z.infer<typeof IdSchema>;

/** RFC 4122 UUID, lower or upper case. Order ids and device ids are UUIDs. */
export const UuidSchema = z
  .string()
  .check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not a UUID'));
