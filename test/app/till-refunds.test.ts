import { describe, expect, it } from 'vitest';
import { failureSentence } from '../../src/app/till-messages.js';
import { PosOrderSchema } from '../../src/domain/pos-order.js';
import { isCashMove, type OrderEntry, type PosDb } from '../../src/store/db.js';
import { listAll, updateEntries } from '../../src/store/outbox-repo.js';
import { openTestDb } from '../store/fixtures.js';
import { BAGUETTE, makeTill, seedPairedTill } from './till-fakes.js';

/** A started, paired till that sold two baguettes (one line of 2, 2.40 cash); the sale's entry. */
async function tillWithSale(options: Parameters<typeof makeTill>[1] = {}) {
  const db = await openTestDb();
  await seedPairedTill(db);
  const till = makeTill(db, options);
  await till.lifecycle.start();
  till.sale.addProduct(BAGUETTE);
  till.sale.addProduct(BAGUETTE);
  expect(await till.sale.pay([{ method: 'cash', amount: 240 }])).toBe(true);
  const sold = till.holder.state.lastReceipt;
  if (!sold) throw new Error('no sale');
  till.sale.newSale();
  return { ...till, db, sold };
}

async function orderEntries(db: PosDb): Promise<OrderEntry[]> {
  return (await listAll(db)).flatMap((e) => (isCashMove(e) ? [] : [e]));
}

describe('refunds on the till', () => {
  it('writes the refund to the outbox (pending, its own uuid and the next reference) before its receipt shows, then asks to send it', async () => {
    const { refunds, holder, db, sold, bridge } = await tillWithSale();
    const opened = await refunds.open(sold.uuid);
    if (!opened.ok) throw new Error(opened.error());
    expect(opened.view.rows.map((r) => [r.sold, r.refundable])).toEqual([[2, 2]]);
    expect(opened.view.method).toBe('cash');
    const flushesBefore = bridge.sent.length;

    const outcome = await refunds.refund(opened.view, [1], 'cash');

    if (!outcome.ok) throw new Error(outcome.error());
    const stored = (await orderEntries(db)).find((e) => e.uuid === outcome.order.uuid);
    expect(stored).toMatchObject({ status: 'pending', refundOfReference: sold.reference });
    expect(stored?.order).toEqual(outcome.order);
    expect(outcome.order.uuid).not.toBe(sold.uuid);
    expect(outcome.order.reference).toBe(sold.reference.replace(/0001$/, '0002'));
    expect(outcome.order).toMatchObject({ refundOf: sold.uuid, amountTotal: -120, amountReturn: 0 });
    expect(outcome.order.payments).toEqual([{ method: 'cash', amount: -120 }]);
    expect(PosOrderSchema.safeParse(outcome.order).success).toBe(true);
    expect(holder.state.lastReceipt).toEqual(outcome.order);
    expect(holder.state.lastRefundOf).toBe(sold.reference);
    expect(bridge.sent.slice(flushesBefore)).toContainEqual({ type: 'flush-now' });
  });

  it('refunding the same order twice on one tablet can never give back more than was sold, even from a panel opened before the first refund', async () => {
    const { refunds, db, sold } = await tillWithSale();
    const early = await refunds.open(sold.uuid); // a second panel, opened before any refund
    const first = await refunds.open(sold.uuid);
    if (!early.ok || !first.ok) throw new Error('not refundable');
    expect((await refunds.refund(first.view, [2], 'cash')).ok).toBe(true);

    const late = await refunds.refund(early.view, [1], 'cash');

    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error()).toMatch(/more than is left to refund/);
    const again = await refunds.open(sold.uuid);
    if (!again.ok) throw new Error(again.error());
    expect(again.view.rows.map((r) => r.refundable)).toEqual([0]);
    expect((await orderEntries(db)).filter((e) => e.order.refundOf === sold.uuid)).toHaveLength(1);
  });

  it('counts a refund the server rejected as taken back: the till never gives it back a second time on its own', async () => {
    const { refunds, db, sold } = await tillWithSale();
    const opened = await refunds.open(sold.uuid);
    if (!opened.ok) throw new Error(opened.error());
    const made = await refunds.refund(opened.view, [2], 'cash');
    if (!made.ok) throw new Error(made.error());
    await updateEntries(db, [
      {
        uuid: made.order.uuid,
        patch: { status: 'rejected', lastError: { code: 'over_refund', message: 'x' } },
      },
    ]);
    const again = await refunds.open(sold.uuid);
    if (!again.ok) throw new Error(again.error());
    expect(again.view.rows.map((r) => r.refundable)).toEqual([0]);
  });

  it('refuses a refund while the session is not opened (the guard of sales) and writes nothing', async () => {
    const { refunds, holder, db, sold } = await tillWithSale();
    const opened = await refunds.open(sold.uuid);
    if (!opened.ok) throw new Error(opened.error());
    const record = holder.state.sessionRecord;
    if (!record) throw new Error('no session');
    holder.set({ sessionRecord: { ...record, state: 'closing_control' } });

    const outcome = await refunds.refund(opened.view, [1], 'cash');

    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error()).toMatch(/No new sale can be made/);
    expect(await orderEntries(db)).toHaveLength(1);
  });

  it('offline, a refund is saved and also asks for Background Sync, as a sale does', async () => {
    const { refunds, bridge, net, sold } = await tillWithSale();
    net.online = false;
    const opened = await refunds.open(sold.uuid);
    if (!opened.ok) throw new Error(opened.error());
    const syncs = bridge.syncRequests;
    expect((await refunds.refund(opened.view, [1], 'card')).ok).toBe(true);
    await Promise.resolve();
    expect(bridge.syncRequests).toBe(syncs + 1);
  });

  it('a scanned reference opens the order it names; one not in the outbox is said plainly, never a silent nothing', async () => {
    const { refunds, sold } = await tillWithSale();
    const found = await refunds.openByReference(sold.reference);
    expect(found.ok && found.view.entry?.uuid).toBe(sold.uuid);

    const missing = await refunds.openByReference('00042-003-9999');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error()).toBe('Order 00042-003-9999 is not on this tablet.');
  });

  it('refuses to open a refund of a refund, or of a sale the server refused', async () => {
    const { refunds, db, sold } = await tillWithSale();
    const opened = await refunds.open(sold.uuid);
    if (!opened.ok) throw new Error(opened.error());
    const made = await refunds.refund(opened.view, [1], 'cash');
    if (!made.ok) throw new Error(made.error());
    const ofRefund = await refunds.open(made.order.uuid);
    expect(ofRefund.ok).toBe(false);
    if (!ofRefund.ok) expect(ofRefund.error()).toMatch(/is a refund/);

    await updateEntries(db, [{ uuid: sold.uuid, patch: { status: 'rejected' } }]);
    const ofRejected = await refunds.open(sold.uuid);
    expect(ofRejected.ok).toBe(false);
    if (!ofRejected.ok) expect(ofRejected.error()).toMatch(/refused by the server/);
  });

  it('the server’s over_refund and unknown_original get sentences of their own, not the general one', () => {
    const general = failureSentence('some_future_code');
    expect(failureSentence('over_refund')).not.toBe(general);
    expect(failureSentence('unknown_original')).not.toBe(general);
    expect(failureSentence('over_refund')).toMatch(/more than the order sold/);
  });
});
