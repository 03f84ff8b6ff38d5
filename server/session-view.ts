import type { PosSession } from '../src/domain/pos-session.js';
import { listDeviceReports } from './db/devices-repo.js';
import type { Db } from './db/open-database.js';
import { findUnclosedSession, type SessionRow } from './db/sessions-repo.js';

/**
 * The API shape of a session (the session check answer and the SSE payload): the row, its
 * config's check frequency (s) and max unverified age (s), the rescue flag, device reports, and
 * `nextSession`: the register's session that is not closed when it is another one (a till blocked
 * on this session then tells the cashier that Reload continues in it), else null.
 */
export function sessionView(db: Db, row: SessionRow): PosSession {
  const current = findUnclosedSession(db, row.config_id);
  return {
    id: row.id,
    name: row.name,
    configId: row.config_id,
    state: row.state,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    checkSessionStateFrequency: row.check_session_state_frequency,
    maxUnverifiedSeconds: row.max_unverified_seconds,
    rescue: row.rescue === 1,
    devices: listDeviceReports(db, row.id),
    nextSession: current && current.id !== row.id ? { id: current.id, name: current.name, state: current.state } : null,
  };
}
