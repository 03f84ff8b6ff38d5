import type { PosOrder } from '../src/domain/pos-order.js';
import { getDevice, listDeviceReports } from './db/devices-repo.js';
import type { Db } from './db/open-database.js';
import { listOrders } from './db/orders-repo.js';

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

/** A device's last report in the session, with its number (null when the device is unknown). */
export interface DeviceHolding {
  deviceId: string;
  deviceNumber: number | null;
  pending: number;
  held: number;
  lastSeenAt: string;
}

/**
 * The manager's view of session `sessionId` (`GET /api/sessions/:id/summary`): totals, totals by
 * payment method (cash net of change: what the drawer should hold), orders rescued into it and
 * out of it, and the pending and held counts its devices last reported in their checks (the
 * orders still on the tablets, which the server cannot see).
 */
export function sessionSummary(db: Db, sessionId: number) {
  const orders = listOrders(db, sessionId);
  const byMethod = new Map<string, MethodTotal>();
  for (const order of orders) addPayments(byMethod, order);
  const rescuedIn = (db.prepare('SELECT COUNT(*) AS n FROM orders WHERE session_id = ? AND original_session_id IS NOT NULL').get(sessionId) as { n: number }).n;
  const rescuedOut = (db.prepare('SELECT COUNT(*) AS n FROM orders WHERE original_session_id = ?').get(sessionId) as { n: number }).n;
  const devices: DeviceHolding[] = listDeviceReports(db, sessionId).map((r) => ({
    ...r,
    deviceNumber: getDevice(db, r.deviceId)?.device_number ?? null,
  }));
  return {
    sessionId,
    ...sessionTotals(db, sessionId),
    byPaymentMethod: [...byMethod.values()].sort((a, b) => a.method.localeCompare(b.method)),
    rescuedIn,
    rescuedOut,
    devices,
    pending: devices.reduce((n, d) => n + d.pending, 0),
    held: devices.reduce((n, d) => n + d.held, 0),
  };
}

function addPayments(byMethod: Map<string, MethodTotal>, order: PosOrder): void {
  order.payments.forEach((payment, index) => {
    const total = byMethod.get(payment.method) ?? { method: payment.method, amount: 0, count: 0 };
    total.amount += payment.amount;
    total.count += 1;
    byMethod.set(payment.method, total);
    // Change comes out of cash only (order-totals.ts): take it off the cash once per order.
    if (payment.method === 'cash' && index === order.payments.findIndex((p) => p.method === 'cash')) total.amount -= order.amountReturn;
  });
}
