import type { SessionState } from '../../src/domain/session-state.js';
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { SESSION_GATE_FUNCTIONS } from './dialect.js';

/**
 * A `sessions` row joined with its config's name, currency, check frequency (s), max
 * unverified age (s), catalog version, cash control (1 on) and manager PIN hash (the stored
 * JSON, null when none is set: an upload verifies refund proofs with it). Times are ISO 8601 UTC or null;
 * counts in minor units, null until made.
 */
export interface SessionRow {
  id: number;
  config_id: number;
  config_name: string;
  currency: string;
  check_session_state_frequency: number;
  max_unverified_seconds: number | null;
  catalog_version: number;
  name: string;
  state: SessionState;
  opened_at: string | null;
  closed_at: string | null;
  rescue: number;
  cash_control: number;
  manager_pin_hash: string | null;
  expected_opening_cash: number | null;
  opening_cash: number | null;
  expected_closing_cash: number | null;
  closing_cash: number | null;
  closing_note: string | null;
  z_report: string | null;
}

/** Digits of the session number in its name: `Main counter/00001`. */
const SESSION_NUMBER_DIGITS = 5;

/** Sessions joined with their config (the SessionRow columns). */
function selectSessions(db: Executor) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('configs as c', 'c.id', 's.config_id')
    .selectAll('s')
    .select([
      'c.name as config_name',
      'c.currency',
      'c.check_session_state_frequency',
      'c.max_unverified_seconds',
      'c.catalog_version',
      'c.cash_control',
      'c.manager_pin_hash',
    ]);
}

/** The session `id`, or undefined. */
export async function getSession(db: Executor, id: number): Promise<SessionRow | undefined> {
  return selectSessions(db).where('s.id', '=', id).executeTakeFirst();
}

/** The sessions `ids` that exist, in no particular order. */
export async function getSessions(db: Executor, ids: readonly number[]): Promise<SessionRow[]> {
  return selectSessions(db)
    .where('s.id', 'in', [...ids])
    .execute();
}

/**
 * First part of the key of a session's gate (an advisory lock, PostgreSQL; the second part is the
 * session's id): any constant no other application on the same database uses.
 */
const SESSION_GATE_KEY = 4_737_002;

/**
 * Takes the gate of each session `ids`, in id order, until the transaction `trx` ends: `shared`
 * for an upload, `exclusive` for a change of state. Why a gate in front of the row lock: a new
 * `FOR SHARE` locker joins the uploads holding a row ahead of a `FOR NO KEY UPDATE` already
 * waiting for it, so a close could wait for as long as uploads kept overlapping (past the
 * statement timeout: a 503 to the manager, seen with six devices flushing at once). PostgreSQL
 * queues advisory locks in order, so a close waits only for the uploads already under way, and
 * the uploads after it wait for the close and read `closed`. Nothing on SQLite (connect.ts).
 */
async function gateSessions(
  trx: Executor,
  ids: readonly number[],
  mode: 'shared' | 'exclusive',
): Promise<void> {
  const lock: (typeof SESSION_GATE_FUNCTIONS)[number] =
    mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    // Bound as a literal (the lock functions' two int4 form): only an integer may get there.
    if (!Number.isInteger(id)) throw new Error(`session id ${String(id)} is not an integer`);
    await sql`select ${sql.raw(lock)}(${sql.lit(SESSION_GATE_KEY)}, ${sql.lit(id)})`.execute(trx);
  }
}

/**
 * The sessions `ids` an upload writes to, locked `FOR SHARE` until the transaction `trx` ends
 * (PostgreSQL), behind their shared gates (gateSessions). A close that races the upload then waits
 * for it (its orders were accepted while the session took them), or the upload waits for the
 * close and reads `closed`: never an order stored in a session closed before it landed. Uploads
 * share the lock and do not wait for each other. Locked in id order, so two transactions never
 * wait on each other crosswise. `ids` are integers (they are bound as literals).
 */
export async function lockSessionsForUpload(trx: Executor, ids: readonly number[]): Promise<SessionRow[]> {
  await gateSessions(trx, ids, 'shared');
  return selectSessions(trx)
    .where('s.id', 'in', [...ids])
    .orderBy('s.id')
    .forShare('s')
    .execute();
}

/**
 * Session `id`, locked `FOR NO KEY UPDATE` until the transaction `trx` ends (PostgreSQL), behind
 * its exclusive gate (gateSessions): two state changes of one session are checked one after the
 * other against the state the first left, and the uploads in flight (FOR SHARE, see
 * lockSessionsForUpload) finish first, those after wait. `NO KEY`: a device report written
 * meanwhile (it only references the session) need not wait. Undefined when there is none.
 */
export async function lockSessionForChange(trx: Executor, id: number): Promise<SessionRow | undefined> {
  await gateSessions(trx, [id], 'exclusive');
  return selectSessions(trx).where('s.id', '=', id).forNoKeyUpdate('s').executeTakeFirst();
}

/** Sessions of config `configId`, newest first, at most `limit`, only those older than session `before` when given. */
export async function listSessions(
  db: Executor,
  configId: number,
  { limit, before }: { limit: number; before?: number },
): Promise<SessionRow[]> {
  let query = selectSessions(db).where('s.config_id', '=', configId);
  if (before !== undefined) query = query.where('s.id', '<', before);
  return query.orderBy('s.id', 'desc').limit(limit).execute();
}

/** The config's latest session that is not `closed`, or undefined. */
export async function findUnclosedSession(db: Executor, configId: number): Promise<SessionRow | undefined> {
  return selectSessions(db)
    .where('s.config_id', '=', configId)
    .where('s.state', '<>', 'closed')
    .orderBy('s.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The config's latest session in state `opened`, locked `FOR SHARE` until the transaction `trx`
 * ends (PostgreSQL), behind its shared gate like an upload (gateSessions): rescued orders land in
 * it, so a close waits for the rescue, and a rescue that comes while a close waits goes after it
 * and finds no opened session (the caller then makes a rescue session). Undefined when none is
 * opened.
 */
export async function lockOpenedSessionForRescue(
  trx: Executor,
  configId: number,
): Promise<SessionRow | undefined> {
  const latest = await trx
    .selectFrom('sessions')
    .select('id')
    .where('config_id', '=', configId)
    .where('state', '=', 'opened')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return undefined;
  await gateSessions(trx, [latest.id], 'shared');
  return selectSessions(trx)
    .where('s.id', '=', latest.id)
    .where('s.state', '=', 'opened')
    .forShare('s')
    .executeTakeFirst();
}

/**
 * Options of {@link createSession}; `name` replaces `${configName}/${id padded to 5}`;
 * `expectedOpeningCash` (minor units) is the float the drawer should hold, under cash control.
 */
export interface NewSession {
  configId: number;
  state: SessionState;
  now: Date;
  name?: string;
  rescue?: boolean;
  expectedOpeningCash?: number | null;
}

/**
 * Inserts a session and names it after its id. `openedAt` is `now` when created `opened`. Call it
 * inside a transaction (the insert and the naming are two statements). A second session of the
 * config that is not closed (rescue sessions aside) is a unique violation
 * (`sessions_one_unclosed_per_config`), also when another request made it at the same moment.
 * Returns the stored row.
 */
export async function createSession(trx: Executor, session: NewSession): Promise<SessionRow> {
  const openedAt = session.state === 'opened' ? session.now.toISOString() : null;
  const { id } = await trx
    .insertInto('sessions')
    .values({
      config_id: session.configId,
      name: '',
      state: session.state,
      opened_at: openedAt,
      rescue: session.rescue ? 1 : 0,
      expected_opening_cash: session.expectedOpeningCash ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const config = await trx
    .selectFrom('configs')
    .select('name')
    .where('id', '=', session.configId)
    .executeTakeFirstOrThrow();
  const name = session.name ?? `${config.name}/${String(id).padStart(SESSION_NUMBER_DIGITS, '0')}`;
  await trx.updateTable('sessions').set({ name }).where('id', '=', id).execute();
  const row = await getSession(trx, id);
  if (!row) throw new Error(`session ${id} vanished after insert`);
  return row;
}

/**
 * Sets the state of session `id`: entering `opened` sets `opened_at` if unset, entering `closed`
 * sets `closed_at`. The caller checks the transition (canTransition) on the locked row
 * (lockSessionForChange).
 */
export async function setSessionState(
  trx: Executor,
  id: number,
  state: SessionState,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await trx
    .updateTable('sessions')
    .set((eb) => ({
      state,
      ...(state === 'opened' ? { opened_at: eb.fn.coalesce('opened_at', eb.val(at)) } : {}),
      ...(state === 'closed' ? { closed_at: at } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * The float a new session of config `configId` should start with, minor units: the cash counted
 * at the close of its last closed session that was counted, 0 when none was.
 */
export async function lastCountedCash(db: Executor, configId: number): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select('closing_cash')
    .where('config_id', '=', configId)
    .where('state', '=', 'closed')
    .where('closing_cash', 'is not', null)
    .orderBy('closed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.closing_cash ?? 0;
}

/** The counts of a change of state (minor units); `undefined` leaves a column as it is. */
export interface SessionCounts {
  openingCash?: number | undefined;
  expectedClosingCash?: number | undefined;
  closingCash?: number | undefined;
  closingNote?: string | undefined;
}

/** Stores the `counts` of session `id` (the caller holds its lock: lockSessionForChange). */
export async function setSessionCounts(trx: Executor, id: number, counts: SessionCounts): Promise<void> {
  const set = {
    ...(counts.openingCash !== undefined ? { opening_cash: counts.openingCash } : {}),
    ...(counts.expectedClosingCash !== undefined
      ? { expected_closing_cash: counts.expectedClosingCash }
      : {}),
    ...(counts.closingCash !== undefined ? { closing_cash: counts.closingCash } : {}),
    ...(counts.closingNote !== undefined ? { closing_note: counts.closingNote } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('sessions').set(set).where('id', '=', id).execute();
}

/** Names of the sessions `ids` by id (for the CSV export's rescued orders). */
export async function sessionNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
