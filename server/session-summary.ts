import { getDevice, listDeviceReports, listDevices } from './db/devices-repo.js';
import type { Db } from './db/open-database.js';
import type { SessionRow } from './db/sessions-repo.js';

/** Order count and total (minor units) of one session. */
export interface SessionTotals {
  orderCount: number;
  amountTotal: number;
}

/** Count and tax-included total (minor units) of the orders stored in session `sessionId`. */
export function sessionTotals(db: Db, sessionId: number): SessionTotals {
  const row = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(amount_total), 0) AS total FROM orders WHERE session_id = ?').get(sessionId) as {
    n: number;
    total: number;
  };
  return { orderCount: row.n, amountTotal: row.total };
}

/** What one payment method brought in: `amount` in minor units, cash net of the change given. */
export interface MethodTotal {
  method: string;
  amount: number;
  count: number;
}

/**
 * A device's last report in the session, with its number (null when the device is unknown).
 * `silent`: its last report is older than {@link SILENT_AFTER_INTERVALS} check intervals, or it
 * never checked this session although it is paired to the config: it may hold orders nobody
 * has heard of (a tablet offline since). Counts are then null when it never reported.
 */
export interface DeviceHolding {
  deviceId: string;
  deviceNumber: number | null;
  /** The manager's name for the device ("Counter tablet 1"); null when it has none or is unknown. */
  name: string | null;
  pending: number | null;
  held: number | null;
  lastSeenAt: string | null;
  silent: boolean;
}

/** A device is silent after missing this many checks (plus a few seconds of slack). */
export const SILENT_AFTER_INTERVALS = 2;
const SILENT_SLACK_MS = 5_000;

/**
 * The manager's view of session `sessionId` (`GET /api/sessions/:id/summary`): totals, totals by
 * payment method (cash net of change: what the drawer should hold), orders rescued into it and
 * out of it, and the pending and held counts its devices last reported in their checks (the
 * orders still on the tablets, which the server cannot see), with the devices that went silent
 * (`silentDevices`): before closing, the manager must know a report is stale. `now` is the
 * server clock.
 */
export function sessionSummary(db: Db, session: SessionRow, now: Date) {
  const sessionId = session.id;
  const silentBefore = now.getTime() - SILENT_AFTER_INTERVALS * session.check_session_state_frequency * 1000 - SILENT_SLACK_MS;
  const byMethod = paymentTotals(db, sessionId);
  const rescuedIn = (db.prepare('SELECT COUNT(*) AS n FROM orders WHERE session_id = ? AND original_session_id IS NOT NULL').get(sessionId) as { n: number }).n;
  const rescuedOut = (db.prepare('SELECT COUNT(*) AS n FROM orders WHERE original_session_id = ?').get(sessionId) as { n: number }).n;
  const reports = listDeviceReports(db, sessionId);
  const reported: DeviceHolding[] = reports.map((r) => {
    const device = getDevice(db, r.deviceId);
    return {
      ...r,
      deviceNumber: device?.device_number ?? null,
      name: device?.name ?? null,
      // Only an open session expects reports; after the close nobody checks it any more.
      silent: session.state !== 'closed' && Date.parse(r.lastSeenAt) < silentBefore,
    };
  });
  const neverChecked: DeviceHolding[] =
    session.state === 'closed'
      ? []
      : listDevices(db, session.config_id)
          .filter((d) => d.revoked_at === null && !reports.some((r) => r.deviceId === d.device_id))
          .map((d) => ({ deviceId: d.device_id, deviceNumber: d.device_number, name: d.name, pending: null, held: null, lastSeenAt: null, silent: true }));
  const devices = [...reported, ...neverChecked];
  return {
    sessionId,
    ...sessionTotals(db, sessionId),
    byPaymentMethod: byMethod,
    rescuedIn,
    rescuedOut,
    devices,
    pending: devices.reduce((n, d) => n + (d.pending ?? 0), 0),
    held: devices.reduce((n, d) => n + (d.held ?? 0), 0),
    silentDevices: devices.filter((d) => d.silent).length,
  };
}

/**
 * Totals by payment method of session `sessionId`, by method name: summed by SQLite over the stored
 * bodies (no order is parsed in JavaScript: the back office asks every 10 s, and a long session
 * holds thousands). Change comes out of cash only (order-totals.ts): an order's `amountReturn` is
 * taken off the cash total once, when the order has a cash payment.
 */
export function paymentTotals(db: Db, sessionId: number): MethodTotal[] {
  const totals = db
    .prepare(
      `SELECT json_extract(p.value, '$.method') AS method, SUM(json_extract(p.value, '$.amount')) AS amount, COUNT(*) AS count
       FROM orders o, json_each(o.body, '$.payments') p
       WHERE o.session_id = ?
       GROUP BY method
       ORDER BY method`,
    )
    .all(sessionId) as MethodTotal[];
  const cash = totals.find((t) => t.method === 'cash');
  if (cash) {
    const change = db
      .prepare(
        `SELECT COALESCE(SUM(json_extract(o.body, '$.amountReturn')), 0) AS change
         FROM orders o
         WHERE o.session_id = ? AND EXISTS (SELECT 1 FROM json_each(o.body, '$.payments') p WHERE json_extract(p.value, '$.method') = 'cash')`,
      )
      .get(sessionId) as { change: number };
    cash.amount -= change.change;
  }
  return totals.sort((a, b) => a.method.localeCompare(b.method));
}
