import type { PosOrder } from '../../src/domain/pos-order.js';
import type { Executor } from '../db/database.js';
import { findStoredOrders, type StoredOrder } from '../db/orders-repo.js';
import { parseOrder, type ParsedOrder } from './order-checks.js';

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

/** A batch as uploaded or rescued, parsed once, with what it may collide with read once. */
export interface ReadBatch {
  /** Each raw order parsed, in the batch's order (an unparsable one carries its `invalid` result). */
  parsed: ParsedOrder[];
  /** The orders that parsed. */
  orders: PosOrder[];
  /** Uuids and references stored before the batch (one query), taken as the batch is checked. */
  holdings: BatchHoldings;
}

/** Parses `rawOrders` and reads, in one query, the stored orders sharing their uuids or references. */
export async function readBatch(trx: Executor, rawOrders: readonly unknown[]): Promise<ReadBatch> {
  const parsed = rawOrders.map(parseOrder);
  const orders = parsed.flatMap((p) => (p.order ? [p.order] : []));
  const stored = await findStoredOrders(
    trx,
    orders.map((o) => o.uuid.toLowerCase()),
    orders.map((o) => o.reference),
  );
  return { parsed, orders, holdings: new BatchHoldings(stored) };
}
