import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium.js';
import {
  dialogText,
  openTill,
  setFrequency,
  setSessionState,
  startTestServer,
  waitFor,
  type TestServer,
} from './harness.js';

let browser: Browser;
let server: TestServer;
let context: BrowserContext | null = null;

beforeAll(async () => {
  browser = await launchChromium('shell');
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await context?.close();
  context = null;
  await server.close();
});

async function newContext(locale: string): Promise<BrowserContext> {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  return context;
}

describe('language', () => {
  it('speaks French to a French browser, the blocking dialog included ("en cours de clôture", then "fermée")', async () => {
    await setFrequency(server, 1, 5);
    const page = await openTill(await newContext('fr-FR'), server.url);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');
    await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
    // Money in the config's currency, French style.
    await page.getByRole('button', { name: 'Payer 1,25 €' }).waitFor();
    await expect(page.getByText('Vente en cours').isVisible()).resolves.toBe(true);

    await setSessionState(server, 1, 'closing_control');
    const closing = await waitFor('the French closing dialog', () => dialogText(page), 8_000, 50);
    expect(closing).toContain('en cours de clôture');
    expect(closing).not.toContain('fermée');
    expect(closing).toContain('Main counter/00001');

    await setSessionState(server, 1, 'closed');
    const closed = await waitFor(
      'the French closed dialog',
      async () => {
        const text = await dialogText(page);
        return text?.includes('fermée') ? text : null;
      },
      8_000,
      50,
    );
    expect(closed).toContain('La session Main counter/00001 est fermée.');
    expect(closed).toContain('Aucune nouvelle vente');
    await expect(
      page.getByRole('alertdialog').getByRole('button', { name: 'Recharger' }).isVisible(),
    ).resolves.toBe(true);
  });

  it('starts in English elsewhere, switches to French in the shell, and keeps the choice after a reload', async () => {
    const page = await openTill(await newContext('de-DE'), server.url);
    await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
    await page.getByRole('button', { name: 'Pay €1.25' }).waitFor();

    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: 'Payer 1,25 €' }).waitFor();
    await expect(page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');

    await page.reload();
    await page.getByLabel('Rechercher par nom ou code-barres').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Search by name or barcode').waitFor();
  });
});
