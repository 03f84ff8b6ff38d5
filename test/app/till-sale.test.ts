import { describe, expect, it } from 'vitest';
import { PAY_BUSY_DELAY_MS } from '../../src/app/till-sale.js';
import {
  MAX_CREATED_AHEAD_MS,
  MAX_CREATED_BEFORE_OPENING_MS,
  MAX_ORDER_LINES,
} from '../../src/domain/order-rules.js';
import { PosError } from '../../src/domain/pos-error.js';
import type { PosDb } from '../../src/store/db.js';
import { countByStatus, listBySession } from '../../src/store/outbox-repo.js';
import { openTestDb, testClock } from '../store/fixtures.js';
import { BAGUETTE, makeTill, seedPairedTill } from './till-fakes.js';

const CASH_1_20 = [{ method: 'cash' as const, amount: 120 }];

/** A started, paired till with one baguette in the cart. */
async function tillWithCart(options: Parameters<typeof makeTill>[1] = {}, db?: PosDb) {
  const store = db ?? (await openTestDb());
  await seedPairedTill(store);
  const till = makeTill(store, options);
  await till.lifecycle.start();
  expect(till.sale.addProduct(BAGUETTE)).toBe(true);
  return { ...till, db: store };
}

/**
 * Asserts that a Pay just refused wrote nothing: `message` shown, the cart kept as it was
 * (`cart`), no receipt, no order of session 42 stored, no flush asked.
 */
async function expectRefusedUnwritten(
  till: Pick<Awaited<ReturnType<typeof tillWithCart>>, 'holder' | 'db' | 'bridge'>,
  cart: unknown,
  message: string,
): Promise<void> {
  expect(till.holder.state.error?.()).toBe(message);
  expect(till.holder.state.cart).toBe(cart);
  expect(till.holder.state.lastReceipt).toBeNull();
  expect(await listBySession(till.db, 42)).toEqual([]);
  expect(till.bridge.sent).not.toContainEqual({ type: 'flush-now' });
}

/**
 * `raw` seen through a proxy: `commits.done` counts the sale transactions (readwrite over the
 * orders store) that committed, counted before anyone awaiting their `tx.done` resumes; while
 * `disk.full`, such a transaction fails as a full disk does.
 */
function watchedDb(raw: PosDb) {
  const commits = { done: 0 };
  const disk = { full: false };
  const db = new Proxy(raw, {
    get(target, key, receiver) {
      if (key !== 'transaction') return Reflect.get(target, key, receiver) as unknown;
      return (...args: Parameters<PosDb['transaction']>) => {
        const stores: readonly string[] = typeof args[0] === 'string' ? [args[0]] : Array.from(args[0]);
        const sale = stores.includes('orders') && args[1] === 'readwrite';
        if (sale && disk.full) throw new DOMException('The quota was exceeded.', 'QuotaExceededError');
        const tx = target.transaction(...args);
        if (sale)
          tx.done.then(
            () => (commits.done += 1),
            () => undefined,
          );
        return tx;
      };
    },
  });
  return { db, commits, disk };
}

describe('the cart and the payment', () => {
  it('shows the receipt only once the order is durable in IndexedDB, then asks the worker to send it', async () => {
    const { db, commits } = watchedDb(await openTestDb());
    const { sale, holder, bridge } = await tillWithCart({}, db);
    const commitsAtReceipt: number[] = [];
    holder.subscribe((s) => {
      if (s.lastReceipt) commitsAtReceipt.push(commits.done);
    });

    expect(await sale.pay(CASH_1_20)).toBe(true);

    expect(commitsAtReceipt[0]).toBe(1);
    const receipt = holder.state.lastReceipt;
    expect(holder.state.cart).toEqual([]);
    const stored = await listBySession(db, 42);
    expect(stored.map((e) => [e.uuid, e.status])).toEqual([[receipt?.uuid, 'pending']]);
    expect(stored[0]).toMatchObject({ kind: 'order', order: { amountTotal: 120 } });
    expect(bridge.sent).toContainEqual({ type: 'flush-now' });
  });

  it('a sale the guard refuses (session closed meanwhile) keeps the cart, writes nothing and says why beside Pay', async () => {
    const { sale, holder, db } = await tillWithCart();
    const record = holder.state.sessionRecord;
    if (!record) throw new Error('seeded session missing');
    holder.set({ sessionRecord: { ...record, state: 'closed' } });
    const cart = holder.state.cart;

    expect(await sale.pay(CASH_1_20)).toBe(false);

    expect(holder.state.cart).toBe(cart);
    expect(holder.state.lastReceipt).toBeNull();
    expect(holder.state.saleBlock?.()).toMatch(/closed\. No new sale can be made\./);
    expect(await countByStatus(db)).toMatchObject({ pending: 0, held: 0 });
  });

  it('a write that fails (storage full) keeps the cart, shows no receipt and says the storage is full', async () => {
    const { db, disk } = watchedDb(await openTestDb());
    const { sale, holder, bridge } = await tillWithCart({}, db);
    const cart = holder.state.cart;
    disk.full = true;

    expect(await sale.pay(CASH_1_20)).toBe(false);

    expect(holder.state.cart).toBe(cart);
    expect(holder.state.lastReceipt).toBeNull();
    expect(holder.state.paying).toBe(false);
    expect(holder.state.error?.()).toMatch(/storage is full: the sale was not saved\. The cart is kept/);
    expect(await countByStatus(db)).toMatchObject({ pending: 0 });
    expect(bridge.sent).not.toContainEqual({ type: 'flush-now' });
  });

  it('a second tap on Pay while the first sale is being written makes no second order', async () => {
    const { sale, db } = await tillWithCart();
    const outcomes = await Promise.all([sale.pay(CASH_1_20), sale.pay(CASH_1_20)]);
    expect(outcomes).toEqual([true, false]);
    expect(await countByStatus(db)).toMatchObject({ pending: 1 });
  });

  it('shows the busy state only when the write is slow, and never leaves it on after the sale', async () => {
    const { sale, holder, timers } = await tillWithCart();
    const paying = sale.pay(CASH_1_20);
    const busy = timers.live().find((t) => t.ms === PAY_BUSY_DELAY_MS);
    busy?.run(); // the write is slower than the delay
    expect(holder.state.paying).toBe(true);
    expect(await paying).toBe(true);
    expect(holder.state.paying).toBe(false);

    sale.addProduct(BAGUETTE);
    expect(await sale.pay(CASH_1_20)).toBe(true);
    expect(timers.live().filter((t) => t.ms === PAY_BUSY_DELAY_MS)).toEqual([]); // fast: cancelled unseen
  });

  it('offline, a sale also asks for Background Sync, so the order goes once the network is back', async () => {
    const { sale, bridge, net } = await tillWithCart();
    net.online = false;
    expect(await sale.pay(CASH_1_20)).toBe(true);
    await Promise.resolve();
    expect(bridge.sent).toContainEqual({ type: 'flush-now' });
    expect(bridge.syncRequests).toBe(1);
  });

  it('a closed session refuses a product: the cart stays as it was', async () => {
    const db = await openTestDb();
    await seedPairedTill(db, { state: 'closed' });
    const { sale, holder, lifecycle } = makeTill(db);
    await lifecycle.start();
    expect(sale.addProduct(BAGUETTE)).toBe(false);
    expect(holder.state.cart).toEqual([]);
    expect(holder.state.saleBlock?.()).toMatch(/No new sale can be made/);
  });

  it('a quantity the cart refuses throws validation_failed and leaves the line as it was', async () => {
    const { sale, holder } = await tillWithCart();
    const cart = holder.state.cart;
    expect(() => sale.setQuantity(0, 1.5)).toThrow(PosError);
    expect(() => sale.setDiscount(0, 101)).toThrow(PosError);
    expect(holder.state.cart).toBe(cart);
    sale.setQuantity(0, 3);
    expect(holder.state.cart[0]?.quantity).toBe(3);
  });

  it('a device clock more than a day behind the session’s opening refuses the sale before it is written: no order the server would answer invalid', async () => {
    const at = testClock().at;
    const db = await openTestDb();
    const openedAt = new Date(at + MAX_CREATED_BEFORE_OPENING_MS + 1).toISOString();
    await seedPairedTill(db, { session: { openedAt } });
    const { sale, holder, lifecycle, bridge } = makeTill(db);
    await lifecycle.start();
    expect(holder.state.sessionRecord?.session?.openedAt).toBe(openedAt);
    expect(sale.addProduct(BAGUETTE)).toBe(true);
    const cart = holder.state.cart;

    expect(await sale.pay(CASH_1_20)).toBe(false);

    await expectRefusedUnwritten(
      { holder, db, bridge },
      cart,
      "This tablet's clock is more than a day behind the session's opening: set the date and time.",
    );
  });

  it('a device clock exactly a day behind the opening, or a session whose opening is unknown, still sells', async () => {
    const at = testClock().at;
    for (const openedAt of [new Date(at + MAX_CREATED_BEFORE_OPENING_MS).toISOString(), null]) {
      const db = await openTestDb();
      await seedPairedTill(db, { session: { openedAt } });
      const { sale, lifecycle } = makeTill(db);
      await lifecycle.start();
      sale.addProduct(BAGUETTE);
      expect(await sale.pay(CASH_1_20)).toBe(true);
      expect(await listBySession(db, 42)).toHaveLength(1);
    }
  });

  it('a device clock more than a day ahead of the server’s refuses the sale before it is written: no order the server would answer invalid', async () => {
    const { sale, holder, db, bridge } = await tillWithCart();
    const record = holder.state.sessionRecord;
    if (!record) throw new Error('seeded session missing');
    holder.set({ sessionRecord: { ...record, clockOffsetMs: -MAX_CREATED_AHEAD_MS - 1 } });
    const cart = holder.state.cart;

    expect(await sale.pay(CASH_1_20)).toBe(false);

    await expectRefusedUnwritten(
      { holder, db, bridge },
      cart,
      "This tablet's clock is more than a day ahead of the server's: set the date and time.",
    );
  });

  it('a device clock exactly a day ahead of the server’s, or with no offset measured, still sells', async () => {
    for (const clockOffsetMs of [-MAX_CREATED_AHEAD_MS, null]) {
      const { sale, holder, db } = await tillWithCart();
      const record = holder.state.sessionRecord;
      if (!record) throw new Error('seeded session missing');
      holder.set({ sessionRecord: { ...record, clockOffsetMs } });
      expect(await sale.pay(CASH_1_20)).toBe(true);
      expect(await listBySession(db, 42)).toHaveLength(1);
    }
  });

  it('a 501st line is refused with a message, the cart kept: the server refuses an order of more than 500 lines', async () => {
    const { sale, holder } = await tillWithCart();
    const others = Array.from({ length: MAX_ORDER_LINES - 1 }, (_, i) => ({
      ...BAGUETTE,
      id: 100 + i,
      name: `Product ${i}`,
    }));
    for (const product of others) expect(sale.addProduct(product)).toBe(true);
    expect(holder.state.cart).toHaveLength(MAX_ORDER_LINES);
    const full = holder.state.cart;

    expect(sale.addProduct({ ...BAGUETTE, id: 99, name: 'One too many' })).toBe(false);

    expect(holder.state.cart).toBe(full);
    expect(holder.state.error?.()).toBe(
      'The cart holds 500 lines, the most for one sale: pay for these, then sell the rest as a new sale.',
    );
    // One more unit of a product already on a line adds no line: still taken, and the message goes.
    expect(sale.addProduct(BAGUETTE)).toBe(true);
    expect(holder.state.cart[0]?.quantity).toBe(2);
    expect(holder.state.error).toBeNull();
  });

  it('Pay before the till was read says it is not ready, and keeps the cart', async () => {
    const { sale, holder, lifecycle } = await tillWithCart();
    const cart = holder.state.cart;
    lifecycle.stop();
    expect(await sale.pay(CASH_1_20)).toBe(false);
    expect(holder.state.error?.()).toBe('The till is not ready to take payments.');
    expect(holder.state.cart).toBe(cart);
  });
});
