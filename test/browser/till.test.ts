import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { openTill, sellCash, type TestServer, useChromium, useTillSuite, waitFor } from './harness.js';
import { code128Modules } from '../../src/ui/receipt-barcode.js';

let server: TestServer;
let context: BrowserContext;
// One Chromium for the file; the tests that need nothing but a paired till share one tablet.
const chromium = useChromium();

/** Outbox orders as stored, with the fields these tests read. */
async function storedOrders(
  page: Page,
): Promise<{ uuid: string; reference: string; amountTotal: number; lines: { discount: number }[] }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const req = open.result.transaction('orders').objectStore('orders').getAll();
          req.onsuccess = () => resolve((req.result as { order: never }[]).map((e) => e.order));
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
  );
}

/**
 * The one order `sell` stored on the tablet (earlier tests of the shared tablet stored others);
 * fails when it stored none or several.
 */
async function orderStoredBy(page: Page, sell: () => Promise<void>) {
  const before = new Set((await storedOrders(page)).map((o) => o.uuid));
  await sell();
  const added = (await storedOrders(page)).filter((o) => !before.has(o.uuid));
  expect(added).toHaveLength(1);
  return added[0];
}

async function tap(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

/** Sizes of every visible, enabled control under `root` (shadow roots included) smaller than 44 px. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (!el.matches('button, input, select, [role="tab"]')) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || el.closest('[inert]')) continue;
        if (box.width < 44 || box.height < 44)
          found.push(`${el.tagName} "${el.textContent?.trim() ?? ''}" ${box.width}×${box.height}`);
      }
    };
    walk(document);
    return found;
  });
}

describe('selling', () => {
  describe('on the tablet these tests share, each in a tab of its own', () => {
    useTillSuite((suite) => ({ server, context } = suite), { share: 'file', chromium });

    it('a line discount in percent changes the line, the total, the receipt and the stored order', async () => {
      const page = await openTill(context, server.url);
      const order = await orderStoredBy(page, async () => {
        await tap(page, 'Vin rouge Côtes du Rhône 75 cl');
        await page.getByRole('button', { name: 'Discount on Vin rouge Côtes du Rhône 75 cl' }).click();
        await page.getByRole('button', { name: '10%', exact: true }).click();
        await page.getByRole('button', { name: 'Pay €6.26' }).waitFor();

        // A typed discount replaces it.
        await page.getByRole('button', { name: 'Discount on Vin rouge Côtes du Rhône 75 cl' }).click();
        await page.getByLabel('Discount in percent').fill('20');
        await page.getByRole('button', { name: 'Apply' }).click();
        await page.getByRole('button', { name: 'Pay €5.56' }).click();
        await page.getByRole('button', { name: /^Exact/ }).click();
        await page.getByRole('button', { name: 'Confirm payment' }).click();
        const receipt = page.locator('pos-receipt');
        await receipt.getByText('discount 20%').waitFor();
      });
      expect(order?.lines[0]?.discount).toBe(20);
      expect(order?.amountTotal).toBe(556);

      // The receipt carries its reference as a Code 128 barcode, drawn to scale in its box.
      const reference = order?.reference ?? '';
      const barcode = page.locator('pos-receipt').getByRole('img', { name: `Barcode of order ${reference}` });
      expect(await barcode.getAttribute('data-modules')).toBe(code128Modules(reference));
      expect(await barcode.getAttribute('viewBox')).toMatch(/^0 0 \d+ 40$/);
      expect((await barcode.boundingBox())?.width).toBeGreaterThan(200);
    });

    it('a scanned barcode adds its product; a bad check digit or a code of the wrong length adds nothing and says why', async () => {
      const page = await openTill(context, server.url);
      const search = page.getByRole('searchbox', { name: 'Search by name or barcode' });
      const cartLines = () =>
        page.locator('pos-cart').evaluate((el) => (el as unknown as { lines: unknown[] }).lines.length);
      await search.fill('2000000000107');
      await search.press('Enter');
      await waitFor('Baguette in the cart', async () => (await cartLines()) === 1);
      await search.fill('2000000000108');
      await search.press('Enter');
      await page.getByText(/wrong check digit/).waitFor();
      await search.fill('2000000001');
      await search.press('Enter');
      await page.getByText(/not a full EAN-13, EAN-8 or UPC-A/).waitFor();
      expect(await cartLines()).toBe(1);
    });

    it('a line discounted 100 % is sold for zero: Pay opens, Confirm needs no payment, the order is stored', async () => {
      const page = await openTill(context, server.url);
      const order = await orderStoredBy(page, async () => {
        await tap(page, 'Baguette tradition');
        await page.getByRole('button', { name: 'Discount on Baguette tradition' }).click();
        await page.getByLabel('Discount in percent').fill('100');
        await page.getByRole('button', { name: 'Apply' }).click();
        await page.getByRole('button', { name: 'Pay €0.00' }).click();
        await page.getByRole('button', { name: 'Confirm payment' }).click();
        await page.getByRole('button', { name: /New sale/ }).waitFor();
      });
      expect(order?.amountTotal).toBe(0);
    });

    it('clearing the cart asks first, and keeping it keeps every line', async () => {
      const page = await openTill(context, server.url);
      await tap(page, 'Baguette tradition');
      await tap(page, 'Croissant au beurre');
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await expect(
        page.getByRole('alert').filter({ hasText: 'Remove all 2 lines from the cart?' }).isVisible(),
      ).resolves.toBe(true);
      await page.getByRole('button', { name: 'Keep the cart' }).click();
      await page.getByRole('button', { name: 'Pay €2.40' }).waitFor();

      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await page.getByRole('button', { name: 'Clear the cart' }).click();
      await page.getByText('The cart is empty').waitFor();
    });

    it('every category tab is in sight without scrolling, on a landscape and a small tablet', async () => {
      const page = await openTill(context, server.url);
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 1024, height: 600 },
        { width: 800, height: 1280 },
      ]) {
        await page.setViewportSize(viewport);
        const tablist = await page.getByRole('tablist', { name: 'Categories' }).boundingBox();
        const tabs = page.getByRole('tab');
        expect(await tabs.count()).toBe(7); // All and the seed's six categories
        const clipped: string[] = [];
        for (const tab of await tabs.all()) {
          const box = await tab.boundingBox();
          if (
            !tablist ||
            !box ||
            box.x < tablist.x ||
            box.x + box.width > tablist.x + tablist.width + 0.5 ||
            box.y + box.height > tablist.y + tablist.height + 0.5
          ) {
            clipped.push(`${(await tab.textContent())?.trim()} at ${viewport.width}×${viewport.height}`);
          }
        }
        expect(clipped).toEqual([]);
      }
    });

    it('every control is at least 44 px and nothing needs hover', async () => {
      const page = await openTill(context, server.url);
      await tap(page, 'Baguette tradition');
      await page.getByRole('button', { name: 'Discount on Baguette tradition' }).click();
      expect(await smallTargets(page)).toEqual([]);
      await page.getByRole('button', { name: /^Pay/ }).click();
      await page.getByRole('button', { name: /^Exact/ }).waitFor();
      expect(await smallTargets(page)).toEqual([]);
      const hoverRules = await page.evaluate(() => {
        const sheets: CSSStyleSheet[] = [...document.styleSheets];
        const walk = (root: Document | ShadowRoot) => {
          for (const el of root.querySelectorAll('*')) {
            if (el.shadowRoot) {
              sheets.push(...el.shadowRoot.adoptedStyleSheets);
              walk(el.shadowRoot);
            }
          }
        };
        walk(document);
        return sheets
          .flatMap((s) => [...s.cssRules].map((r) => r.cssText))
          .filter((t) => t.includes(':hover'));
      });
      expect(hoverRules).toEqual([]);
    });
  });

  // Fresh: the history counts every order of the device, and the next test needs a first visit.
  describe('on a fresh tablet', () => {
    useTillSuite((suite) => ({ server, context } = suite), { chromium });

    it('the order history of the session shows each order with its outbox state, and follows it', async () => {
      const page = await openTill(context, server.url);
      await context.setOffline(true);
      await sellCash(page, ['Baguette tradition']);
      await sellCash(page, ['Croissant au beurre', 'Croissant au beurre']);
      const [first, second] = (await storedOrders(page)).map((o) => o.reference).sort();

      await page.getByRole('button', { name: 'Orders of this session' }).click();
      const panel = page.getByRole('dialog', { name: 'Orders of this session' });
      await panel.getByText('2 orders on this device.').waitFor();
      // Newest first.
      const rows = panel.getByRole('listitem');
      await expect(rows.nth(0).textContent()).resolves.toContain(second);
      await expect(rows.nth(1).textContent()).resolves.toContain(first);
      expect(await panel.getByText('Waiting to be sent').count()).toBe(2);

      await context.setOffline(false);
      await waitFor(
        'both sent',
        async () => (await panel.getByText('Sent', { exact: true }).count()) === 2,
        15_000,
      );

      // An order's receipt, printed on 80 mm paper.
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => void (window as unknown as { printed: number }).printed++;
      });
      // The row's first button is the order itself (a sale's second is its Refund).
      await rows.nth(1).getByRole('button').first().click();
      await panel.getByText(`Order ${first}`).waitFor();
      await panel.getByRole('button', { name: 'Print' }).click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      const printed = page.locator('#print-root');
      for (const text of [
        'Main counter',
        `Order ${first}`,
        'Session Main counter/00001',
        'Baguette tradition',
        'Total',
        'Tax 5.5% included',
        'Cash',
        'Change',
      ]) {
        await expect(printed.textContent()).resolves.toContain(text);
      }
      await page.emulateMedia({ media: 'print' });
      await expect(printed.isVisible()).resolves.toBe(true);
      await expect(page.locator('pos-app').isVisible()).resolves.toBe(false);
      // 72 mm of print and 4 mm of margin on each side: the 80 mm roll (96 px per inch).
      const width = await printed.evaluate((el) => el.getBoundingClientRect().width);
      expect(Math.round(width)).toBe(Math.round((80 / 25.4) * 96));
      await page.emulateMedia({ media: 'screen' });
      await expect(printed.isVisible()).resolves.toBe(false);
    });

    it('a payment panel that could not be loaded is said, with Reload, never a till without Pay', async () => {
      // The first visit, uncontrolled: the network drops just as the till fetches its payment chunk.
      const drop = (route: Route) => route.abort('internetdisconnected');
      await context.route('**/assets/pos-payment-*.js', drop);
      const page = await openTill(context, server.url, { waitForWorker: false });
      const alert = page.getByRole('alert').filter({ hasText: 'Payment could not be loaded' });
      await alert.waitFor({ timeout: 10_000 });
      expect(await page.getByRole('button', { name: /^Pay/ }).count()).toBe(0);

      await context.unroute('**/assets/pos-payment-*.js', drop);
      await alert.getByRole('button', { name: 'Reload' }).click();
      await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
      await page.getByRole('button', { name: /^Pay/ }).first().waitFor();
      expect(await page.getByText('Payment could not be loaded').count()).toBe(0);
    });
  });
});
