import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import { PosOrderSchema, type PosOrder } from '../../src/domain/pos-order.js';
import { refundProof } from '../../src/domain/refund-proof.js';
import { isCashMove, type OrderEntry, type PosDb } from '../../src/store/db.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { listAll, updateEntries } from '../../src/store/outbox-repo.js';
import type { FetchFn } from '../../src/sync/sync-deps.js';
import { openTestDb } from '../store/fixtures.js';
import { json } from '../sync/fake-api.js';
import { waitFor } from '../kit/wait-for.js';
import { BAGUETTE, makeTill, seedPairedTill, tillServer } from './till-fakes.js';
import { hashOf } from './pin-hash.js';

/** A sale of 3 baguettes made by tablet 5 in the earlier session 41, paid by card. */
function otherTabletSale(): PosOrder {
  return buildOrder(
    {
      uuid: crypto.randomUUID(),
      sessionId: 41,
      deviceNumber: 5,
      currency: 'EUR',
      createdAt: '2026-12-05T17:00:00.000Z',
      lines: [
        {
          productId: BAGUETTE.id,
          name: BAGUETTE.name,
          quantity: 3,
          unitPrice: BAGUETTE.price,
          taxRate: BAGUETTE.taxRate,
          discount: 0,
        },
      ],
      payments: [{ method: 'card', amount: 360 }],
    },
    3,
  );
}

/** What the server answers for `sale`: `refunded` baguettes taken back by the refunds `refunds`. */
function lookupAnswer(sale: PosOrder, refunded = 0, refunds: string[] = []) {
  return {
    order: sale,
    refunded:
      refunded > 0
        ? [
            {
              productId: BAGUETTE.id,
              unitPrice: BAGUETTE.price,
              discount: 0,
              taxRate: BAGUETTE.taxRate,
              quantity: refunded,
            },
          ]
        : [],
    refunds,
  };
}

/** The till's API, which also answers the lookup of `sale` with `answer()` (called at each request). */
function serverWith(sale: PosOrder, answer: () => Response): { fetch: FetchFn; lookups: () => number } {
  const base = tillServer();
  let lookups = 0;
  const fetch: FetchFn = async (input, init) => {
    if (new URL(input, 'http://till.test').pathname === `/api/orders/by-reference/${sale.reference}`) {
      lookups += 1;
      return answer();
    }
    return base.fetch(input, init);
  };
  return { fetch, lookups: () => lookups };
}

async function startedTill(fetch: FetchFn, online = true) {
  const db = await openTestDb();
  await seedPairedTill(db);
  const till = makeTill(db, { fetch, online, lookUp: true });
  await till.lifecycle.start();
  return { ...till, db };
}

async function orderEntries(db: PosDb): Promise<OrderEntry[]> {
  return (await listAll(db)).flatMap((e) => (isCashMove(e) ? [] : [e]));
}

describe('refunds of an order looked up on the server', () => {
  it('a reference another tablet sold is fetched online and offers sold less what the server’s refunds took back', async () => {
    const sale = otherTabletSale();
    const server = serverWith(sale, () => json(lookupAnswer(sale, 1, [crypto.randomUUID()])));
    const { refunds, db, holder } = await startedTill(server.fetch);

    const found = await refunds.openByReference(sale.reference);

    if (!found.ok) throw new Error(found.error());
    expect(found.view.entry).toBeNull();
    expect(found.view.original).toEqual(sale);
    expect(found.view.rows.map((r) => [r.sold, r.refundable])).toEqual([[3, 2]]);
    expect(found.view.method).toBe('card');
    const made = await refunds.refund(found.view, [1], 'card');
    if (!made.ok) throw new Error(made.error());
    expect(made.order).toMatchObject({ refundOf: sale.uuid, sessionId: 42, amountTotal: -120 });
    expect(PosOrderSchema.safeParse(made.order).success).toBe(true);
    const stored = (await orderEntries(db)).find((e) => e.uuid === made.order.uuid);
    expect(stored).toMatchObject({ status: 'pending', refundOfReference: sale.reference });
    expect(holder.state.lastRefundOf).toBe(sale.reference);
  });

  it('two panels of one server order on this tablet never give back more than is left: the outbox check counts the first refund', async () => {
    const sale = otherTabletSale();
    const server = serverWith(sale, () => json(lookupAnswer(sale, 1)));
    const { refunds, db } = await startedTill(server.fetch);
    const early = await refunds.openByReference(sale.reference);
    const first = await refunds.openByReference(sale.reference);
    if (!early.ok || !first.ok) throw new Error('not found');
    expect((await refunds.refund(first.view, [2], 'cash')).ok).toBe(true);

    const late = await refunds.refund(early.view, [1], 'cash');

    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error()).toMatch(/more than is left to refund/);
    expect((await orderEntries(db)).filter((e) => e.order.refundOf === sale.uuid)).toHaveLength(1);
    const again = await refunds.openByReference(sale.reference);
    if (!again.ok) throw new Error(again.error());
    expect(again.view.rows.map((r) => r.refundable)).toEqual([0]);
  });

  it('a refund of this tablet the server already counted is not subtracted a second time', async () => {
    const sale = otherTabletSale();
    let counted: string[] = [];
    let refundedOnServer = 0;
    const server = serverWith(sale, () => json(lookupAnswer(sale, refundedOnServer, counted)));
    const { refunds, db } = await startedTill(server.fetch);
    const opened = await refunds.openByReference(sale.reference);
    if (!opened.ok) throw new Error(opened.error());
    const made = await refunds.refund(opened.view, [1], 'cash');
    if (!made.ok) throw new Error(made.error());
    // The flush sent it and the server stored it.
    await updateEntries(db, [{ uuid: made.order.uuid, patch: { status: 'synced', syncedAt: 1 } }]);
    counted = [made.order.uuid.toLowerCase()];
    refundedOnServer = 1;

    const again = await refunds.openByReference(sale.reference);

    if (!again.ok) throw new Error(again.error());
    expect(again.view.rows.map((r) => r.refundable)).toEqual([2]);
    expect((await refunds.refund(again.view, [2], 'cash')).ok).toBe(true);
  });

  it('offline, a reference this tablet does not hold says it is not here and the till is offline, and asks nothing', async () => {
    const sale = otherTabletSale();
    const server = serverWith(sale, () => json(lookupAnswer(sale)));
    const { refunds } = await startedTill(server.fetch, false);

    const found = await refunds.openByReference(sale.reference);

    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.error()).toMatch(/is not on this tablet\. The till is offline/);
    expect(server.lookups()).toBe(0);
  });

  it('a reference the server does not have either, or a server out of reach, is said plainly, never an empty panel', async () => {
    const sale = otherTabletSale();
    const server = serverWith(sale, () => json({ error: { code: 'not_found', message: 'No order' } }, 404));
    const { refunds } = await startedTill(server.fetch);
    const missing = await refunds.openByReference(sale.reference);
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.error()).toMatch(
        /is not on this tablet\. The server has no such order of this register either/,
      );

    const down = serverWith(sale, () => {
      throw new TypeError('Failed to fetch');
    });
    const unreachable = await (await startedTill(down.fetch)).refunds.openByReference(sale.reference);
    expect(unreachable.ok).toBe(false);
    if (!unreachable.ok) expect(unreachable.error()).toMatch(/could not be reached/);
  });

  it('a refund found on the server is not refundable again (a refund of a refund)', async () => {
    const sale = otherTabletSale();
    const refund = { ...otherTabletSale(), reference: sale.reference, refundOf: crypto.randomUUID() };
    refund.lines = refund.lines.map((l) => ({ ...l, quantity: -l.quantity }));
    refund.payments = [{ method: 'card', amount: -360 }];
    Object.assign(refund, { amountTotal: -360, amountTax: -19, amountPaid: -360 });
    const server = serverWith(sale, () => json({ order: refund, refunded: [], refunds: [] }));
    const { refunds } = await startedTill(server.fetch);
    const found = await refunds.openByReference(sale.reference);
    expect(found.ok).toBe(false);
  });
});

describe('refunds without receipt', () => {
  async function tillWithPin() {
    const hash = hashOf('2468');
    const server = tillServer({ managerPinHash: hash });
    const till = await startedTill(server.fetch);
    // The start-up's own refresh of the config is done: it stores the hash the server has.
    await waitFor('the start-up', () => till.holder.state.refreshed);
    await setMeta(till.db, 'managerPinHash', hash);
    return { ...till, hash, server };
  }

  it('a PIN changed in the back office since the till started is the one checked, and the proof is made with it', async () => {
    const { refunds, server } = await tillWithPin();
    const changed = hashOf('1357');
    server.state.managerPinHash = changed;

    const made = await refunds.refundWithoutReceipt({
      pin: '1357',
      reason: 'Damaged',
      items: [{ product: BAGUETTE, quantity: 1 }],
      method: 'cash',
    });

    if (!made.ok) throw new Error(made.error());
    // The server checks the proof against the hash it has: the new one.
    expect(made.order.managerProof).toBe(await refundProof(made.order, changed));
  });

  it('with the manager PIN and a reason, saves a refund whose managerProof the server will verify, with no original', async () => {
    const { refunds, db, hash, holder } = await tillWithPin();

    const made = await refunds.refundWithoutReceipt({
      pin: '2468',
      reason: ' Damaged ',
      items: [{ product: BAGUETTE, quantity: 2 }],
      method: 'cash',
    });

    if (!made.ok) throw new Error(made.error());
    expect(made.order).toMatchObject({
      amountTotal: -240,
      reason: 'Damaged',
      payments: [{ method: 'cash', amount: -240 }],
    });
    expect(made.order.refundOf).toBeUndefined();
    expect(made.order.managerProof).toBe(await refundProof(made.order, hash));
    expect(PosOrderSchema.safeParse(made.order).success).toBe(true);
    expect((await orderEntries(db)).find((e) => e.uuid === made.order.uuid)?.status).toBe('pending');
    expect(holder.state.lastReceipt).toEqual(made.order);
    expect(holder.state.lastRefundOf).toBeNull();
  });

  it('a wrong PIN saves nothing and says so', async () => {
    const { refunds, db } = await tillWithPin();
    const before = (await orderEntries(db)).length;
    const made = await refunds.refundWithoutReceipt({
      pin: '1111',
      reason: 'Damaged',
      items: [{ product: BAGUETTE, quantity: 1 }],
      method: 'cash',
    });
    expect(made.ok).toBe(false);
    if (!made.ok) expect(made.error()).toMatch(/Wrong manager PIN/);
    expect(await orderEntries(db)).toHaveLength(before);
  });

  it('no reason, no item, or no PIN set for the register saves nothing and says why', async () => {
    const { refunds, db, server } = await tillWithPin();
    const ask = (over: Partial<Parameters<typeof refunds.refundWithoutReceipt>[0]>) =>
      refunds.refundWithoutReceipt({
        pin: '2468',
        reason: 'Damaged',
        items: [{ product: BAGUETTE, quantity: 1 }],
        method: 'card',
        ...over,
      });
    const noReason = await ask({ reason: '   ' });
    expect(!noReason.ok && noReason.error()).toMatch(/reason/);
    const noItem = await ask({ items: [] });
    expect(!noItem.ok && noItem.error()).toMatch(/at least one item/);
    // No PIN for the register: none on the server, none stored.
    server.state.managerPinHash = null;
    await setMeta(db, 'managerPinHash', null);
    const noPin = await ask({});
    expect(!noPin.ok && noPin.error()).toMatch(/No manager PIN is set/);
    expect(await orderEntries(db)).toHaveLength(0);
  });
});
