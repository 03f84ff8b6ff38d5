import type { OrderResult } from '../../src/domain/pos-order.js';
import { serverAcceptsOrders } from '../../src/domain/session-state.js';
import type { Db } from '../db/open-database.js';
import { hasOrder, insertOrder } from '../db/orders-repo.js';
import { getSession } from '../db/sessions-repo.js';
import { readId } from '../parse-input.js';
import { contentProblem, parseOrder } from './order-checks.js';
import { accepted, duplicate, invalid } from './order-results.js';

/**
 * Stores a batch of uploaded orders in ONE transaction and answers one result per order, in the
 * same order. Checks per order: schema → uuid already stored (`duplicate`, even if the session is
 * now closed; also the second copy within a batch) → unknown session (`invalid`, not_found) →
 * session not accepting orders (`session_closed`, rule 5) → currency, totals, reference
 * (`invalid`) → `accepted`. `now` is the received time.
 */
export function acceptOrders(db: Db, rawOrders: readonly unknown[], now: Date): OrderResult[] {
  return db.transaction(() => rawOrders.map((raw) => acceptOne(db, raw, now)))();
}

function acceptOne(db: Db, raw: unknown, now: Date): OrderResult {
  const { order, result } = parseOrder(raw);
  if (!order) return result;
  if (hasOrder(db, order.uuid)) return duplicate(order.uuid);
  const sessionId = readId(order.sessionId);
  const session = sessionId === null ? undefined : getSession(db, sessionId);
  if (!session) return invalid(order.uuid, 'not_found', `No session ${order.sessionId}`);
  if (!serverAcceptsOrders(session.state)) {
    return {
      uuid: order.uuid,
      status: 'session_closed',
      error: { code: 'session_closed', message: `Session ${session.name} is ${session.state}: it does not accept orders.` },
    };
  }
  const problem = contentProblem(db, order, { configId: session.config_id, currency: session.currency });
  if (problem) return problem;
  insertOrder(db, order, { sessionId: session.id, receivedAt: now, originalSessionId: null });
  return accepted(order.uuid);
}
