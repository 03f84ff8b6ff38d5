import type { SessionState } from '../../src/domain/session-state.js';
import type { Db } from './open-database.js';

/**
 * A `sessions` row joined with its config's name, currency, check frequency (s) and max
 * unverified age (s). Times are ISO 8601 UTC or null.
 */
export interface SessionRow {
  id: number;
  config_id: number;
  config_name: string;
  currency: string;
  check_session_state_frequency: number;
  max_unverified_seconds: number | null;
  name: string;
  state: SessionState;
  opened_at: string | null;
  closed_at: string | null;
  rescue: number;
}

const SELECT_SESSION = `SELECT s.*, c.name AS config_name, c.currency, c.check_session_state_frequency,
  c.max_unverified_seconds FROM sessions s JOIN configs c ON c.id = s.config_id`;

/** Digits of the session number in its name: `Main counter/00001`. */
const SESSION_NUMBER_DIGITS = 5;

/** The session `id`, or undefined. */
export function getSession(db: Db, id: number): SessionRow | undefined {
  return db.prepare(`${SELECT_SESSION} WHERE s.id = ?`).get(id) as SessionRow | undefined;
}

/** Sessions of config `configId`, newest first (at most `limit`). */
export function listSessions(db: Db, configId: number, limit = 200): SessionRow[] {
  return db.prepare(`${SELECT_SESSION} WHERE s.config_id = ? ORDER BY s.id DESC LIMIT ?`).all(configId, limit) as SessionRow[];
}

/** The config's latest session that is not `closed`, or undefined. */
export function findUnclosedSession(db: Db, configId: number): SessionRow | undefined {
  return db
    .prepare(`${SELECT_SESSION} WHERE s.config_id = ? AND s.state <> 'closed' ORDER BY s.id DESC LIMIT 1`)
    .get(configId) as SessionRow | undefined;
}

/** The config's latest session in state `opened`, or undefined. */
export function findOpenedSession(db: Db, configId: number): SessionRow | undefined {
  return db
    .prepare(`${SELECT_SESSION} WHERE s.config_id = ? AND s.state = 'opened' ORDER BY s.id DESC LIMIT 1`)
    .get(configId) as SessionRow | undefined;
}

/** Options of {@link createSession}; `name` replaces `${configName}/${id padded to 5}`. */
export interface NewSession {
  configId: number;
  state: SessionState;
  now: Date;
  name?: string;
  rescue?: boolean;
}

/**
 * Inserts a session and names it after its id. `openedAt` is `now` when created `opened`. Call it
 * inside a transaction (the insert and the naming are two statements). Returns the stored row.
 */
export function createSession(db: Db, session: NewSession): SessionRow {
  const openedAt = session.state === 'opened' ? session.now.toISOString() : null;
  const id = Number(
    db
      .prepare(`INSERT INTO sessions (config_id, name, state, opened_at, rescue) VALUES (?, '', ?, ?, ?)`)
      .run(session.configId, session.state, openedAt, session.rescue ? 1 : 0).lastInsertRowid,
  );
  const config = db.prepare('SELECT name FROM configs WHERE id = ?').get(session.configId) as { name: string };
  const name = session.name ?? `${config.name}/${String(id).padStart(SESSION_NUMBER_DIGITS, '0')}`;
  db.prepare('UPDATE sessions SET name = ? WHERE id = ?').run(name, id);
  const row = getSession(db, id);
  if (!row) throw new Error(`session ${id} vanished after insert`);
  return row;
}

/**
 * Sets the state of session `id`: entering `opened` sets `opened_at` if unset, entering `closed`
 * sets `closed_at`. The caller checks the transition (canTransition).
 */
export function setSessionState(db: Db, id: number, state: SessionState, now: Date): void {
  const at = now.toISOString();
  db.prepare(
    `UPDATE sessions SET state = @state,
       opened_at = CASE WHEN @state = 'opened' AND opened_at IS NULL THEN @at ELSE opened_at END,
       closed_at = CASE WHEN @state = 'closed' THEN @at ELSE closed_at END
     WHERE id = @id`,
  ).run({ id, state, at });
}

/** Ids of the config's sessions that are not `closed` (those whose streams hear config changes). */
export function unclosedSessionIds(db: Db, configId: number): number[] {
  const rows = db.prepare(`SELECT id FROM sessions WHERE config_id = ? AND state <> 'closed'`).all(configId) as { id: number }[];
  return rows.map((r) => r.id);
}
