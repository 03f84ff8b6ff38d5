import type { z } from 'zod';
import { httpError } from './http-error.js';

/** Largest id a route accepts: SQLite integers are 64-bit but JSON numbers stay exact to 2^53. */
const MAX_ID_DIGITS = 15;
const ID_PATTERN = new RegExp(`^\\d{1,${MAX_ID_DIGITS}}$`);

/** One readable line per zod issue: `path: message`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

/** Parses `value` with `schema`; throws PosError `validation_failed` (400) describing the issues. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw httpError('validation_failed', describeZodError(parsed.error));
  return parsed.data;
}

/** An integer id from a path or body value (`42` or `"42"`), or null when it is not one. */
export function readId(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
  if (typeof raw === 'string' && ID_PATTERN.test(raw)) return Number(raw);
  return null;
}

/** The integer id in `raw`; throws PosError `not_found` (404) naming `what` when it is not one. */
export function requireId(raw: unknown, what: string): number {
  const id = readId(raw);
  if (id === null) throw httpError('not_found', `No ${what} ${String(raw)}`);
  return id;
}
