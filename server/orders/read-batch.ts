import { MAX_ORDERS_PER_UPLOAD } from '../../src/domain/pos-order.js';
import { httpError } from '../http-error.js';

/**
 * The `orders` array of an upload body `{orders: [...]}`, each order still unchecked. Throws
 * PosError `validation_failed` (400) when there is no array, it is empty, or the body has another
 * field (it would be ignored unseen), and `payload_too_large` (413) above MAX_ORDERS_PER_UPLOAD (500).
 */
export function readOrderBatch(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw httpError(
      'validation_failed',
      `body: a JSON object {orders: [...]} with 1 to ${MAX_ORDERS_PER_UPLOAD} orders`,
    );
  }
  const { orders, ...others } = body as { orders?: unknown };
  const extra = Object.keys(others);
  if (extra.length > 0)
    throw httpError(
      'validation_failed',
      `${extra.join(', ')}: ${extra.length === 1 ? 'not a field' : 'not fields'} of this request (it takes orders)`,
      { field: extra[0] ?? '' },
    );
  const rule = `a list of 1 to ${MAX_ORDERS_PER_UPLOAD} orders`;
  if (!Array.isArray(orders))
    throw httpError('validation_failed', `orders: ${orders === undefined ? 'required, ' : ''}${rule}`, {
      field: 'orders',
    });
  if (orders.length === 0)
    throw httpError('validation_failed', `orders: ${rule}, not an empty one`, { field: 'orders' });
  if (orders.length > MAX_ORDERS_PER_UPLOAD) {
    throw httpError(
      'payload_too_large',
      `${orders.length} orders: send at most ${MAX_ORDERS_PER_UPLOAD} per request.`,
    );
  }
  return orders;
}
