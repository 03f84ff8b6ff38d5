import { MAX_ORDERS_PER_UPLOAD } from '../../src/domain/pos-order.js';
import { httpError } from '../http-error.js';

/**
 * The `orders` array of an upload body `{orders: [...]}`, each order still unchecked. Throws
 * PosError `validation_failed` (400) when there is no array, it is empty, or the body has another
 * field (it would be ignored unseen), and `payload_too_large` (413) above MAX_ORDERS_PER_UPLOAD (500)
 * orders. An order of too many lines is left to the order's schema, which answers it `invalid` on
 * its own: a 413 would make the till halve its batches and still never get the others through.
 */
export function readOrderBatch(body: unknown): unknown[] {
  return readUploadList(body, { key: 'orders', max: MAX_ORDERS_PER_UPLOAD, items: 'orders' });
}

/** What an upload's envelope holds: its one key, the most items a request may carry, their name. */
export interface UploadEnvelope {
  key: string;
  max: number;
  /** Plural noun in messages ("orders", "cash moves"). */
  items: string;
}

/**
 * The list under `envelope.key` of an upload body `{[key]: [...]}`, each item still unchecked
 * (the route answers each on its own). Throws PosError `validation_failed` (400) when there is no
 * list, it is empty, or the body has another field (it would be ignored unseen), and
 * `payload_too_large` (413) above `envelope.max` items, so a client splits its outbox.
 */
export function readUploadList(body: unknown, envelope: UploadEnvelope): unknown[] {
  const { key, max, items } = envelope;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw httpError('validation_failed', `body: a JSON object {${key}: [...]} with 1 to ${max} ${items}`);
  }
  const { [key]: list, ...others } = body as Record<string, unknown>;
  const extra = Object.keys(others);
  if (extra.length > 0)
    throw httpError(
      'validation_failed',
      `${extra.join(', ')}: ${extra.length === 1 ? 'not a field' : 'not fields'} of this request (it takes ${key})`,
      { field: extra[0] ?? '' },
    );
  const rule = `a list of 1 to ${max} ${items}`;
  if (!Array.isArray(list))
    throw httpError('validation_failed', `${key}: ${list === undefined ? 'required, ' : ''}${rule}`, {
      field: key,
    });
  if (list.length === 0)
    throw httpError('validation_failed', `${key}: ${rule}, not an empty one`, { field: key });
  if (list.length > max) {
    throw httpError('payload_too_large', `${list.length} ${items}: send at most ${max} per request.`);
  }
  return list;
}
