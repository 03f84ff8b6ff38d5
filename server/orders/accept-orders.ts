import type { OrderResult, PosOrder } from '../../src/domain/pos-order.js';
import { serverAcceptsOrders } from '../../src/domain/session-state.js';
import type { DevicePrincipal } from '../auth/auth.js';
import type { Executor } from '../db/database.js';
import { catalogProductKeys } from '../db/products-repo.js';
import { lockSessionsForUpload, type SessionRow } from '../db/sessions-repo.js';
import { readId } from '../parse-input.js';
import { readBatch, type BatchHoldings } from './batch-holdings.js';
import { contentProblem, productIdsOf } from './order-checks.js';
import { duplicate, invalid } from './order-results.js';
import { readRefundLedger, type RefundLedger } from './refund-ledger.js';
import { requireOwnOrders, sessionIdsOf } from './require-own-orders.js';
import { settleBatch, type Verdict } from './settle-batch.js';

/**
 * Stores a batch of orders uploaded by `device`, in the transaction `trx`, and answers one result
 * per order, in the same order. A fixed handful of statements whatever the batch's size: its
 * sessions (locked FOR SHARE: lockSessionsForUpload), the uuids and references already stored,
 * which of its products the catalog has, one insert of the orders, one of their payments; with
 * refunds, the originals they name (locked) and what was sold and refunded of them
 * (readRefundLedger). Checks per order: schema → uuid already stored (`duplicate`, even if the
 * session is now closed; also a later copy within the batch) → unknown session (`invalid`,
 * not_found) → session not accepting orders (`session_closed`, rule 5; a refund too) → currency,
 * createdAt, reference, catalog, totals, cash tendered (`invalid`: contentProblem) → a refund's original and quantities (`invalid`:
 * `unknown_original`, `over_refund`; RefundLedger) → `accepted` (see settleBatch for an order
 * another request stored at the same moment). A refund's original may be in any session of the
 * same POS config. `now`
 * is the received time. Throws PosError `forbidden` (403) when an order is another config's or
 * another device's (requireOwnOrders).
 */
export async function acceptOrders(
  trx: Executor,
  device: DevicePrincipal,
  rawOrders: readonly unknown[],
  now: Date,
): Promise<OrderResult[]> {
  const sessions = new Map((await lockSessionsForUpload(trx, sessionIdsOf(rawOrders))).map((s) => [s.id, s]));
  requireOwnOrders(device, rawOrders, (id) => sessions.get(id)?.config_id);
  const { parsed, orders, holdings } = await readBatch(trx, rawOrders);
  const catalog = await catalogProductKeys(
    trx,
    [...new Set([...sessions.values()].map((s) => s.config_id))],
    productIdsOf(orders),
  );
  const sessionOf = (order: PosOrder) => {
    const id = readId(order.sessionId);
    return id === null ? undefined : sessions.get(id);
  };
  const refunds = await readRefundLedger(trx, orders, holdings, (o) => sessionOf(o)?.manager_pin_hash);
  const verdicts = parsed.map(({ order, result }, index): Verdict => {
    if (!order) return { result };
    return check(order, index, sessions, { catalog, holdings, refunds, now });
  });
  return settleBatch(trx, verdicts);
}

/** The verdict on one parsed order at `index` in the batch (see acceptOrders for the order of checks). */
function check(
  order: PosOrder,
  index: number,
  sessions: ReadonlyMap<number, SessionRow>,
  batch: { catalog: ReadonlySet<string>; holdings: BatchHoldings; refunds: RefundLedger; now: Date },
): Verdict {
  const { holdings, refunds } = batch;
  if (holdings.isStored(order.uuid)) return { result: duplicate(order.uuid) };
  const copyOf = holdings.takenBy(order.uuid);
  if (copyOf !== undefined) return { copyOf, order };
  const sessionId = readId(order.sessionId);
  const session = sessionId === null ? undefined : sessions.get(sessionId);
  if (!session) return { result: invalid(order.uuid, 'not_found', `No session ${order.sessionId}`) };
  if (!serverAcceptsOrders(session.state)) {
    return {
      result: {
        uuid: order.uuid,
        status: 'session_closed',
        error: {
          code: 'session_closed',
          message: `Session ${session.name} is ${session.state}: it does not accept orders.`,
        },
      },
    };
  }
  const problem = contentProblem(
    order,
    {
      configId: session.config_id,
      currency: session.currency,
      catalog: batch.catalog,
      openedAt: session.opened_at,
      now: batch.now,
    },
    holdings,
  );
  if (problem) return { result: problem };
  const refundProblem = refunds.problem(order, session.config_id);
  if (refundProblem) return { result: refundProblem };
  holdings.take(order, index);
  refunds.take(order, session.config_id);
  return {
    store: { order, sessionId: session.id, receivedAt: batch.now, originalSessionId: null, arrival: index },
  };
}
