import { ClosingNoteSchema, CountedCashSchema } from '../cash.js';
import { IdSchema, UuidSchema } from '../ids.js';
import { PosSessionSchema } from '../pos-session.js';
import { SessionStateSchema } from '../session-state.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { MANAGER_PIN_HEADER } from './names.js';
import { idParams, MAX_ID, wholeNumberQuery } from './params.js';
import { SECURITY_SCHEMES, WHO, type RouteContract } from './route-contract.js';

/** An outbox count in a query string: a non-negative integer (at most 9 digits). */
const CountSchema = z.pipe(
  z.string().check(z.regex(/^\d{1,9}$/, 'a whole number, 0 or more')),
  z.transform(Number),
);

/**
 * Query of the session check: the device's report of its outbox (optional), and `lastSynced`, the
 * uuid of the last order or cash move the server confirmed to it (optional: the answer's
 * `lastSyncedKnown` says whether the server still has it). The device is the token's; a
 * `deviceId` parameter from an older till is ignored.
 */
export const CheckQuerySchema = z.object({
  pending: z.optional(CountSchema),
  held: z.optional(CountSchema),
  lastSynced: z.optional(UuidSchema),
});

/** `POST /api/configs/:id/sessions` body (optional): the state to open in, `opened` by default. */
export const OpenSessionBodySchema = z.optional(
  z.strictObject({ state: z.optional(z.enum(['opening_control', 'opened'])) }),
);
/** The move each count of cash control goes with. */
const COUNT_MOVES = [
  ['openingCash', 'opened'],
  ['closingCash', 'closed'],
  ['closingNote', 'closed'],
] as const;
const COUNT_WORDS = {
  openingCash: 'the float counted when the register opens',
  closingCash: 'the drawer counted at closing',
  closingNote: 'the note on the closing count',
} as const;

/**
 * `PATCH /api/sessions/:id` body: the state to move to, with the counts of cash control (integer
 * minor units, 0 to 10^10): `openingCash` when moving to `opened` from `opening_control`,
 * `closingCash` (and `closingNote` when it differs from the expected cash) when moving to
 * `closed`. Under cash control a missing count is 409 `cash_count_required`, a missing note 409
 * `closing_note_required`; a count given for another move is 400 `validation_failed`.
 */
export const SessionPatchSchema = z
  .strictObject({
    state: SessionStateSchema,
    openingCash: z.optional(CountedCashSchema),
    closingCash: z.optional(CountedCashSchema),
    closingNote: z.optional(ClosingNoteSchema),
  })
  .check(
    z.superRefine((patch, context) => {
      // A count sent with another move would be dropped unseen: the request is refused instead.
      for (const [field, move] of COUNT_MOVES) {
        if (patch[field] !== undefined && patch.state !== move)
          context.addIssue({
            code: 'custom',
            path: [field],
            message: `only with state ${move} (${COUNT_WORDS[field]}), not with state ${patch.state}`,
          });
      }
    }),
  );
export type SessionPatch = z.input<typeof SessionPatchSchema>;

/** One row of `GET /api/configs/:id/sessions`: the session, its order count and total (minor units). */
export const SessionListItemSchema = z.extend(PosSessionSchema, {
  orderCount: z.int().check(z.nonnegative()),
  amountTotal: z.int().check(z.nonnegative()),
});
export type SessionListItem = z.infer<typeof SessionListItemSchema>;

/**
 * A device's last report in a session, with its number (null when the device is unknown).
 * `silent`: no report for two check intervals, or none at all from a device paired to the config,
 * while the session is open: it may hold orders nobody has heard of. Counts and `lastSeenAt` are
 * null when it never reported.
 */
export const DeviceHoldingSchema = z.object({
  deviceId: UuidSchema,
  deviceNumber: z.nullable(z.int()),
  /** The manager's name for the device ("Counter tablet 1"); null when it has none or is unknown. */
  name: z.nullable(z.string()),
  pending: z.nullable(z.int().check(z.nonnegative())),
  held: z.nullable(z.int().check(z.nonnegative())),
  lastSeenAt: z.nullable(z.string()),
  silent: z.boolean(),
});
export type DeviceHolding = z.infer<typeof DeviceHoldingSchema>;

/** What one payment method brought in: `amount` in minor units, cash net of the change given. */
export const MethodTotalSchema = z.object({
  method: z.string(),
  amount: z.int(),
  count: z.int().check(z.nonnegative()),
});
export type MethodTotal = z.infer<typeof MethodTotalSchema>;

/**
 * `GET /api/sessions/:id/summary`: totals (minor units), totals by payment method, orders rescued
 * into it and out of it, and what its devices last reported (pending: not yet sent; held: made
 * in it and not sendable any more), with how many went silent.
 */
export const SessionSummarySchema = z.object({
  sessionId: IdSchema,
  orderCount: z.int().check(z.nonnegative()),
  amountTotal: z.int().check(z.nonnegative()),
  byPaymentMethod: z.array(MethodTotalSchema),
  rescuedIn: z.int().check(z.nonnegative()),
  rescuedOut: z.int().check(z.nonnegative()),
  devices: z.array(DeviceHoldingSchema),
  pending: z.int().check(z.nonnegative()),
  held: z.int().check(z.nonnegative()),
  silentDevices: z.int().check(z.nonnegative()),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

const SessionParams = idParams('session');
const ConfigParams = idParams('config');

/** Most sessions one page of the list gives (and what it gives without `limit`). */
export const MAX_SESSIONS_PAGE = 200;

/**
 * Query of the sessions list: `limit` (1 to MAX_SESSIONS_PAGE, that by default) and `before` (a
 * session id: only older sessions, to read the next page after the last id of this one).
 */
export const SessionsQuerySchema = z.object({
  limit: z.optional(wholeNumberQuery(MAX_SESSIONS_PAGE)),
  // An id: at most MAX_ID, which PostgreSQL's integer column can hold (a larger one was a 500).
  before: z.optional(wholeNumberQuery(MAX_ID)),
});

export const listSessions = {
  method: 'GET',
  url: '/api/configs/:id/sessions',
  schema: {
    summary: "The config's sessions, newest first, with order count and total, a page at a time",
    description:
      `At most \`limit\` sessions (${MAX_SESSIONS_PAGE} by default and at most); \`before=<id>\` gives ` +
      'the sessions older than that one: a page shorter than its limit is the last.',
    tags: ['sessions'],
    security: WHO.admin,
    params: ConfigParams,
    querystring: SessionsQuerySchema,
    response: {
      200: z.array(SessionListItemSchema),
      ...errorAnswers('validation_failed', ...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

export const openSession = {
  method: 'POST',
  url: '/api/configs/:id/sessions',
  schema: {
    summary: 'Open the next session of the config',
    tags: ['sessions'],
    security: WHO.admin,
    params: ConfigParams,
    body: OpenSessionBodySchema,
    response: {
      201: PosSessionSchema,
      ...errorAnswers(
        'validation_failed',
        ...BODY_ERRORS,
        ...AUTH_ERRORS,
        'not_found',
        'session_already_open',
      ),
    },
  },
} as const satisfies RouteContract;

export const checkSession = {
  method: 'GET',
  url: '/api/sessions/:id',
  schema: {
    summary: "The session check: the session's state (Cache-Control: no-store)",
    description:
      "A device's check records its outbox report (pending, held) and sees its own report only. With `lastSynced`, the answer's `lastSyncedKnown` is false when the server no longer has that order or cash move (its data was restored from an older copy): the device then sends its synced entries again, each accepted once.",
    tags: ['sessions'],
    security: WHO.configDeviceOrAdmin,
    params: SessionParams,
    querystring: CheckQuerySchema,
    response: { 200: PosSessionSchema, ...errorAnswers('validation_failed', ...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;

export const sessionSummary = {
  method: 'GET',
  url: '/api/sessions/:id/summary',
  schema: {
    summary: "The manager's view of a session before closing it",
    tags: ['sessions'],
    security: WHO.admin,
    params: SessionParams,
    response: { 200: SessionSummarySchema, ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;

export const patchSession = {
  method: 'PATCH',
  url: '/api/sessions/:id',
  schema: {
    summary:
      "Change a session's state (opening_control → opened → closing_control → closed), with the cash counts",
    description:
      'The admin token for every move; a device of the session’s config with its token alone to open the ' +
      `register (opening_control → opened), and with the config’s manager PIN in \`${MANAGER_PIN_HEADER}\` to ` +
      'start closing control or close (403 forbidden otherwise; 429 rate_limited after 5 wrong PINs in 15 ' +
      'minutes). Under the config’s cash control, 409 cash_count_required without `openingCash` (opening) or ' +
      '`closingCash` (closing); the expected cash (opening float + cash tendered − change + cash moves) is ' +
      'computed at the close and a count that differs from it needs a `closingNote` (409 ' +
      'closing_note_required). Nothing changes when a move is refused.',
    tags: ['sessions'],
    security: [
      { [SECURITY_SCHEMES.admin]: [] },
      { [SECURITY_SCHEMES.device]: [] },
      { [SECURITY_SCHEMES.device]: [], [SECURITY_SCHEMES.managerPin]: [] },
    ],
    params: SessionParams,
    body: SessionPatchSchema,
    response: {
      200: PosSessionSchema,
      ...errorAnswers(
        'validation_failed',
        ...BODY_ERRORS,
        ...AUTH_ERRORS,
        'not_found',
        'transition_not_allowed',
        'cash_count_required',
        'closing_note_required',
        'rate_limited',
      ),
    },
  },
} as const satisfies RouteContract;

/** Query of the event stream: the device token, as an EventSource sends no header. */
export const EventsQuerySchema = z.object({ access_token: z.optional(z.string()) });

export const sessionEvents = {
  method: 'GET',
  url: '/api/sessions/:id/events',
  schema: {
    summary: 'Server-Sent Events: `event: session` with the session JSON on connect and on every change',
    description:
      'A `: ping` comment every 15 s. The device token may come as `?access_token=` (an EventSource ' +
      'sends no header); the admin token in the header only. A device sees its own report only, and ' +
      'its stream ends after it is revoked.',
    tags: ['sessions'],
    security: [...WHO.configDeviceOrAdmin, { [SECURITY_SCHEMES.deviceQuery]: [] }],
    params: SessionParams,
    querystring: EventsQuerySchema,
    response: {
      200: {
        description: 'An event stream; each event’s data is a session (PosSession)',
        content: { 'text/event-stream': { schema: z.string() } },
      },
      ...errorAnswers(...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;
