import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './axe-kit.js';
import { openTillInSession } from './outbox-kit.js';
import {
  sellCash,
  setFrequency,
  setSessionState,
  statusText,
  waitFor,
  type TestServer,
  useTillSuite,
  sessionOfItsOwn,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
const use = (suite: { server: TestServer; context: BrowserContext }) => ({ server, context } = suite);

/** The element that has focus, through shadow roots: its tag and text. */
async function deepFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return `${el?.tagName ?? ''} ${el?.textContent?.trim() ?? ''}`;
  });
}

describe('accessibility', () => {
  // Each sells in (or closes) a session of its own: one server and one tablet for all.
  useTillSuite(use, { share: 'file' });

  it('axe finds no serious violation on the shell, the payment screen, the order history and the blocking dialog', async () => {
    const session = await sessionOfItsOwn(server);
    await setFrequency(server, 1, 5);
    const page = await openTillInSession(context, server.url, session);
    await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
    await page.getByRole('button', { name: 'Vin rouge Côtes du Rhône 75 cl', exact: true }).click();
    await page.getByRole('button', { name: 'Discount on Vin rouge Côtes du Rhône 75 cl' }).click();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.getByRole('button', { name: /^Exact/ }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Confirm payment' }).click();
    await page.getByRole('button', { name: 'New sale' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'New sale' }).click();

    await page.getByRole('button', { name: 'Orders of this session' }).click();
    await page.getByText('1 orders on this device.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    await setSessionState(server, session.id, 'closed');
    await page.getByRole('alertdialog').waitFor({ timeout: 10_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the blocking dialog is announced, takes focus and keeps it', async () => {
    const session = await sessionOfItsOwn(server);
    await setFrequency(server, 1, 5);
    const page = await openTillInSession(context, server.url, session);
    await setSessionState(server, session.id, 'closed');
    const dialog = page.getByRole('alertdialog', { name: 'Session closed' });
    await dialog.waitFor({ timeout: 10_000 });
    await expect(dialog.getAttribute('aria-modal')).resolves.toBe('true');
    const description = await page.evaluate(() => {
      const root = document
        .querySelector('pos-app')
        ?.shadowRoot?.querySelector('pos-session-dialog')?.shadowRoot;
      const el = root?.querySelector('[role="alertdialog"]');
      return (el?.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => root?.getElementById(id)?.textContent?.trim() ?? '');
    });
    expect(description.join(' ')).toContain(`Session ${session.name} is closed.`);
    await waitFor('focus on Reload', async () => (await deepFocus(page)) === 'BUTTON Reload');
    // Tab goes round the dialog's buttons only: Reload and the closed session's Z report.
    for (const [key, focused] of [
      ['Tab', 'BUTTON Z report'],
      ['Tab', 'BUTTON Reload'],
      ['Shift+Tab', 'BUTTON Z report'],
      ['Shift+Tab', 'BUTTON Reload'],
    ] as const) {
      await page.keyboard.press(key);
      expect(await deepFocus(page)).toBe(focused);
    }
    // A tap outside the dialog (on its backdrop, top right) does not take focus away for good.
    await page.mouse.click(1260, 20);
    await waitFor('focus back on Reload', async () => (await deepFocus(page)) === 'BUTTON Reload');
  });

  it('axe finds no serious violation with the number pad open, nor on fields that refused what was typed', async () => {
    const session = await sessionOfItsOwn(server);
    const page = await openTillInSession(context, server.url, session);
    await page.getByRole('button', { name: 'Cola 1,5 L', exact: true }).click();
    await page.getByRole('button', { name: 'Discount on Cola 1,5 L' }).click();
    await page.getByLabel('Discount in percent').fill('150');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('A discount cannot be more than 100%.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Quantity of Cola 1,5 L: 1' }).click();
    const pad = page.getByRole('dialog', { name: 'Quantity of Cola 1,5 L' });
    await pad.getByRole('button', { name: '0', exact: true }).click();
    await pad.getByRole('button', { name: 'OK' }).click();
    await pad.getByText('A quantity is at least 1.', { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await pad.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.getByLabel('Amount tendered').fill('210');
    await page.getByRole('button', { name: 'Add cash' }).click();
    await page.getByRole('group', { name: '€210.00 for €2.19?' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Correct the amount' }).click();
    await page.getByLabel('Amount tendered').fill('5000');
    await page.getByRole('button', { name: 'Add cash' }).click();
    await page.getByText('More than 100 times the total of €2.19: check the amount.').waitFor();
    await page.getByLabel('Card amount').fill('1.005');
    await page.getByRole('button', { name: 'Add card' }).click();
    await page.getByText('Amounts in EUR have at most 2 decimals.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('status changes are announced politely: going offline and the pending count', async () => {
    const session = await sessionOfItsOwn(server);
    const page = await openTillInSession(context, server.url, session);
    const status = page.getByRole('status').first();
    await expect(status.getAttribute('aria-live')).resolves.toBe('polite');
    // What the tablet held before this test's sale (the context is shared).
    const pending = Number(
      await waitFor('the pending count', async () => /(\d+) pending/.exec(await statusText(page))?.[1]),
    );
    await context.setOffline(true);
    await waitFor('Offline in the live region', async () => (await statusText(page)).includes('Offline'));
    await sellCash(page, ['Baguette tradition']);
    await waitFor('the pending count in the live region', async () =>
      (await statusText(page)).includes(`${pending + 1} pending`),
    );
  });
});
