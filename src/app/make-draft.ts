import type { OrderDraft } from '../domain/build-order.js';
import type { Cart } from '../domain/cart.js';
import type { Id } from '../domain/ids.js';
import type { Payment } from '../domain/pos-order.js';

/**
 * What a draft is made of; all of it known before the IndexedDB transaction opens, which must await nothing
 * else.
 */
export interface DraftInput {
  uuid: string;
  sessionId: Id;
  deviceNumber: number;
  currency: string;
  cart: Cart;
  payments: readonly Payment[];
  /** Device epoch ms of the sale. */
  now: number;
}

/** The order draft of a sale, with copies of the cart lines and payments (no shared objects). */
export function makeDraft(input: DraftInput): OrderDraft {
  return {
    uuid: input.uuid,
    sessionId: input.sessionId,
    deviceNumber: input.deviceNumber,
    currency: input.currency,
    createdAt: new Date(input.now).toISOString(),
    lines: input.cart.map((line) => ({ ...line })),
    payments: input.payments.map((p) => ({ ...p })),
  };
}
