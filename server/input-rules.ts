import { z } from 'zod/mini';

/**
 * Validation messages in a manager's words (`name: type 1 to 80 characters`), built in one place
 * from zod's issues and the schema that raised them, never zod's own wording ("Too small:
 * expected string to have >=1 characters"). A message a schema gives itself (a regex's 'a PIN
 * is 4 to 8 digits', a refine's text) wins: zod asks {@link issueText} only for issues whose
 * schema said nothing (zod 4's error precedence: schema, then the parse's error map).
 *
 * Schemas are read through zod 4's `_zod.def` (type, checks, inner types): the introspection
 * surface zod documents for library authors. A schema may name its unit with
 * `.check(z.meta({unit: 'seconds'}))`, or say its whole rule with
 * `.check(z.meta({rule: 'a currency code such as EUR'}))`.
 */

/** A zod schema as this module reads it. */
type Node = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string; checks?: Node[] };
/** One issue as zod gives it to an error map (before its message exists) or in a ZodError. */
type Issue = z.core.$ZodRawIssue | z.core.$ZodIssue;

/** Most issues one message lists; the rest are counted (an upload of 500 bad lines stays readable). */
export const MAX_LISTED_ISSUES = 5;

const defOf = (node: Node): Def => node._zod.def as unknown as Def;
const checkDef = (check: Node): Record<string, unknown> =>
  check._zod.def as unknown as Record<string, unknown>;

/** Wrappers whose inner type says what is accepted. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** A schema with its wrappers taken off: the base schema, whether null is accepted, its unit and rule. */
interface Field {
  node: Node;
  nullable: boolean;
  unit: string | undefined;
  rule: string | undefined;
}

function unwrap(start: Node): Field {
  let node = start;
  let nullable = false;
  let unit: string | undefined;
  let rule: string | undefined;
  for (let depth = 0; depth < 20; depth += 1) {
    const meta = z.globalRegistry.get(node) as { unit?: unknown; rule?: unknown } | undefined;
    if (typeof meta?.unit === 'string') unit ??= meta.unit;
    if (typeof meta?.rule === 'string') rule ??= meta.rule;
    const def = defOf(node);
    if (def.type === 'nullable') nullable = true;
    if (WRAPPERS.has(def.type)) node = def.innerType as Node;
    else if (def.type === 'pipe') node = def.in as Node;
    else if (def.type === 'lazy') node = (def.getter as () => Node)();
    else break;
  }
  return { node, nullable, unit, rule };
}

/** The schema of the field at `path` under `root`, or undefined when the path cannot be followed. */
export function schemaAt(root: Node, path: readonly PropertyKey[]): Field | undefined {
  let field = unwrap(root);
  for (const key of path) {
    const def = defOf(field.node);
    let next: Node | undefined;
    if (def.type === 'object')
      next = (def.shape as Record<string, Node>)[String(key)] ?? (def.catchall as Node | undefined);
    else if (def.type === 'array') next = def.element as Node;
    else if (def.type === 'record') next = def.valueType as Node;
    else if (def.type === 'tuple')
      next = (def.items as Node[])[Number(key)] ?? (def.rest as Node | undefined);
    if (!next) return undefined;
    field = unwrap(next);
  }
  return field;
}

const FORMATS: Readonly<Record<string, string>> = {
  uuid: 'a UUID',
  guid: 'a UUID',
  email: 'an email address',
  url: 'a web address (URL)',
  datetime: 'a date and time in ISO 8601, e.g. 2026-11-29T08:00:00Z',
  date: 'a date in ISO 8601, e.g. 2026-11-29',
  time: 'a time, e.g. 08:00:00',
};

/**
 * What a schema accepts, in words (`a whole number of seconds from 5 to 86400`), or null. A
 * message the schema gives itself is its rule, unless it is a complaint (`not an ISO 4217 code`),
 * which says what is wrong with a value but not what to type when the value is missing.
 */
export function ruleOf(field: Field, purpose: 'rule' | 'complaint' = 'complaint'): string | null {
  const text = baseRule(field, purpose);
  if (text === null) return null;
  return field.nullable ? `${text}, or null` : text;
}

function baseRule({ node, unit, rule }: Field, purpose: 'rule' | 'complaint'): string | null {
  if (rule) return rule;
  const def = defOf(node);
  const checks = (def.checks ?? []).map(checkDef);
  const own = ownMessage(def, checks);
  if (own && (purpose === 'complaint' || !own.startsWith('not '))) return own;
  if (own) return null;
  switch (def.type) {
    case 'string':
      return typeof def.format === 'string' && FORMATS[def.format]
        ? (FORMATS[def.format] ?? null)
        : (lengthRule(checks, 'characters') ?? 'a text');
    case 'number':
      // `z.int()` is a number schema that is its own format check: its def says it, not `checks`.
      return numberRule([def, ...checks], unit);
    case 'boolean':
      return 'true or false';
    case 'enum':
      return oneOf(Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return oneOf(def.values as unknown[]);
    case 'array': {
      const count = lengthRule(checks, 'items');
      return count ? count.replace(/^type /, 'a list of ') : 'a list';
    }
    case 'object':
      return 'a JSON object';
    case 'null':
      return 'null';
    case 'union': {
      const options = (def.options as Node[]).map((o) => ruleOf(unwrap(o)));
      return options.every((o) => o !== null) ? options.join(', or ') : null;
    }
    default:
      return null;
  }
}

/** A message the schema gives for its own checks (a regex's 'a PIN is 4 to 8 digits'), if any. */
function ownMessage(def: Def, checks: Record<string, unknown>[]): string | null {
  for (const source of [def, ...checks]) {
    const error = source.error;
    if (typeof error !== 'function') continue;
    const text: unknown = (error as (issue: unknown) => unknown)({
      code: 'custom',
      input: undefined,
      path: [],
    });
    if (typeof text === 'string') return text;
  }
  return null;
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return shown.length === 1 ? `exactly ${shown[0]}` : `one of ${shown.join(', ')}`;
}

/** `type 1 to 80 characters` (or `items`) from length checks, or null without any. */
function lengthRule(checks: Record<string, unknown>[], what: 'characters' | 'items'): string | null {
  let min: number | undefined;
  let max: number | undefined;
  for (const c of checks) {
    if (c.check === 'min_length') min = Math.max(min ?? 0, Number(c.minimum));
    if (c.check === 'max_length') max = Math.min(max ?? Infinity, Number(c.maximum));
    if (c.check === 'length_equals') min = max = Number(c.length);
  }
  const one = what === 'characters' ? 'character' : 'item';
  if (min !== undefined && max !== undefined)
    return min === max ? `type exactly ${min} ${min === 1 ? one : what}` : `type ${min} to ${max} ${what}`;
  if (min !== undefined) return `type at least ${min} ${min === 1 ? one : what}`;
  if (max !== undefined) return `type at most ${max} ${what}`;
  return null;
}

const WHOLE_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/** `a whole number of seconds from 5 to 86400`, `a number above 0`, … */
function numberRule(checks: Record<string, unknown>[], unit: string | undefined): string {
  const whole = checks.some((c) => c.check === 'number_format' && WHOLE_FORMATS.has(String(c.format)));
  let low: { value: number; inclusive: boolean } | undefined;
  let high: { value: number; inclusive: boolean } | undefined;
  let step: number | undefined;
  for (const c of checks) {
    const bound = { value: Number(c.value), inclusive: c.inclusive === true };
    if (c.check === 'greater_than') low = bound;
    if (c.check === 'less_than') high = bound;
    if (c.check === 'multiple_of') step = Number(c.value);
  }
  // A whole number above 0 is a whole number from 1: say it as a manager would type it.
  if (whole && low && !low.inclusive && Number.isInteger(low.value))
    low = { value: low.value + 1, inclusive: true };
  if (whole && high && !high.inclusive && Number.isInteger(high.value))
    high = { value: high.value - 1, inclusive: true };
  let text = `${whole ? 'a whole number' : 'a number'}${unit ? ` of ${unit}` : ''}`;
  if (low?.inclusive && high?.inclusive) text += ` from ${low.value} to ${high.value}`;
  else {
    if (low) text += low.inclusive ? `, ${low.value} or more` : `, above ${low.value}`;
    if (high) text += high.inclusive ? `, at most ${high.value}` : `, below ${high.value}`;
  }
  return step === undefined ? text : `${text}, a multiple of ${step}`;
}

/** What zod's `expected` names, when the schema cannot be found. */
const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

/**
 * The sentence for one issue, without its field: from the rule of the field's schema under
 * `root` when it can be found, else from the issue alone. Never zod's wording.
 */
export function issueText(issue: Issue, root?: Node): string {
  const field = root ? schemaAt(root, issue.path ?? []) : undefined;
  // Only zod's error map sees `input` (a finished issue drops it): without it, nothing is called missing.
  const missing = 'input' in issue && issue.input === undefined;
  const rule = field ? ruleOf(field, missing ? 'rule' : 'complaint') : null;
  switch (issue.code) {
    case 'invalid_type': {
      const wanted = rule ?? (field ? null : EXPECTED[String(issue.expected)]) ?? null;
      if (missing) return wanted ? `required, ${wanted}` : 'required';
      return wanted ?? 'not the right kind of value';
    }
    case 'too_small':
    case 'too_big':
      return rule ?? boundText(issue);
    case 'invalid_format':
      return issue.format === 'regex'
        ? (rule ?? 'not in the expected format')
        : (FORMATS[issue.format] ?? `a valid ${issue.format}`);
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_value':
      return missing ? `required, ${oneOf(issue.values)}` : oneOf(issue.values);
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'not a field' : 'not fields'} of this request: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return rule ?? 'not in any accepted form';
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'has a value that is not allowed';
    default:
      return 'not valid';
  }
}

function boundText(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const exact = 'exact' in issue && issue.exact === true;
  const word = exact
    ? 'exactly'
    : small
      ? issue.inclusive
        ? 'at least'
        : 'more than'
      : issue.inclusive
        ? 'at most'
        : 'less than';
  if (issue.origin === 'string') return `type ${word} ${limit} ${limit === 1 ? 'character' : 'characters'}`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return `${word} ${limit} ${limit === 1 ? 'item' : 'items'}`;
  return `a number ${word} ${limit}`;
}

/** A validation failure as the API answers it: one readable message, and the first field's path. */
export interface InputProblem {
  message: string;
  /** Dot path of the first invalid field; undefined when the body as a whole is wrong. */
  field: string | undefined;
}

/**
 * The message of `issues` (`name: type 1 to 80 characters; currency: …`, at most
 * {@link MAX_LISTED_ISSUES}, then how many more) and the path of the first. An unknown key is
 * named as the field (`extra: not a field of this request`), with the fields the object takes
 * when `root` is known.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root?: Node): InputProblem {
  const parts = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => describeOne(issue, root));
  const more = issues.length - parts.length;
  const message = parts.map((p) => p.text).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return { message, field: parts[0]?.field };
}

function describeOne(
  issue: z.core.$ZodIssue,
  root: Node | undefined,
): { text: string; field: string | undefined } {
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0] ?? ''].join('.');
    const known = root ? schemaAt(root, issue.path) : undefined;
    const shape =
      known && defOf(known.node).type === 'object' ? Object.keys(defOf(known.node).shape as object) : [];
    const takes = shape.length > 0 ? ` (it takes ${shape.join(', ')})` : '';
    const names = issue.keys.join(', ');
    return {
      text: `${names}: ${issue.keys.length === 1 ? 'not a field' : 'not fields'} of this request${takes}`,
      field: path,
    };
  }
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  return { text: `${field ?? 'body'}: ${issue.message}`, field };
}
