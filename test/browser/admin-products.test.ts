import { describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Product } from '../../src/domain/product.js';
import type { PosConfig } from '../../src/domain/pos-config.js';
import { openSection, useAdminSuite, waitForCurrent, type AdminSuite } from './admin-kit.js';
import { seriousViolations } from './axe-kit.js';
import {
  CATALOG_SEEN_WITHIN_MS,
  markWindow,
  serverCatalogVersion,
  stillTheSameWindow,
  storedCatalogVersion,
} from './catalog-kit.js';
import {
  api,
  openTill,
  pairDevice,
  SEED_CONFIG_ID,
  sellCash,
  TEST_ADMIN_TOKEN,
  type TestServer,
  waitFor,
} from './harness.js';

/**
 * The back office's catalog: the Products section of a register (list, add, edit, archive,
 * restore, CSV import) and the Registers section's New register form, as a manager uses them,
 * checked against the real server's catalog and an open till of the register.
 */
let server: TestServer;
let openAdminPage: AdminSuite['openAdminPage'];
let context: BrowserContext;
const use = (suite: AdminSuite) => ({ server, openAdminPage, context } = suite);

/** A valid EAN-13 (its check digit is right), and the same with a wrong check digit. */
const EAN = '4006381333931';
const BAD_EAN = '4006381333932';

/** The back office, signed in, on its Products section. */
async function openProducts(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const admin = await openAdminPage();
  await openSection(admin.page, 'Products');
  await admin.page.getByRole('heading', { name: 'Products of Main counter' }).waitFor({ timeout: 10_000 });
  await admin.page.getByRole('rowheader', { name: 'Baguette tradition' }).waitFor({ timeout: 10_000 });
  return admin;
}

/** The config's catalog as the server keeps it, archived products included. */
function catalog(configId: number | string = SEED_CONFIG_ID): Promise<Product[]> {
  return api<Product[]>(server, 'GET', `/api/configs/${configId}/products?includeArchived=1`);
}

/** Counts the requests `method` to an API path matching `path` from now on. */
function countRequests(page: Page, method: string, path: RegExp): () => number {
  let count = 0;
  page.on('request', (r) => {
    if (r.method() === method && path.test(new URL(r.url()).pathname)) count += 1;
  });
  return () => count;
}

// Each makes what it looks at (a product, a register) under a name of its own, puts back what it
// changes, or compares with what it read first: one server and one manager browser for all.
describe('on one server', () => {
  useAdminSuite(use, { share: 'file' });

  describe('the Products section', () => {
    it('a product added in the back office is listed, and a till of the register gets it from the API', async () => {
      const tablet = await pairDevice(server);
      const { page, violations } = await openProducts();
      await addInForm(page, { name: 'Tarte aux pommes', price: '12,50', barcode: EAN });
      const row = page.getByRole('row', { name: /^Tarte aux pommes/ });
      await expect(row.innerText()).resolves.toMatch(
        /Pâtisserie\s+€12\.50\s+5\.5%\s+4006381333931\s+On sale/,
      );
      // What a till of this register reads: price in minor units, tax in basis points.
      const seen = await api<Product[]>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`, undefined, {
        token: tablet.token,
      });
      expect(seen.find((p) => p.name === 'Tarte aux pommes')).toMatchObject({
        price: 1250,
        taxRate: 550,
        category: 'Pâtisserie',
        barcode: EAN,
      });
      expect(await seriousViolations(page)).toEqual([]);

      // Edit opens the same form with the product as typed; a change is saved.
      await page.getByRole('button', { name: 'Edit Tarte aux pommes' }).click();
      await expect(page.getByLabel('Price (EUR, tax included)').inputValue()).resolves.toBe('12.50');
      await page.getByLabel('Price (EUR, tax included)').fill('13');
      await page.getByRole('button', { name: 'Save product' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Tarte aux pommes saved.' })
        .waitFor({ timeout: 5_000 });
      expect((await catalog()).find((p) => p.name === 'Tarte aux pommes')?.price).toBe(1300);
      // The search finds it by name, and hides the others.
      await page.getByLabel('Search products').fill('tarte');
      await waitForRows(page, 1);
      expect(await violations()).toEqual([]);
    });

    it('a product added in the back office appears on an open till without a reload while its cart is empty, and only after the sale when the cart has lines', async () => {
      const till = await openTill(context, server.url);
      await markWindow(till);
      const { page } = await openProducts();

      // The cart is empty: the till shows the product as soon as it hears of the change.
      await addInForm(page, { name: 'Kouign-amann', price: '3,80' });
      await tile(till, 'Kouign-amann').waitFor({ timeout: CATALOG_SEEN_WITHIN_MS });

      // A line in the cart: the till stores the new catalog but keeps the grid it sells from.
      await tile(till, 'Baguette tradition').click();
      await till.getByRole('button', { name: 'Pay €1.25' }).waitFor();
      await addInForm(page, { name: 'Far breton', price: '2,90' });
      const version = await serverCatalogVersion(server);
      await waitFor(
        'the new catalog stored on the tablet',
        async () => (await storedCatalogVersion(till)) === version,
        CATALOG_SEEN_WITHIN_MS,
      );
      // Stored, and held back from the grid while the cart has a line: still absent a second later.
      await till.waitForTimeout(1_000);
      expect(await tile(till, 'Far breton').count()).toBe(0);

      await sellCash(till, []);
      await tile(till, 'Far breton').waitFor({ timeout: 5_000 });
      expect(await stillTheSameWindow(till)).toBe(true);
    });

    it('a price of 2.505 € is refused at its field and nothing is sent; the server’s refusals land on their field too', async () => {
      const { page } = await openProducts();
      const before = await catalog();
      const posts = countRequests(page, 'POST', /\/products$/);
      await page.getByRole('button', { name: 'Add product' }).click();
      const price = page.getByLabel('Price (EUR, tax included)');
      await page.getByLabel('Name').fill('Éclair au café');
      await page.getByLabel('Category').fill('Pâtisserie');
      await price.fill('2.505');
      await page.getByLabel('Tax (%)').fill('5.5');
      await page.getByRole('button', { name: 'Add product' }).last().click();
      await page
        .getByText('Price: an amount from 0 to €10,000,000.00 with at most 2 decimals, such as 2.50', {
          exact: true,
        })
        .waitFor({ timeout: 5_000 });
      await expect(price.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(price.inputValue()).resolves.toBe('2.505');
      expect(posts()).toBe(0);

      // A name the register already has (the server's 409) shows at the name field.
      await price.fill('2.50');
      await page.getByLabel('Name').fill('baguette TRADITION');
      await page.getByRole('button', { name: 'Add product' }).last().click();
      await page
        .getByText('Name: another product of this register already has this name', { exact: true })
        .waitFor({ timeout: 5_000 });
      await expect(page.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');

      // A barcode whose check digit is wrong (the server's 400 naming the field) shows at the barcode.
      await page.getByLabel('Name').fill('Éclair au café');
      await page.getByLabel('Barcode (optional)').fill(BAD_EAN);
      await page.getByRole('button', { name: 'Add product' }).last().click();
      await page
        .getByText('Barcode: an EAN-13, EAN-8 or UPC-A barcode with its check digit, or empty for none', {
          exact: true,
        })
        .waitFor({ timeout: 5_000 });
      expect(posts()).toBe(2);
      expect(await seriousViolations(page)).toEqual([]);
      // Nothing was saved.
      expect(await catalog()).toEqual(before);
    });

    it('archive takes a product off the tills and marks it archived; restore puts it back', async () => {
      const { page } = await openProducts();
      await page.getByRole('button', { name: 'Archive Baguette tradition' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Baguette tradition archived.' })
        .waitFor({ timeout: 5_000 });
      const row = page.getByRole('row', { name: /^Baguette tradition/ });
      await expect(row.innerText()).resolves.toMatch(/Archived/);
      const active = await api<Product[]>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`);
      expect(active.some((p) => p.name === 'Baguette tradition')).toBe(false);
      expect((await catalog()).find((p) => p.name === 'Baguette tradition')?.archived).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Restore Baguette tradition' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Baguette tradition restored.' })
        .waitFor({ timeout: 5_000 });
      await expect(row.innerText()).resolves.toMatch(/On sale/);
      const again = await api<Product[]>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`);
      expect(again.some((p) => p.name === 'Baguette tradition')).toBe(true);
    });
  });

  describe('the Products section in French', () => {
    it('speaks French, prices and tax rates written the French way, and a price typed with a comma is read exactly', async () => {
      const { page, violations } = await openAdminPage({
        locale: 'fr-FR',
        path: `/admin#/products&token=${TEST_ADMIN_TOKEN}`,
      });
      await page.getByRole('heading', { name: 'Produits de Main counter' }).waitFor({ timeout: 10_000 });
      await expect(page.getByRole('row', { name: /^Baguette tradition/ }).innerText()).resolves.toMatch(
        /1,25\s€\s+5,5\s%/,
      );
      await page.getByRole('button', { name: 'Ajouter un produit' }).click();
      await page.getByLabel('Nom', { exact: true }).fill('Galette des rois');
      await page.getByLabel('Catégorie').fill('Pâtisserie');
      await page.getByLabel('Prix (EUR, TTC)').fill('2,505');
      await page.getByLabel('TVA (%)').fill('5,5');
      await page.getByRole('button', { name: 'Ajouter un produit' }).last().click();
      await page
        .getByText('Prix : un montant de 0 à 10 000 000,00 € avec au plus 2 décimales, comme 2,50', {
          exact: true,
        })
        .waitFor({ timeout: 5_000 });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel('Prix (EUR, TTC)').fill('18,90');
      await page.getByRole('button', { name: 'Ajouter un produit' }).last().click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Galette des rois ajouté.' })
        .waitFor({ timeout: 5_000 });
      expect((await catalog()).find((p) => p.name === 'Galette des rois')?.price).toBe(1890);
      expect(await violations()).toEqual([]);
    });
  });

  describe('sections', () => {
    it('the section is in the address: a reload and a shared link open it again, Back returns to the previous one', async () => {
      const { page, violations } = await openAdminPage({
        path: `/admin#/products&token=${TEST_ADMIN_TOKEN}`,
      });
      await waitForCurrent(page, 'Products');
      await page.getByRole('heading', { name: 'Products of Main counter' }).waitFor({ timeout: 10_000 });
      // The token left the address; the section stayed.
      expect(new URL(page.url()).hash).toBe('#/products');
      await page.reload();
      await waitForCurrent(page, 'Products');
      await page.getByRole('heading', { name: 'Products of Main counter' }).waitFor({ timeout: 10_000 });

      await openSection(page, 'Devices');
      expect(new URL(page.url()).hash).toBe('#/devices');
      await page.goBack();
      await waitForCurrent(page, 'Products');
      await page.goForward();
      await waitForCurrent(page, 'Devices');
      await page.getByRole('heading', { name: 'Devices' }).waitFor();

      // An address it does not know opens the first section.
      await page.evaluate(() => (location.hash = '#/nowhere'));
      await waitForCurrent(page, 'Registers');
      await page.getByRole('heading', { name: 'Registers' }).waitFor();
      expect(await violations()).toEqual([]);
    });

    it('every section fits a 1024 × 768 screen: the page never scrolls sideways and its main controls are in view', async () => {
      const { page, violations } = await openAdminPage();
      await page.setViewportSize({ width: 1024, height: 768 });
      await waitForCurrent(page, 'Registers');
      for (const [section, controls] of SECTION_CONTROLS) {
        await openSection(page, section);
        const signOut = page.getByRole('button', { name: 'Sign out' });
        for (const control of [signOut, ...controls(page)]) await expectInView(page, control);
        const { scrollWidth, clientWidth } = await pageWidths(page);
        expect(scrollWidth, `${section} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
      }
      expect(await violations()).toEqual([]);
    });

    it('the sections are reached from the keyboard, and the open one is announced as the current page', async () => {
      const { page } = await openAdminPage();
      await waitForCurrent(page, 'Registers');
      const products = page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Products' });
      await products.focus();
      await page.keyboard.press('Enter');
      await waitForCurrent(page, 'Products');
      await expect(products.getAttribute('aria-current')).resolves.toBe('page');
    });
  });

  describe('the New register form', () => {
    it('a new register is listed, chosen at once in every section, and keeps the section when switching back', async () => {
      const { page, violations } = await openAdminPage();
      await page.getByRole('heading', { name: 'New register' }).waitFor({ timeout: 10_000 });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel('Name').fill('Terrace');
      await page.getByLabel('Currency (ISO 4217 code)').fill('chf');
      await page.getByRole('button', { name: 'Create register' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Register Terrace created.' })
        .waitFor({ timeout: 5_000 });
      const configs = await api<PosConfig[]>(server, 'GET', '/api/configs');
      const terrace = configs.find((c) => c.name === 'Terrace');
      expect(terrace).toMatchObject({ currency: 'CHF', checkSessionStateFrequency: 60 });
      await page.getByRole('rowheader', { name: 'Terrace' }).waitFor();

      // Chosen at once: the Products section shows it (its catalog is empty), in its currency.
      await openSection(page, 'Products');
      await page.getByRole('heading', { name: 'Products of Terrace' }).waitFor({ timeout: 5_000 });
      await page.getByText('No product yet: add one or import a CSV file.').waitFor({ timeout: 5_000 });
      await page.getByRole('button', { name: 'Add product' }).click();
      await page.getByLabel('Price (CHF, tax included)').waitFor();
      // Switching register keeps the section.
      await page
        .getByRole('navigation', { name: 'POS configs' })
        .getByRole('button', { name: 'Main counter' })
        .click();
      await page.getByRole('heading', { name: 'Products of Main counter' }).waitFor({ timeout: 5_000 });
      await waitForCurrent(page, 'Products');
      expect(await violations()).toEqual([]);
    });

    it('a new register copying another’s catalog starts with its products, archived ones included', async () => {
      await api(
        server,
        'PATCH',
        `/api/products/${(await catalog()).find((p) => p.name === 'Pain au chocolat')?.id}`,
        {
          archived: true,
        },
      );
      const source = await catalog();
      const { page } = await openAdminPage();
      await page.getByRole('heading', { name: 'New register' }).waitFor({ timeout: 10_000 });
      await page.getByLabel('Name').fill('Patio');
      await page.getByLabel('Currency (ISO 4217 code)').fill('EUR');
      await page.getByLabel('Copy the catalog from').selectOption({ label: 'Main counter' });
      await page.getByRole('button', { name: 'Create register' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Register Patio created.' })
        .waitFor({ timeout: 5_000 });
      const patio = (await api<PosConfig[]>(server, 'GET', '/api/configs')).find((c) => c.name === 'Patio');
      if (!patio) throw new Error('no Patio register');
      const copied = await catalog(patio.id);
      const fields = (list: Product[]) =>
        list
          .map(({ name, price, taxRate, category, barcode, archived }) => ({
            name,
            price,
            taxRate,
            category,
            barcode,
            archived,
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
      expect(fields(copied)).toEqual(fields(source));
      // New products, not the other register's.
      expect(copied.some((p) => source.some((q) => String(q.id) === String(p.id)))).toBe(false);

      await openSection(page, 'Products');
      await page.getByRole('heading', { name: 'Products of Patio' }).waitFor({ timeout: 5_000 });
      await page.getByRole('rowheader', { name: 'Baguette tradition' }).waitFor({ timeout: 5_000 });
      await expect(page.getByRole('row', { name: /^Pain au chocolat/ }).innerText()).resolves.toMatch(
        /Archived/,
      );
    });

    it('a bad currency and a name in use are refused at their fields, and no register is made', async () => {
      const registerNames = async () =>
        (await api<PosConfig[]>(server, 'GET', '/api/configs')).map((c) => c.name);
      const before = await registerNames();
      expect(before).toContain('Main counter');
      const { page } = await openAdminPage();
      await page.getByRole('heading', { name: 'New register' }).waitFor({ timeout: 10_000 });
      await page.getByLabel('Name').fill('Main counter');
      await page.getByLabel('Currency (ISO 4217 code)').fill('€');
      await page.getByRole('button', { name: 'Create register' }).click();
      const currency = page.getByLabel('Currency (ISO 4217 code)');
      await page
        .getByText('Currency: a currency code of 3 letters (ISO 4217), such as EUR, USD or JPY', {
          exact: true,
        })
        .waitFor({ timeout: 5_000 });
      await expect(currency.getAttribute('aria-invalid')).resolves.toBe('true');
      await currency.fill('EUR');
      await page.getByRole('button', { name: 'Create register' }).click();
      await page
        .getByText('Name: another POS config already has this name', { exact: true })
        .waitFor({ timeout: 5_000 });
      await expect(page.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await registerNames()).toEqual(before);
    });
  });
});

/**
 * Adds a product through the Products section's form as a manager types it (category Pâtisserie,
 * tax 5.5 %, `price` in EUR as typed) and waits until the section says it was added.
 */
async function addInForm(page: Page, product: { name: string; price: string; barcode?: string }) {
  await page.getByRole('button', { name: 'Add product' }).click();
  await page.getByLabel('Name').fill(product.name);
  await page.getByLabel('Category').fill('Pâtisserie');
  await page.getByLabel('Price (EUR, tax included)').fill(product.price);
  await page.getByLabel('Tax (%)').fill('5.5');
  if (product.barcode !== undefined) await page.getByLabel('Barcode (optional)').fill(product.barcode);
  await page.getByRole('button', { name: 'Add product' }).last().click();
  await page
    .getByRole('status')
    .filter({ hasText: `${product.name} added.` })
    .waitFor({ timeout: 5_000 });
}

/** A till's tile of the product named `name`. */
const tile = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Each section of the back office, and the controls a manager comes to it for. */
const SECTION_CONTROLS: [string, (page: Page) => Locator[]][] = [
  ['Registers', (page) => [page.getByLabel('Name'), page.getByRole('button', { name: 'Create register' })]],
  [
    'Products',
    (page) => [
      page.getByLabel('Search products'),
      page.getByRole('button', { name: 'Add product' }),
      page.getByRole('button', { name: 'Export CSV' }),
      page.getByLabel('CSV file'),
      page.getByRole('button', { name: 'Archive Baguette tradition' }),
    ],
  ],
  [
    'Sessions',
    (page) => [
      page.getByRole('button', { name: 'Refresh sessions' }),
      page.getByRole('button', { name: 'Close session' }),
    ],
  ],
  [
    'Day report',
    (page) => [page.getByLabel('Day', { exact: true }), page.getByRole('button', { name: 'Print' })],
  ],
  ['Devices', (page) => [page.getByRole('button', { name: 'Pair a device' })]],
  ['Settings', (page) => [page.getByLabel('Name'), page.getByRole('button', { name: 'Save', exact: true })]],
];

/** Waits until `control` is shown, then checks it lies within the viewport's width. */
async function expectInView(page: Page, control: Locator): Promise<void> {
  await control.waitFor({ timeout: 10_000 });
  const box = await control.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box && box.x >= 0 && box.x + box.width <= width, String(control)).toBe(true);
}

/** The page's scrolling box: a scroll width over its client width is a sideways scroll. */
function pageWidths(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

/** Waits until the products table shows `count` rows of products. */
async function waitForRows(page: Page, count: number): Promise<void> {
  const rows = page.locator('pos-admin-products tbody tr');
  await waitFor(`${count} product rows`, async () => (await rows.count()) === count, 5_000, 50);
}
