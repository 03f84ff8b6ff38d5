import type { Id } from './ids.js';
import type { OrderLine, Payment, PosOrder } from './pos-order.js';
import { orderTotals } from './order-totals.js';
import { formatReference } from './order-reference.js';
import { PosError } from './pos-error.js';
import type { ServerOriginal } from './refund-draft.js';

/** Everything an order needs except its sequence, prepared before the IndexedDB transaction. */
export interface OrderDraft {
  uuid: string;
  sessionId: Id;
  deviceNumber: number;
  currency: string;
  createdAt: string;
  lines: OrderLine[];
  payments: Payment[];
  /**
   * A refund: the original's uuid (the order's `refundOf`) and reference (kept beside the order
   * in the outbox for the refund's receipt, never sent); `fromServer` when the original was looked
   * up on the server because this tablet does not hold it (what the outbox's check counts it
   * against; never stored). Absent on a sale, and on a refund without receipt.
   */
  refund?: { uuid: string; reference: string; fromServer?: ServerOriginal };
  /**
   * A refund without receipt: the manager's proof (refund-proof.ts, over this draft's uuid and
   * total) and the reason, both sent with the order. Absent otherwise.
   */
  withoutReceipt?: { managerProof: string; reason: string };
}

/**
 * Completes a draft with its sequence: reference and totals. Pure and synchronous, so it can run
 * inside the IndexedDB transaction that reads the sequence (that transaction awaits nothing
 * else). Throws PosError `validation_failed` when the cart is empty or payments do not cover it
 * (on a refund: are not exactly its negative total).
 */
export function buildOrder(draft: OrderDraft, sequence: number): PosOrder {
  if (draft.lines.length === 0) throw new PosError('validation_failed', 'The cart is empty.');
  const totals = orderTotals(draft.lines, draft.payments);
  if (!totals) throw new PosError('validation_failed', 'The payments do not cover the total.');
  return {
    uuid: draft.uuid,
    reference: formatReference(draft.sessionId, draft.deviceNumber, sequence),
    sessionId: draft.sessionId,
    deviceNumber: draft.deviceNumber,
    currency: draft.currency,
    createdAt: draft.createdAt,
    lines: draft.lines,
    payments: draft.payments,
    ...totals,
    ...(draft.refund ? { refundOf: draft.refund.uuid } : {}),
    ...(draft.withoutReceipt
      ? { managerProof: draft.withoutReceipt.managerProof, reason: draft.withoutReceipt.reason }
      : {}),
  };
}
