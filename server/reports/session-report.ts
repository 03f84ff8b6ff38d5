import { SessionReportSchema, type SessionReport } from '../../src/domain/report.js';
import type { Executor } from '../db/database.js';
import { sessionCash, underCashControl } from './report-cash.js';
import { sumOrders } from './sum-orders.js';

/** A session with what its report names of its config, and its counts. */
async function reportSession(db: Executor, sessionId: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('configs as c', 'c.id', 's.config_id')
    .select([
      's.id',
      's.name',
      's.state',
      's.opened_at',
      's.closed_at',
      's.rescue',
      's.opening_cash',
      's.closing_cash',
      's.closing_note',
      's.z_report',
      'c.id as config_id',
      'c.name as config_name',
      'c.currency',
      'c.cash_control',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

/**
 * The report of session `sessionId` computed now from what is stored (`now`: the server clock,
 * its `generatedAt`): `kind` Z once the session is closed, else X; every sum by the database
 * (sumOrders); `cash` (sessionCash) when the session is under cash control (underCashControl),
 * else null. Undefined when there is no such session. Reads only: see readSessionReport for the
 * answer of `GET /api/sessions/:id/report` and storeZReport for the close.
 */
export async function buildSessionReport(
  db: Executor,
  sessionId: number,
  now: Date,
): Promise<SessionReport | undefined> {
  const session = await reportSession(db, sessionId);
  if (!session) return undefined;
  return {
    session: {
      id: session.id,
      name: session.name,
      state: session.state,
      openedAt: session.opened_at,
      closedAt: session.closed_at,
    },
    kind: session.state === 'closed' ? 'Z' : 'X',
    config: { id: session.config_id, name: session.config_name, currency: session.currency },
    generatedAt: now.toISOString(),
    ...(await sumOrders(db, [session.id])),
    cash: underCashControl(session.cash_control, session) ? await sessionCash(db, session) : null,
  };
}

/**
 * Computes the Z report of session `sessionId`, which `trx` has just closed, and stores it in
 * `sessions.z_report`: from then on it is the session's report, whatever later changes to the
 * catalog or the config. Call it inside the closing transaction, after the state and counts are
 * written. Returns it; throws when the session does not exist or is not closed.
 */
export async function storeZReport(trx: Executor, sessionId: number, now: Date): Promise<SessionReport> {
  const report = await buildSessionReport(trx, sessionId, now);
  if (!report) throw new Error(`session ${sessionId} does not exist`);
  if (report.kind !== 'Z') throw new Error(`session ${sessionId} is ${report.session.state}, not closed`);
  await trx
    .updateTable('sessions')
    .set({ z_report: JSON.stringify(report) })
    .where('id', '=', sessionId)
    .execute();
  return report;
}

/**
 * The report `GET /api/sessions/:id/report` answers for session `sessionId`: the X report computed
 * live while the session is not closed; once closed, the Z report stored at its closing. A closed
 * session without one (closed before reports were kept) gets it computed now and stored, unless
 * another request stored one first (that one is answered). Undefined when there is no such session.
 */
export async function readSessionReport(
  db: Executor,
  sessionId: number,
  now: Date,
): Promise<SessionReport | undefined> {
  const session = await reportSession(db, sessionId);
  if (!session) return undefined;
  if (session.state !== 'closed') return buildSessionReport(db, sessionId, now);
  if (session.z_report !== null) return SessionReportSchema.parse(JSON.parse(session.z_report));
  return db.transaction().execute(async (trx) => {
    const report = await buildSessionReport(trx, sessionId, now);
    if (!report) return undefined;
    const stored = await trx
      .updateTable('sessions')
      .set({ z_report: JSON.stringify(report) })
      .where('id', '=', sessionId)
      .where('z_report', 'is', null)
      .executeTakeFirst();
    if (stored.numUpdatedRows > 0n) return report;
    const first = await reportSession(trx, sessionId);
    return first?.z_report ? SessionReportSchema.parse(JSON.parse(first.z_report)) : report;
  });
}
