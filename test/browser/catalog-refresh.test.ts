import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { bumpCatalogVersion } from '../../server/db/configs-repo.js';
import {
  api,
  openTill,
  readOutbox,
  SEED_CONFIG_ID,
  serverOrders,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';
import {
  CATALOG_SEEN_WITHIN_MS,
  markWindow,
  serverCatalogVersion,
  stillTheSameWindow,
  storedCatalogVersion,
} from './catalog-kit.js';

let server: TestServer;
let context: BrowserContext;
const use = (suite: { server: TestServer; context: BrowserContext }) => ({ server, context } = suite);

/** A product of the seeded config as the back office lists it. */
interface ListedProduct {
  id: number;
  name: string;
  price: number;
}

/** The seeded config's product named `name` (the manager's view, archived ones included). */
async function productNamed(name: string): Promise<ListedProduct> {
  const all = await api<ListedProduct[]>(
    server,
    'GET',
    `/api/configs/${SEED_CONFIG_ID}/products?includeArchived=1`,
  );
  const found = all.find((p) => p.name === name);
  if (!found) throw new Error(`no product ${name}`);
  return found;
}

/** Adds a product to the seeded config through the API, as the back office does. */
async function addProduct(name: string, price: number): Promise<void> {
  await api(server, 'POST', `/api/configs/${SEED_CONFIG_ID}/products`, {
    name,
    price,
    taxRate: 550,
    category: 'Bakery',
  });
}

/** Changes a product of the seeded config through the API (`PATCH /api/products/:id`). */
async function patchProduct(name: string, patch: { price?: number; archived?: boolean }): Promise<void> {
  await api(server, 'PATCH', `/api/products/${(await productNamed(name)).id}`, patch);
}

const tile = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

describe('tills pick up catalog changes between sales', () => {
  // Each adds products under names of its own, archives or reprices products the others do not
  // use, counts the catalog from what it read first, and finds its sale by its uuid: one server
  // and one tablet for all.
  useTillSuite(use, { share: 'file' });

  it('a product added through the product API appears on an open till without a reload while its cart is empty; an archived one leaves it', async () => {
    // The config checks every 60 s (the default): the change arrives through the event stream.
    const page = await openTill(context, server.url);
    await markWindow(page);
    expect(await tile(page, 'Pain aux noix').count()).toBe(0);

    await addProduct('Pain aux noix', 390);
    await tile(page, 'Pain aux noix').waitFor({ timeout: CATALOG_SEEN_WITHIN_MS });

    // Not the product the other tests sell (they share this server).
    await patchProduct('Pain au chocolat', { archived: true });
    await tile(page, 'Pain au chocolat').waitFor({ state: 'detached', timeout: CATALOG_SEEN_WITHIN_MS });

    expect(await stillTheSameWindow(page)).toBe(true);
    expect(await storedCatalogVersion(page)).toBe(await serverCatalogVersion(server));
  });

  it('with lines in the cart the change shows only after the sale, and the sale keeps the price the line was added at', async () => {
    const page = await openTill(context, server.url);
    await markWindow(page);
    await tile(page, 'Baguette tradition').click();
    await page.getByRole('button', { name: 'Pay €1.25' }).waitFor();

    await addProduct('Pain aux figues', 390);
    await patchProduct('Baguette tradition', { price: 150 });

    // The tablet stored the new catalog, and the grid the cashier is selling from stays as it was.
    const version = await serverCatalogVersion(server);
    await waitFor(
      'the new catalog stored on the tablet',
      async () => (await storedCatalogVersion(page)) === version,
      CATALOG_SEEN_WITHIN_MS,
    );
    expect(await tile(page, 'Pain aux figues').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Pay €1.25' }).count()).toBe(1);

    const before = new Set((await readOutbox(page)).map((o) => o.uuid));
    await page.getByRole('button', { name: 'Pay €1.25' }).click();
    await page.getByRole('button', { name: /^Exact/i }).click();
    await page
      .getByRole('button', { name: /^(Confirm|Pay)/ })
      .last()
      .click();
    await page.getByRole('button', { name: /New sale/i }).waitFor({ timeout: 15_000 });

    // Right after the sale: the new product, and the new price on the next line.
    await tile(page, 'Pain aux figues').waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: /New sale/i }).click();
    await tile(page, 'Baguette tradition').click();
    await page.getByRole('button', { name: 'Pay €1.50' }).waitFor();
    expect(await stillTheSameWindow(page)).toBe(true);

    // The order the server received is what the customer paid: the line at its old price.
    const [sold, ...more] = (await readOutbox(page)).filter((o) => !before.has(o.uuid));
    if (!sold || more.length > 0) throw new Error('not one new order in the outbox');
    const config = await api<{ currentSessionId: number }>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
    const order = await waitFor('the sale on the server', async () =>
      (await serverOrders(server, config.currentSessionId)).find((o) => o.uuid === sold.uuid),
    );
    expect(order.lines).toEqual([
      expect.objectContaining({ name: 'Baguette tradition', unitPrice: 125, quantity: 1 }),
    ]);
    expect(order.amountTotal).toBe(125);
  });

  it('a large catalog renders its first tiles and says how many are out of sight; Show more and a search reach the others', async () => {
    // The products on sale before it: the seeded 48, and what the tests before added or archived.
    const before = (await api<ListedProduct[]>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`))
      .length;
    const { db } = server.running().database;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('products')
        .values(
          Array.from({ length: 150 }, (_, i) => ({
            config_id: SEED_CONFIG_ID,
            name: `Extra ${String(i).padStart(3, '0')}`,
            price: 100,
            tax_rate: 550,
            category: 'Extras',
            barcode: null,
          })),
        )
        .execute();
      await bumpCatalogVersion(trx, SEED_CONFIG_ID);
    });
    const page = await openTill(context, server.url);
    const total = 150 + before;
    await page.getByText(`120 of ${total} products shown`).waitFor();
    expect(await page.locator('pos-product-grid button.tile').count()).toBe(120);
    await page.getByRole('button', { name: 'Show more', exact: true }).click();
    await tile(page, 'Extra 149').waitFor();
    expect(await page.getByRole('button', { name: 'Show more', exact: true }).count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search by name or barcode' }).fill('extra 14');
    expect(await page.locator('pos-product-grid button.tile').count()).toBe(10);
  });
});
