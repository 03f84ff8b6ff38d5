import type { OrderResult, PosOrder } from '../../src/domain/pos-order.js';
import { sameId } from '../../src/domain/ids.js';
import { dischargeRescued } from '../db/devices-repo.js';
import type { Db } from '../db/open-database.js';
import { hasOrder, insertOrder } from '../db/orders-repo.js';
import { createSession, findOpenedSession, getSession, setSessionState, type SessionRow } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { contentProblem, parseOrder } from './order-checks.js';
import { accepted, duplicate, invalid } from './order-results.js';

/**
 * How far (ms) an order's `createdAt` may lie after its session's `closedAt` and still be
 * rescued: 5 minutes of device clock skew. A later order was not made while the session was open.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60 * 1000;

/** Answer of a rescue: where the orders went and one result per order, in order. */
export interface RescueOutcome {
  /** Session that received the accepted orders; null when none was accepted and none is opened. */
  sessionId: number | null;
  /** Its name ("Main counter/00002", or "… (rescue)"), null with `sessionId`. */
  sessionName: string | null;
  /** Name of the closed session the orders were made in (the tablet may not know it). */
  closedSessionName: string;
  /** True when a rescue session was created (opened, then closed) for these orders. */
  rescueSession: boolean;
  clockSkewToleranceMs: number;
  results: OrderResult[];
}

/**
 * A manager's rescue of orders held by devices after session `closedId` closed, in ONE
 * transaction. Target: the config's `opened` session, else a rescue session (`<name> (rescue)`)
 * created for the first accepted order and closed at the end. Checks per order: schema →
 * `sessionId` is `closedId` → uuid already stored (`duplicate`) → `createdAt` at most
 * closedAt + {@link CLOCK_SKEW_TOLERANCE_MS} → currency, totals, reference. Accepted orders keep
 * uuid and createdAt and record `closedId` as their original session, and are taken off their
 * device's last report for `closedId` (dischargeRescued), so the summary stops counting them held. Throws PosError
 * `not_found` (unknown session) or `conflict` (session not `closed`).
 */
export function rescueOrders(db: Db, closedId: number, rawOrders: readonly unknown[], now: Date): RescueOutcome {
  return db.transaction(() => {
    const closed = getSession(db, closedId);
    if (!closed) throw httpError('not_found', `No session ${closedId}`);
    if (closed.state !== 'closed') throw httpError('conflict', `Session ${closed.name} is ${closed.state}, not closed: nothing to rescue.`);
    let target = findOpenedSession(db, closed.config_id);
    let created = false;
    const rescuedByDevice = new Map<number, number>();
    const results = rawOrders.map((raw) => {
      const { order, result } = parseOrder(raw);
      if (!order) return result;
      const problem = rescueProblem(db, closed, order, now);
      if (problem) return problem;
      if (!target) {
        target = createSession(db, { configId: closed.config_id, state: 'opened', now, name: `${closed.name} (rescue)`, rescue: true });
        created = true;
      }
      insertOrder(db, order, { sessionId: target.id, receivedAt: now, originalSessionId: closed.id });
      rescuedByDevice.set(order.deviceNumber, (rescuedByDevice.get(order.deviceNumber) ?? 0) + 1);
      return accepted(order.uuid);
    });
    if (created && target) setSessionState(db, target.id, 'closed', now);
    for (const [deviceNumber, count] of rescuedByDevice) dischargeRescued(db, closed.id, closed.config_id, deviceNumber, count);
    return {
      sessionId: target?.id ?? null,
      sessionName: target?.name ?? null,
      closedSessionName: closed.name,
      rescueSession: created,
      clockSkewToleranceMs: CLOCK_SKEW_TOLERANCE_MS,
      results,
    };
  })();
}

/** Why `order` cannot be rescued from `closed`, as the result to answer; null when it can. */
function rescueProblem(db: Db, closed: SessionRow, order: PosOrder, now: Date): OrderResult | null {
  if (!sameId(order.sessionId, closed.id)) {
    return invalid(order.uuid, 'validation_failed', `order belongs to session ${order.sessionId}, not ${closed.id}`);
  }
  if (hasOrder(db, order.uuid)) return duplicate(order.uuid);
  const closedAt = closed.closed_at ?? now.toISOString();
  if (Date.parse(order.createdAt) > Date.parse(closedAt) + CLOCK_SKEW_TOLERANCE_MS) {
    return invalid(
      order.uuid,
      'validation_failed',
      `createdAt ${order.createdAt} is more than ${CLOCK_SKEW_TOLERANCE_MS / 1000} s after the session closed at ${closedAt}`,
    );
  }
  return contentProblem(db, order, { configId: closed.config_id, currency: closed.currency });
}
