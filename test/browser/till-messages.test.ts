import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  api,
  dialogText,
  openTill,
  orderWriterOf,
  readOutbox,
  sellCash,
  setFrequency,
  setSessionState,
  statusText,
  waitFor,
  type TestServer,
  useChromium,
  useTillSuite,
} from './harness.js';

/**
 * What the till tells the cashier and where: a sale refused before money changes hands, messages
 * in one line that go away by themselves, the blocking dialog that says what matters next, the
 * Held orders button out of the way of a payment, and never an exception's text.
 */

let server: TestServer;
let context: BrowserContext;
const chromium = useChromium();

const PIN = '2468';
const payButton = (page: Page) => page.getByRole('button', { name: /^Pay / });

/** Height (px) of the element `selector` of the shell (its shadow root). */
async function shellBoxHeight(page: Page, selector: string): Promise<number> {
  return page
    .locator('pos-app')
    .evaluate(
      (app, sel) => app.shadowRoot?.querySelector(sel)?.getBoundingClientRect().height ?? -1,
      selector,
    );
}

/** Every add to the `orders` store throws, as a broken disk does (run in the page and the order writer). */
function breakOrderWrites(): void {
  const original = IDBObjectStore.prototype.add;
  IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (this.name === 'orders') throw new DOMException('broken disk', 'UnknownError');
    return original.apply(this, args);
  };
}

describe('a sale refused before the money is taken', () => {
  useTillSuite((suite) => ({ server, context } = suite), { chromium });

  it('sales paused for an unverified session: Pay is disabled with the reason beside it, the cart stays, and it all goes away by itself once verified', async () => {
    await api(server, 'PATCH', '/api/configs/1', { checkSessionStateFrequency: 5, maxUnverifiedSeconds: 6 });
    const page = await openTill(context, server.url);
    await context.route('**/api/**', (route) => route.abort('connectionrefused')); // the LAN is up, the server is not
    await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();

    const reason = page
      .getByText(/Sales are paused: the session has not been verified for more than 6 s/)
      .first();
    await reason.waitFor({ timeout: 20_000 });
    expect(await payButton(page).isDisabled()).toBe(true);
    // The customer's goods can still be rung up while the network comes back; the cart is kept.
    await page.getByRole('button', { name: 'Pain au chocolat', exact: true }).click();
    await payButton(page).filter({ hasText: '€2.50' }).waitFor();
    expect(await readOutbox(page)).toEqual([]);

    await context.unroute('**/api/**');
    await waitFor('Pay enabled again', async () => !(await payButton(page).isDisabled()), 20_000);
    expect(await page.getByText(/Sales are paused/).count()).toBe(0);
    expect(await statusText(page)).not.toContain('Sales paused');
    await payButton(page).click();
    await page.getByRole('button', { name: /^Exact/ }).click();
    await page.getByRole('button', { name: 'Confirm payment' }).click();
    await page.getByRole('button', { name: 'New sale' }).waitFor({ timeout: 15_000 });
  });
});

describe('messages that respect the sale', () => {
  useTillSuite((suite) => ({ server, context } = suite), { chromium });

  it('a message on screen speaks the language the cashier switches to (the storage warning, shown in English, reads in French)', async () => {
    await context.addInitScript(() => {
      navigator.storage.persisted = async () => false;
      navigator.storage.persist = async () => false;
    });
    const page = await openTill(context, server.url);
    await sellCash(page, ['Baguette tradition']);
    await page.getByText(/The browser may clear this till’s data/).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByText(/Le navigateur peut effacer les données de la caisse/).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Fermer' }).first().waitFor();
  });

  it('a rescue while the server cannot be reached says so in the cashier\'s words, in French too, never "TypeError: Failed to fetch"', async () => {
    await setFrequency(server, 1, 5);
    await api(server, 'PATCH', '/api/configs/1', { managerPin: PIN });
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    await sellCash(page, ['Baguette tradition']);
    await setSessionState(server, 1, 'closed');
    await context.setOffline(false);
    await waitFor('1 held', async () => (await statusText(page)).includes('1 held'), 30_000);
    await context.route('**/api/sessions/*/rescue', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: /^Held orders/ }).click();
    await page.getByLabel('Manager PIN').fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Rescue' }).click();
    const failure = page.getByRole('dialog', { name: 'Held orders' }).getByText(/the rescue failed/);
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toMatch(
      /the rescue failed \(the server cannot be reached\)\. The orders are still held\./,
    );
    expect(await page.locator('body').evaluate(() => document.body.innerText)).not.toMatch(
      /TypeError|Failed to fetch/,
    );
  });
});

describe('the blocking dialog tells what matters next', () => {
  useTillSuite((suite) => ({ server, context } = suite), { chromium });

  it('names how many orders this tablet holds and, once the register has a new session, that Reload continues in it', async () => {
    await setFrequency(server, 1, 5);
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    await sellCash(page, ['Baguette tradition']);
    await sellCash(page, ['Pain au chocolat']);
    await setSessionState(server, 1, 'closed');
    await context.setOffline(false);
    await waitFor('the dialog', async () => (await dialogText(page))?.includes('is closed'), 30_000);
    await waitFor(
      '2 held',
      async () => (await dialogText(page))?.includes('This tablet holds 2 orders not yet on the server'),
      30_000,
    );
    expect(await dialogText(page)).toContain('When a manager has opened a new session, press Reload.');

    const opened = await api<{ id: number; name: string }>(server, 'POST', '/api/configs/1/sessions', {
      state: 'opened',
    });
    await waitFor(
      'the new session named',
      async () =>
        (await dialogText(page))?.includes(
          `Session ${opened.name} is now the register's session: press Reload to continue in it.`,
        ),
      15_000,
    );
    // The Held orders button stays reachable above the dialog, with its count in its name.
    await page.getByRole('button', { name: 'Held orders 2 waiting for a manager' }).waitFor();

    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('button', { name: 'Baguette tradition', exact: true }).waitFor({ timeout: 15_000 });
    await waitFor(
      'selling in the new session',
      async () => (await statusText(page)).includes(`Session ${opened.name}`),
      15_000,
    );
    expect(await dialogText(page)).toBeNull();
  });
});

// Neither changes the config, the session or the language, nor stubs anything beyond its own tab.
describe('on a tablet these tests share', () => {
  useTillSuite((suite) => ({ server, context } = suite), { share: 'file', chromium });

  describe('messages that respect the sale', () => {
    it('two messages at once (a failed payment and the storage warning) take one line on a 1280 × 800 tablet, one after the other', async () => {
      const page = await openTill(context, server.url, {
        beforeLoad: (tab) =>
          tab.addInitScript(() => {
            navigator.storage.persisted = async () => false;
            navigator.storage.persist = async () => false;
          }),
      });
      const sold = (await readOutbox(page)).length; // another test of the shared tablet may have sold
      const oneLine = await shellBoxHeight(page, 'pos-alert-strip');
      await sellCash(page, ['Baguette tradition']);
      await page.getByText(/The browser may clear this till’s data/).waitFor({ timeout: 5_000 });
      const tallOne = await shellBoxHeight(page, 'pos-alert-strip');

      // A payment that fails: its message joins the warning, in the same line.
      // Broken for the page and for the worker that writes its sales.
      await page.evaluate(breakOrderWrites);
      await (await orderWriterOf(page)).evaluate(breakOrderWrites);
      await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
      await payButton(page).click();
      await page.getByRole('button', { name: /^Exact/ }).click();
      await page.getByRole('button', { name: 'Confirm payment' }).click();
      await page
        .getByRole('dialog')
        .getByText(/could not be saved on this device/)
        .waitFor({ timeout: 5_000 });
      await page.getByRole('button', { name: 'Cancel' }).click();

      const strip = page.locator('pos-alert-strip');
      await strip.getByText(/could not be saved on this device: the cart is kept/).waitFor();
      expect(await shellBoxHeight(page, 'pos-alert-strip')).toBe(tallOne);
      expect(tallOne).toBeLessThan(70);
      expect(oneLine).toBe(0);
      expect(await shellBoxHeight(page, 'pos-status-bar')).toBeLessThan(60);
      await strip.getByRole('button', { name: 'Next message (1 of 2)' }).click();
      await strip.getByText(/The browser may clear this till’s data/).waitFor();
      // The cart is kept, and nothing was recorded.
      await payButton(page).filter({ hasText: '€1.25' }).waitFor();
      expect(await readOutbox(page)).toHaveLength(sold + 1);
    });
  });

  describe('the Held orders button', () => {
    it('stays out of the way of the payment panel: nothing of it shows above the panel', async () => {
      const page = await openTill(context, server.url);
      const trigger = page.getByRole('button', { name: /^Held orders/ });
      const box = await trigger.boundingBox();
      if (!box) throw new Error('no Held orders button');
      await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
      await payButton(page).click();
      await page.getByRole('dialog', { name: 'Payment' }).waitFor();
      const onTop = await page.evaluate(
        ({ x, y }) => {
          let el: Element | null = document.elementFromPoint(x, y);
          while (el?.shadowRoot) {
            const inner: Element | null = el.shadowRoot.elementFromPoint(x, y);
            if (!inner || inner === el) break;
            el = inner;
          }
          return el?.closest('pos-held-orders') !== null || el?.classList.contains('trigger') === true;
        },
        { x: box.x + box.width / 2, y: box.y + box.height / 2 },
      );
      expect(onTop).toBe(false);
    });
  });
});
