import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  dialogText,
  openTill,
  setFrequency,
  setSessionState,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
useTillSuite((suite) => ({ server, context } = suite));

/** Units in the cart, read from the page's shell (the cart lists a line per product). */
async function cartLineCount(page: Page): Promise<number> {
  return page
    .locator('pos-cart')
    .evaluate((el) => (el as unknown as { lines?: unknown[] }).lines?.length ?? -1);
}

describe('closure of the session', () => {
  it('blocks both tabs within one check interval when the manager closes the session', async () => {
    await setFrequency(server, 1, 5);
    const tabs = [await openTill(context, server.url), await openTill(context, server.url)];
    const closedAt = Date.now();
    await setSessionState(server, 1, 'closed');

    for (const tab of tabs) {
      const text = await waitFor(
        'the blocking dialog',
        () => dialogText(tab),
        6_000 - (Date.now() - closedAt),
        50,
      );
      expect(text).toMatch(/closed/i);
      expect(text).toContain('Main counter/00001');
      await expect(
        tab.getByRole('alertdialog').getByRole('button', { name: 'Reload' }).isVisible(),
      ).resolves.toBe(true);
    }
    expect(Date.now() - closedAt).toBeLessThan(6_000);

    const tab = tabs[0];
    if (!tab) throw new Error('no tab');
    // A tap on a product adds nothing: the overlay takes the tap, and a forced click is refused too.
    await expect(
      tab.getByRole('button', { name: 'Baguette tradition', exact: true }).click({ timeout: 500 }),
    ).rejects.toThrow();
    await tab.getByRole('button', { name: 'Baguette tradition', exact: true }).dispatchEvent('click');
    expect(await cartLineCount(tab)).toBe(0);
    // Escape does not dismiss it.
    await tab.keyboard.press('Escape');
    expect(await dialogText(tab)).toMatch(/closed/i);
  });

  it('says "closing" for closing_control and "closed" for closed, names the session, offers Reload', async () => {
    await setFrequency(server, 1, 5);
    const page = await openTill(context, server.url);
    await setSessionState(server, 1, 'closing_control');
    const closing = await waitFor('closing dialog', () => dialogText(page), 12_000, 50);
    expect(closing).toMatch(/closing/i);
    expect(closing).not.toMatch(/\bclosed\b/i);
    expect(closing).toContain('Main counter/00001');

    await setSessionState(server, 1, 'closed');
    const closed = await waitFor(
      'closed dialog',
      async () => {
        const text = await dialogText(page);
        return text && /\bclosed\b/i.test(text) ? text : null;
      },
      12_000,
      50,
    );
    expect(closed).toContain('Main counter/00001');
    await expect(page.getByRole('button', { name: 'Reload' }).isVisible()).resolves.toBe(true);
  });
});
