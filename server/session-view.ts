import type { PosSession } from '../src/domain/pos-session.js';
import type { Executor } from './db/database.js';
import { deviceReportsOf } from './db/devices-repo.js';
import { findUnclosedSession, type SessionRow } from './db/sessions-repo.js';

/**
 * The API shape of a session (the session check answer and the SSE payload): the row, its
 * config's check frequency (s), max unverified age (s) and catalog version, the rescue flag, device reports,
 * the config's cash control with the float expected and counted (minor units, null until known), and
 * `nextSession`: the register's session that is not closed when it is another one (a till blocked
 * on this session then tells the cashier that Reload continues in it), else null.
 */
export async function sessionView(db: Executor, row: SessionRow, onlyDeviceId?: string): Promise<PosSession> {
  const [view] = await sessionViews(db, [row], onlyDeviceId);
  if (!view) throw new Error(`no view of session ${row.id}`);
  return view;
}

/**
 * {@link sessionView} of each of `rows`, in the same order, in a few queries whatever their
 * number; with `onlyDeviceId`, the devices' reports are that device's only (what a tablet is
 * shown: see sessionFor).
 */
export async function sessionViews(
  db: Executor,
  rows: readonly SessionRow[],
  onlyDeviceId?: string,
): Promise<PosSession[]> {
  if (rows.length === 0) return [];
  const reports = await deviceReportsOf(
    db,
    rows.map((r) => r.id),
    onlyDeviceId,
  );
  const current = new Map<number, SessionRow | undefined>();
  for (const configId of new Set(rows.map((r) => r.config_id)))
    current.set(configId, await findUnclosedSession(db, configId));
  return rows.map((row) => {
    const next = current.get(row.config_id);
    return {
      id: row.id,
      name: row.name,
      configId: row.config_id,
      state: row.state,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      checkSessionStateFrequency: row.check_session_state_frequency,
      maxUnverifiedSeconds: row.max_unverified_seconds,
      catalogVersion: row.catalog_version,
      rescue: row.rescue === 1,
      devices: reports.get(row.id) ?? [],
      nextSession: next && next.id !== row.id ? { id: next.id, name: next.name, state: next.state } : null,
      cashControl: row.cash_control === 1,
      expectedOpeningCash: row.expected_opening_cash,
      openingCash: row.opening_cash,
    };
  });
}
