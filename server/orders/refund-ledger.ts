import { isRefund, refundLineKey, type OrderResult, type PosOrder } from '../../src/domain/pos-order.js';
import type { Executor } from '../db/database.js';
import { lineUnits, lockRefundOriginals, type LineUnits } from '../db/refunds-repo.js';
import type { BatchHoldings } from './batch-holdings.js';
import { invalid } from './order-results.js';
import { verifyRefundProofs, type ProofVerdict } from './refund-proofs.js';

/** An order refunds may name, as the ledger keeps it. */
interface Original {
  reference: string;
  configId: number;
  /** A refund itself: refunding it is refused. */
  refund: boolean;
  /** Units sold, by line key (positive). */
  sold: Map<string, number>;
  /** Units refunded so far, by line key (positive): stored refunds, then the batch's accepted ones. */
  refunded: Map<string, number>;
}

const add = (map: Map<string, number>, key: string, units: number) =>
  map.set(key, (map.get(key) ?? 0) + units);

/**
 * What the refunds of one batch are checked against, read once before the batch is checked (the
 * checks themselves are synchronous, as BatchHoldings'): the originals they name (stored, locked:
 * lockRefundOriginals), the units each sold and the units stored refunds took back, the verdict on
 * each manager proof; then, as the batch is checked, its own accepted orders: a sale may be
 * refunded later in the same batch (sold and refunded offline on one tablet), and each accepted
 * refund counts against what is left.
 */
export class RefundLedger {
  constructor(
    private readonly originals: Map<string, Original>,
    private readonly proofs: ReadonlyMap<string, ProofVerdict>,
  ) {}

  /**
   * The `invalid` result for `order` going to config `configId`, or null when it may be stored (a
   * sale always may). A refund naming an original: it must be known (stored, or accepted earlier
   * in the batch) and of config `configId`, else `unknown_original` (the schema refuses a manager
   * proof beside `refundOf`, so nothing else lets it pass); the original must not be a refund
   * (`validation_failed`); no line may take back more units than the original's line sold less
   * what refunds took before (`over_refund`). A refund without `refundOf` needs a verified manager
   * proof (`unknown_original`).
   */
  problem(order: PosOrder, configId: number): OrderResult | null {
    if (!isRefund(order)) return null;
    if (order.refundOf === undefined) {
      const proof = this.proofs.get(order.uuid.toLowerCase()) ?? 'missing';
      return proof === 'verified' ? null : invalid(order.uuid, 'unknown_original', withoutReceipt(proof));
    }
    const original = this.originals.get(order.refundOf.toLowerCase());
    // The one check that keeps a refund to its own register: every refund stored against an
    // original is then of the original's config, so what was refunded of it needs no config filter.
    if (original?.configId !== configId)
      return invalid(
        order.uuid,
        'unknown_original',
        `No order ${order.refundOf} of this POS config to refund.`,
      );
    if (original.refund)
      return invalid(
        order.uuid,
        'validation_failed',
        `order ${original.reference} is a refund: it cannot be refunded`,
      );
    return this.overRefund(order, original);
  }

  /**
   * `order`, going to config `configId`, is to be stored (problem found none): later orders of the
   * batch count it.
   */
  take(order: PosOrder, configId: number): void {
    const uuid = order.uuid.toLowerCase();
    const refund = isRefund(order);
    const sold = new Map<string, number>();
    if (!refund) for (const line of order.lines) add(sold, refundLineKey(line), line.quantity);
    this.originals.set(uuid, { reference: order.reference, configId, refund, sold, refunded: new Map() });
    const original =
      order.refundOf === undefined ? undefined : this.originals.get(order.refundOf.toLowerCase());
    if (original) for (const line of order.lines) add(original.refunded, refundLineKey(line), -line.quantity);
  }

  /** `over_refund` for the first line identity of `order` that takes back more than is left, else null. */
  private overRefund(order: PosOrder, original: Original): OrderResult | null {
    const asked = new Map<string, number>();
    for (const line of order.lines) add(asked, refundLineKey(line), -line.quantity);
    for (const [index, line] of order.lines.entries()) {
      const key = refundLineKey(line);
      const left = (original.sold.get(key) ?? 0) - (original.refunded.get(key) ?? 0);
      const units = asked.get(key) ?? 0;
      if (units > left) {
        const what = original.sold.has(key)
          ? `${left} of ${original.sold.get(key)} left to refund`
          : 'none sold on it at this price, discount and tax rate';
        return invalid(
          order.uuid,
          'over_refund',
          `lines.${index}: ${units} × ${line.name} asked back of order ${original.reference}, ${what}`,
        );
      }
    }
    return null;
  }
}

/** Why a refund without a (verified) manager proof is refused, from the proof's verdict. */
function withoutReceipt(proof: ProofVerdict): string {
  if (proof === 'no_pin') return 'A refund without receipt needs a manager PIN set for this POS config.';
  if (proof === 'mismatch')
    return "The manager's approval (managerProof) does not match this POS config's manager PIN.";
  return "A refund without receipt needs the manager's approval (managerProof).";
}

/**
 * Reads the ledger of a batch inside its transaction `trx`: locks the stored originals its refunds
 * name (lockRefundOriginals), reads what they sold and what stored refunds took back, and verifies
 * the manager proofs (`pinHashOf`: the stored manager PIN hash of the config an order goes to, as
 * the batch read its sessions; see verifyRefundProofs). The batch's own refunds that were
 * not stored before it (`holdings`) are left out of the stored refunds: one that another request
 * stored meanwhile (the same upload sent twice at once) is counted as the batch's, and settles as
 * `duplicate`, never as its own `over_refund`. Nothing is read for a batch without refunds.
 */
export async function readRefundLedger(
  trx: Executor,
  orders: readonly PosOrder[],
  holdings: BatchHoldings,
  pinHashOf: (order: PosOrder) => string | null | undefined,
): Promise<RefundLedger> {
  const refunds = orders.filter(isRefund);
  const named = [...new Set(refunds.flatMap((o) => (o.refundOf ? [o.refundOf.toLowerCase()] : [])))].sort();
  const stored = await lockRefundOriginals(trx, named);
  const uuids = stored.map((o) => o.uuid);
  const ownRefunds = refunds.filter((o) => !holdings.isStored(o.uuid)).map((o) => o.uuid.toLowerCase());
  const originals = new Map<string, Original>(
    stored.map((o) => [
      o.uuid,
      {
        reference: o.reference,
        configId: o.configId,
        refund: o.refund === 1,
        sold: new Map(),
        refunded: new Map(),
      },
    ]),
  );
  const tally = (rows: readonly LineUnits[], pick: (o: Original) => Map<string, number>, sign: number) => {
    for (const row of rows) {
      const original = originals.get(row.original);
      if (original) add(pick(original), refundLineKey(row), sign * row.quantity);
    }
  };
  tally(await lineUnits(trx, 'sold', uuids), (o) => o.sold, 1);
  tally(await lineUnits(trx, 'refunded', uuids, ownRefunds), (o) => o.refunded, -1);
  return new RefundLedger(originals, await verifyRefundProofs(refunds, pinHashOf));
}
