import type { RescueOutcome } from '../../src/domain/api/rescue.js';
import type { OrderResult, PosOrder } from '../../src/domain/pos-order.js';
import { sameId } from '../../src/domain/ids.js';
import type { DevicePrincipal } from '../auth/auth.js';
import type { Executor } from '../db/database.js';
import { dischargeRescued } from '../db/devices-repo.js';
import { catalogProductKeys } from '../db/products-repo.js';
import {
  createSession,
  getSession,
  getSessions,
  lockOpenedSessionForRescue,
  setSessionState,
  type SessionRow,
} from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { storeZReport } from '../reports/session-report.js';
import { readBatch, type BatchHoldings } from './batch-holdings.js';
import { contentProblem, productIdsOf } from './order-checks.js';
import { duplicate, invalid } from './order-results.js';
import { readRefundLedger, type RefundLedger } from './refund-ledger.js';
import { requireOwnOrders, sessionIdsOf } from './require-own-orders.js';
import { settleBatch, type Verdict } from './settle-batch.js';

/**
 * How far (ms) an order's `createdAt` may lie after its session's `closedAt` and still be
 * rescued: 5 minutes of device clock skew. A later order was not made while the session was open.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60 * 1000;

/** A rescue's verdict before its target session is known: an order to store is named only. */
type RescueVerdict =
  { result: OrderResult } | { rescue: PosOrder; index: number } | { copyOf: number; order: PosOrder };

/**
 * A manager's rescue of orders held by devices after session `closedId` closed, in the
 * transaction `trx`, set-based like an upload (acceptOrders). Target: the config's `opened`
 * session (locked FOR SHARE: lockOpenedSessionForRescue), else a rescue session (`<name>
 * (rescue)`) created when there is an order to store and closed at the end. Checks per order:
 * schema → `sessionId` is `closedId` → uuid already stored (`duplicate`) → `createdAt` at most
 * closedAt + {@link CLOCK_SKEW_TOLERANCE_MS} → currency, catalog, totals, reference → a refund's
 * original and quantities (RefundLedger, as an upload's). Accepted
 * orders keep uuid and createdAt and record `closedId` as their original session, and are taken
 * off their device's last report for `closedId` (dischargeRescued), so the summary stops counting
 * them held. From a device (`device`), its orders must be its own (requireOwnOrders, 403). Throws
 * PosError `not_found` (unknown session) or `conflict` (session not `closed`).
 */
export async function rescueOrders(
  trx: Executor,
  closedId: number,
  rawOrders: readonly unknown[],
  now: Date,
  device?: DevicePrincipal,
): Promise<RescueOutcome> {
  const closed = await getSession(trx, closedId);
  if (!closed) throw httpError('not_found', `No session ${closedId}`);
  if (closed.state !== 'closed')
    throw httpError('conflict', `Session ${closed.name} is ${closed.state}, not closed: nothing to rescue.`);
  if (device) {
    const named = new Map((await getSessions(trx, sessionIdsOf(rawOrders))).map((s) => [s.id, s.config_id]));
    requireOwnOrders(device, rawOrders, (id) => named.get(id));
  }
  let target = await lockOpenedSessionForRescue(trx, closed.config_id);
  const { parsed, orders, holdings } = await readBatch(trx, rawOrders);
  const catalog = await catalogProductKeys(trx, [closed.config_id], productIdsOf(orders));
  const refunds = await readRefundLedger(trx, orders, holdings, () => closed.manager_pin_hash);
  const checked = parsed.map(({ order, result }, index): RescueVerdict => {
    if (!order) return { result };
    return checkRescue(order, index, closed, { catalog, holdings, refunds, now });
  });
  let created = false;
  if (!target && checked.some((v) => 'rescue' in v)) {
    target = await createSession(trx, {
      configId: closed.config_id,
      state: 'opened',
      now,
      name: `${closed.name} (rescue)`,
      rescue: true,
    });
    created = true;
  }
  const into = target;
  const verdicts = checked.map((v): Verdict =>
    'rescue' in v && into
      ? {
          store: {
            order: v.rescue,
            sessionId: into.id,
            receivedAt: now,
            originalSessionId: closed.id,
            arrival: v.index,
          },
        }
      : (v as Verdict),
  );
  const results = await settleBatch(trx, verdicts);
  if (created && target) {
    await setSessionState(trx, target.id, 'closed', now);
    // Closed at once: its Z report is fixed now, as any session's at its closing.
    await storeZReport(trx, target.id, now);
  }
  const rescuedByDevice = new Map<number, number>();
  results.forEach((result, index) => {
    const order = parsed[index]?.order;
    if (result.status === 'accepted' && order)
      rescuedByDevice.set(order.deviceNumber, (rescuedByDevice.get(order.deviceNumber) ?? 0) + 1);
  });
  for (const [deviceNumber, count] of rescuedByDevice)
    await dischargeRescued(trx, closed.id, closed.config_id, deviceNumber, count);
  return {
    sessionId: target?.id ?? null,
    sessionName: target?.name ?? null,
    closedSessionName: closed.name,
    rescueSession: created,
    clockSkewToleranceMs: CLOCK_SKEW_TOLERANCE_MS,
    results,
  };
}

/** The verdict on one parsed order of a rescue (see rescueOrders for the order of checks). */
function checkRescue(
  order: PosOrder,
  index: number,
  closed: SessionRow,
  batch: { catalog: ReadonlySet<string>; holdings: BatchHoldings; refunds: RefundLedger; now: Date },
): RescueVerdict {
  const { holdings, refunds, now } = batch;
  if (!sameId(order.sessionId, closed.id)) {
    return {
      result: invalid(
        order.uuid,
        'validation_failed',
        `order belongs to session ${order.sessionId}, not ${closed.id}`,
      ),
    };
  }
  if (holdings.isStored(order.uuid)) return { result: duplicate(order.uuid) };
  const copyOf = holdings.takenBy(order.uuid);
  if (copyOf !== undefined) return { copyOf, order };
  const closedAt = closed.closed_at ?? now.toISOString();
  if (Date.parse(order.createdAt) > Date.parse(closedAt) + CLOCK_SKEW_TOLERANCE_MS) {
    return {
      result: invalid(
        order.uuid,
        'validation_failed',
        `createdAt ${order.createdAt} is more than ${CLOCK_SKEW_TOLERANCE_MS / 1000} s after the session closed at ${closedAt}`,
      ),
    };
  }
  const problem = contentProblem(
    order,
    {
      configId: closed.config_id,
      currency: closed.currency,
      catalog: batch.catalog,
      openedAt: closed.opened_at,
      now,
    },
    holdings,
  );
  if (problem) return { result: problem };
  const refundProblem = refunds.problem(order, closed.config_id);
  if (refundProblem) return { result: refundProblem };
  holdings.take(order, index);
  refunds.take(order, closed.config_id);
  return { rescue: order, index };
}
