import type { DeviceHolding, MethodTotal, SessionSummary } from '../src/domain/api/sessions.js';
import type { Executor } from './db/database.js';
import { getDevices, listDeviceReports, listDevices } from './db/devices-repo.js';
import { paymentTotals, rescuedCounts, sessionTotalsOf, type SessionTotals } from './db/orders-repo.js';
import type { SessionRow } from './db/sessions-repo.js';

export type { DeviceHolding, MethodTotal, SessionTotals };

/** A device is silent after missing this many checks (plus a few seconds of slack). */
export const SILENT_AFTER_INTERVALS = 2;
const SILENT_SLACK_MS = 5_000;

/** Count and tax-included total (minor units) of the orders stored in session `sessionId`. */
export async function sessionTotals(db: Executor, sessionId: number): Promise<SessionTotals> {
  return (await sessionTotalsOf(db, [sessionId])).get(sessionId) ?? { orderCount: 0, amountTotal: 0 };
}

/**
 * The manager's view of session `sessionId` (`GET /api/sessions/:id/summary`): totals, totals by
 * payment method (cash net of change: what the drawer should hold), orders rescued into it and
 * out of it, and the pending and held counts its devices last reported in their checks (the
 * orders still on the tablets, which the server cannot see), with the devices that went silent
 * (`silentDevices`): before closing, the manager must know a report is stale. `now` is the
 * server clock. A device is `silent` when its last report is older than
 * {@link SILENT_AFTER_INTERVALS} check intervals, or it never checked this session although it is
 * paired to the config.
 */
export async function sessionSummary(db: Executor, session: SessionRow, now: Date): Promise<SessionSummary> {
  const sessionId = session.id;
  const silentBefore =
    now.getTime() - SILENT_AFTER_INTERVALS * session.check_session_state_frequency * 1000 - SILENT_SLACK_MS;
  const byMethod = await paymentTotals(db, sessionId);
  const { rescuedIn, rescuedOut } = await rescuedCounts(db, sessionId);
  const reports = await listDeviceReports(db, sessionId);
  const known = await getDevices(
    db,
    reports.map((r) => r.deviceId),
  );
  const reported: DeviceHolding[] = reports.map((r) => {
    const device = known.get(r.deviceId);
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
      : (await listDevices(db, session.config_id))
          .filter((d) => d.revoked_at === null && !reports.some((r) => r.deviceId === d.device_id))
          .map((d) => ({
            deviceId: d.device_id,
            deviceNumber: d.device_number,
            name: d.name,
            pending: null,
            held: null,
            lastSeenAt: null,
            silent: true,
          }));
  const devices = [...reported, ...neverChecked];
  return {
    sessionId,
    ...(await sessionTotals(db, sessionId)),
    byPaymentMethod: byMethod,
    rescuedIn,
    rescuedOut,
    devices,
    pending: devices.reduce((n, d) => n + (d.pending ?? 0), 0),
    held: devices.reduce((n, d) => n + (d.held ?? 0), 0),
    silentDevices: devices.filter((d) => d.silent).length,
  };
}
