import type { z } from 'zod/mini';
import { MAX_ID, UUID_PATTERN } from '../src/domain/api/params.js';
import type { PosError } from '../src/domain/pos-error.js';
import { httpError } from './http-error.js';
import { describeIssues, issueText, type InputProblem } from './input-rules.js';

const ID_PATTERN = /^\d{1,10}$/;

/** What {@link checkInput} found: the parsed value, or the problem in a manager's words. */
export type Checked<T> = { ok: true; data: T } | { ok: false; problem: InputProblem };

/**
 * Parses `value` with `schema`; on failure, describes it with the central rules of
 * input-rules.ts (a message the schema gives itself wins) and names the first invalid field.
 */
export function checkInput<T extends z.ZodMiniType>(schema: T, value: unknown): Checked<z.output<T>> {
  const parsed = schema.safeParse(value, { error: (issue) => issueText(issue, schema) });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, problem: describeIssues(parsed.error.issues, schema) };
}

/** The 400 `validation_failed` PosError of `problem`, with its `field` when there is one. */
export function validationError(problem: InputProblem): PosError {
  return httpError(
    'validation_failed',
    problem.message,
    problem.field === undefined ? {} : { field: problem.field },
  );
}

/**
 * Parses `value` with `schema`; throws PosError `validation_failed` (400) saying, for each
 * invalid field, what it takes (`name: type 1 to 80 characters`), with `field` the first one's
 * dot path.
 */
export function parseInput<T extends z.ZodMiniType>(schema: T, value: unknown): z.output<T> {
  const checked = checkInput(schema, value);
  if (!checked.ok) throw validationError(checked.problem);
  return checked.data;
}

/**
 * The problem of a ZodError raised without {@link checkInput} (its schema unknown): each issue
 * described again from what it carries, except a refine's own message.
 */
export function describeZodError(error: z.core.$ZodError): InputProblem {
  return describeIssues(
    error.issues.map((issue) => (issue.code === 'custom' ? issue : { ...issue, message: issueText(issue) })),
  );
}

/** An integer id (0..MAX_ID) from a path or body value (`42` or `"42"`), or null when it is not one. */
export function readId(raw: unknown): number | null {
  const id =
    typeof raw === 'number' ? raw : typeof raw === 'string' && ID_PATTERN.test(raw) ? Number(raw) : null;
  return id !== null && Number.isInteger(id) && id >= 0 && id <= MAX_ID ? id : null;
}

/** The integer id in `raw`; throws PosError `not_found` (404) naming `what` when it is not one. */
export function requireId(raw: unknown, what: string): number {
  const id = readId(raw);
  if (id === null) throw httpError('not_found', `No ${what} ${String(raw)}`);
  return id;
}

/** `raw` when it is a UUID (a device id); throws PosError `not_found` (404) naming `what` otherwise. */
export function requireUuid(raw: string, what: string): string {
  if (!UUID_PATTERN.test(raw)) throw httpError('not_found', `No ${what} ${raw}`);
  return raw;
}
