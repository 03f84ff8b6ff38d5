import type { DayReport, ReportCash } from '../../src/domain/report.js';
import type { Executor } from '../db/database.js';
import { localDayBounds } from './local-day.js';
import { sessionCash, sumCash, underCashControl } from './report-cash.js';
import { sumOrders } from './sum-orders.js';

/**
 * The day report of config `configId` for `date` (`YYYY-MM-DD`, a real day) in the config's time
 * zone: every session of the register opened that day (its `opened_at` between the UTC bounds of
 * the local day, localDayBounds), rescue sessions included so orders rescued after a close count
 * in their day, summed as one (sumOrders over all of them), with the cash of those under cash
 * control summed (sumCash; null when none was). Sessions are listed by opening time. Undefined
 * when there is no such config. `now` is its `generatedAt`.
 */
export async function buildDayReport(
  db: Executor,
  configId: number,
  date: string,
  now: Date,
): Promise<DayReport | undefined> {
  const config = await db
    .selectFrom('configs')
    .select(['id', 'name', 'currency', 'time_zone', 'cash_control'])
    .where('id', '=', configId)
    .executeTakeFirst();
  if (!config) return undefined;
  const { start, end } = localDayBounds(date, config.time_zone);
  const sessions = await db
    .selectFrom('sessions')
    .select([
      'id',
      'name',
      'state',
      'opened_at',
      'closed_at',
      'rescue',
      'opening_cash',
      'closing_cash',
      'closing_note',
    ])
    .where('config_id', '=', configId)
    .where('opened_at', '>=', start)
    .where('opened_at', '<', end)
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
  const cash: ReportCash[] = [];
  for (const session of sessions)
    if (underCashControl(config.cash_control, session)) cash.push(await sessionCash(db, session));
  return {
    config: { id: config.id, name: config.name, currency: config.currency, timeZone: config.time_zone },
    date,
    sessions: sessions.map((s) => ({
      id: s.id,
      name: s.name,
      state: s.state,
      openedAt: s.opened_at,
      closedAt: s.closed_at,
      rescue: s.rescue === 1,
    })),
    generatedAt: now.toISOString(),
    ...(await sumOrders(
      db,
      sessions.map((s) => s.id),
    )),
    cash: sumCash(cash),
  };
}
