import type { PosOrder } from '../../src/domain/pos-order.js';
import type { StoredOrder } from '../db/orders-repo.js';

/**
 * Which uuids and references are taken while a batch is checked: those stored before it
 * (findStoredOrders, read once), then those of the batch's own orders accepted so far. Uuids are
 * kept lowercased (they compare without case).
 */
export class BatchHoldings {
  private readonly stored = new Set<string>();
  /** Uuid of each order of the batch accepted so far → its index in the batch. */
  private readonly taken = new Map<string, number>();
  private readonly owners = new Map<string, string>();

  constructor(stored: readonly StoredOrder[]) {
    for (const order of stored) {
      this.stored.add(order.uuid);
      this.owners.set(order.reference, order.uuid);
    }
  }

  /** True when an order with `uuid` was stored before this batch. */
  isStored(uuid: string): boolean {
    return this.stored.has(uuid.toLowerCase());
  }

  /** Index in the batch of the order with `uuid` accepted earlier in it, or undefined. */
  takenBy(uuid: string): number | undefined {
    return this.taken.get(uuid.toLowerCase());
  }

  /** The (lowercased) uuid of the order holding `reference`, stored or earlier in the batch. */
  referenceOwner(reference: string): string | undefined {
    return this.owners.get(reference);
  }

  /** `order`, at `index` in the batch, is to be stored: its uuid and reference are taken. */
  take(order: PosOrder, index: number): void {
    const uuid = order.uuid.toLowerCase();
    this.taken.set(uuid, index);
    this.owners.set(order.reference, uuid);
  }
}
