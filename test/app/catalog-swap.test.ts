import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import { REREAD_INTERVAL_MS } from '../../src/app/till-lifecycle.js';
import { getCatalogVersion, listCatalog, storeCatalog } from '../../src/store/catalog-repo.js';
import type { PosDb } from '../../src/store/db.js';
import { openTestDb } from '../store/fixtures.js';
import { waitFor } from '../kit/wait-for.js';
import { BAGUETTE, makeTill, seedPairedTill, tillServer } from './till-fakes.js';

const CROISSANT: Product = {
  id: 2,
  name: 'Croissant',
  price: 140,
  taxRate: 550,
  category: 'Bakery',
  barcode: null,
};
const DEARER_BAGUETTE: Product = { ...BAGUETTE, price: 150 };

/** A started, paired till whose start-up refresh finished, with its server. */
async function startedTill(options: { online?: boolean } = {}) {
  const db = await openTestDb();
  await seedPairedTill(db);
  const server = tillServer();
  const till = makeTill(db, { fetch: server.fetch, online: options.online ?? true });
  await till.lifecycle.start();
  await waitFor('the start-up', () => till.holder.state.refreshed);
  return { ...till, db, server };
}

/** What the sync runner does when a check names catalog `version`: stores it, then tells the pages. */
async function newerCatalogArrives(
  till: Awaited<ReturnType<typeof startedTill>>,
  products: Product[],
  version: number,
): Promise<void> {
  await storeCatalog(till.db, products, { configId: 1, version });
  till.bridge.emit({ type: 'catalog-changed', version });
  await till.startup.rereadCatalog(); // the message's read, waited for
}

const names = (catalog: readonly Product[]): string[] => catalog.map((p) => `${p.name} ${p.price}`);

describe('the till swaps to a newer catalog between sales', () => {
  it('an empty cart shows the newer catalog at once', async () => {
    const till = await startedTill();
    await newerCatalogArrives(till, [DEARER_BAGUETTE, CROISSANT], 2);
    expect(names(till.holder.state.catalog)).toEqual(['Baguette 150', 'Croissant 140']);
  });

  it('a catalog-changed said twice (on the channel and to the page) gives the grid one new list, not two to render', async () => {
    const till = await startedTill();
    await newerCatalogArrives(till, [DEARER_BAGUETTE, CROISSANT], 2);
    const shown = till.holder.state.catalog;
    await till.startup.rereadCatalog(2);
    expect(till.holder.state.catalog).toBe(shown);
    await storeCatalog(till.db, [CROISSANT], { configId: 1, version: 3 });
    await till.startup.rereadCatalog(3);
    expect(names(till.holder.state.catalog)).toEqual(['Croissant 140']);
  });

  it('the price of a line is never changed under the cashier: the newer catalog waits, the sale is paid at the price the line was added at', async () => {
    const till = await startedTill();
    expect(till.sale.addProduct(BAGUETTE)).toBe(true);
    await newerCatalogArrives(till, [DEARER_BAGUETTE, CROISSANT], 2);

    expect(names(till.holder.state.catalog)).toEqual(['Baguette 120']);
    expect(till.holder.state.cart).toEqual([
      expect.objectContaining({ productId: 1, name: 'Baguette', unitPrice: 120, quantity: 1 }),
    ]);
    expect(till.sale.addProduct(BAGUETTE)).toBe(true); // the grid the cashier sees is the old one
    expect(await till.sale.pay([{ method: 'cash', amount: 240 }])).toBe(true);

    expect(till.holder.state.lastReceipt?.lines).toEqual([
      expect.objectContaining({ name: 'Baguette', unitPrice: 120, quantity: 2 }),
    ]);
    expect(till.holder.state.lastReceipt?.amountTotal).toBe(240);
    expect(names(till.holder.state.catalog)).toEqual(['Baguette 150', 'Croissant 140']);
  });

  it('a cart cleared by the cashier shows the newer catalog at once', async () => {
    const till = await startedTill();
    till.sale.addProduct(BAGUETTE);
    await newerCatalogArrives(till, [CROISSANT], 2);
    expect(names(till.holder.state.catalog)).toEqual(['Baguette 120']);
    till.sale.clearCart();
    expect(names(till.holder.state.catalog)).toEqual(['Croissant 140']);
  });

  it('removing the last line empties the cart too: the newer catalog shows', async () => {
    const till = await startedTill();
    till.sale.addProduct(BAGUETTE);
    await newerCatalogArrives(till, [CROISSANT], 2);
    till.sale.removeLine(0);
    expect(names(till.holder.state.catalog)).toEqual(['Croissant 140']);
  });

  it('an archived product leaves the grid at the swap (the catalog stored without it)', async () => {
    const till = await startedTill();
    await newerCatalogArrives(till, [CROISSANT], 2);
    expect(till.holder.state.catalog.some((p) => p.name === 'Baguette')).toBe(false);
  });

  it('a page that missed the message picks the newer catalog up at its periodic re-read', async () => {
    const till = await startedTill();
    await storeCatalog(till.db, [CROISSANT], { configId: 1, version: 2 });
    const reread = till.timers.live().find((t) => t.repeat && t.ms === REREAD_INTERVAL_MS);
    if (!reread) throw new Error('no periodic re-read');
    reread.run();
    await waitFor('the newer catalog', () => till.holder.state.catalog[0]?.name === 'Croissant');
  });

  it('the start-up refresh leaves a versioned catalog to the session checks (no second catalog request)', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    await storeCatalog(db, [BAGUETTE], { configId: 1, version: 3 });
    const server = tillServer({ products: [CROISSANT] });
    const till = makeTill(db, { fetch: server.fetch });
    await till.lifecycle.start();
    await waitFor('the start-up', () => till.holder.state.refreshed);
    expect(server.requests.map((r) => r.url.pathname)).not.toContain('/api/configs/1/products');
    expect(till.bridge.sent).toContainEqual({ type: 'check-now' });
    expect(names(till.holder.state.catalog)).toEqual(['Baguette 120']);
  });

  it('an unversioned catalog is stored with the version of the session the start-up read', async () => {
    const db: PosDb = await openTestDb();
    await seedPairedTill(db);
    const server = tillServer({ products: [CROISSANT], currentSessionId: 43 });
    server.state.session = { ...server.state.session, id: 43, catalogVersion: 5 };
    const till = makeTill(db, { fetch: server.fetch });
    await till.lifecycle.start();
    await waitFor('the start-up', () => till.holder.state.refreshed);
    expect(await getCatalogVersion(db)).toBe(5);
    expect(names(till.holder.state.catalog)).toEqual(['Croissant 140']);
  });

  it('a refresh from the server that lands mid-sale leaves the grid alone until the cart is empty', async () => {
    const till = await startedTill({ online: false });
    till.sale.addProduct(BAGUETTE);
    till.server.state.products = [CROISSANT];
    till.net.online = true;
    till.events.window.dispatchEvent(new Event('online'));
    await waitFor('the catalog stored', async () => (await listCatalog(till.db))[0]?.name === 'Croissant');
    await till.startup.rereadCatalog();
    expect(names(till.holder.state.catalog)).toEqual(['Baguette 120']);
    till.sale.clearCart();
    expect(names(till.holder.state.catalog)).toEqual(['Croissant 140']);
  });
});
