import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PosConfig } from '../../src/domain/pos-config.js';
import { seriousViolations } from './axe-kit.js';
import { openSection, useAdminPages } from './admin-kit.js';
import {
  api,
  openTill,
  SEED_CONFIG_ID,
  sellCash,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';

/** The back office speaks the till's languages, with the same choice kept on the device. */
let browser: Browser;
let server: TestServer;
let context: BrowserContext;
useTillSuite((suite) => ({ browser, server, context } = suite));
const openAdminPage = useAdminPages(() => ({ browser, server }));

/** A manager's browser in `locale`, the back office signed in; also counts loads of the French chunk. */
async function openAdmin(
  locale: string,
): Promise<{ page: Page; frenchLoads: () => number; violations: () => Promise<string[]> }> {
  let frenchLoads = 0;
  const { page, violations } = await openAdminPage({
    locale,
    beforeGoto: (p) =>
      p.on('request', (request) => {
        if (/\/assets\/admin-fr-[^/]+\.js$/.test(new URL(request.url()).pathname)) frenchLoads += 1;
      }),
  });
  return { page, frenchLoads: () => frenchLoads, violations };
}

describe('the back office’s language', () => {
  it('in French: picked with the switch, every section follows at once, and a reload stays French', async () => {
    const till = await openTill(context, server.url);
    await sellCash(till, ['Baguette tradition']);
    await waitFor('the sale uploaded', () => server.uploads.length > 0, 10_000, 50);

    const { page, frenchLoads, violations } = await openAdmin('de-DE');
    await openSection(page, 'Sessions');
    await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    expect(frenchLoads()).toBe(0);

    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
    // Every section, without a reload: header, navigation, sessions, orders, then devices and settings.
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Commencer le contrôle de clôture' }).waitFor();
    await page.getByRole('heading', { name: 'Commandes de la session Main counter/00001' }).waitFor();
    // Money in French.
    await page.getByRole('row', { name: /^Espèces 1 1,25\s€$/ }).waitFor();
    const sections = page.getByRole('navigation', { name: 'Rubriques' });
    for (const name of ['Caisses', 'Produits', 'Sessions', 'Appareils', 'Réglages'])
      await sections.getByRole('link', { name, exact: true }).waitFor();
    await sections.getByRole('link', { name: 'Appareils' }).click();
    await page.getByRole('heading', { name: 'Appareils' }).waitFor();
    // Dates and ages in French.
    await page
      .getByText(/^il y a \d+ s$|^à l’instant$/)
      .first()
      .waitFor();
    await sections.getByRole('link', { name: 'Réglages' }).click();
    await page.getByRole('heading', { name: 'Réglages de Main counter' }).waitFor();
    await expect(page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');
    await expect(page.title()).resolves.toBe('Administration pos-shell');
    expect(frenchLoads()).toBe(1);

    // The reload stays French, and on the section it showed.
    await page.reload();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ timeout: 10_000 });
    await page.getByRole('heading', { name: 'Réglages de Main counter' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');

    // A field refused in French, with numbers written the French way.
    await page.getByLabel('Intervalle de vérification de la session (s)').fill('2');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page
      .getByText(/^Intervalle de vérification de la session : un nombre entier de secondes de 5 à 86\s400$/)
      .waitFor({ timeout: 5_000 });
    expect(
      (await api<PosConfig>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).checkSessionStateFrequency,
    ).toBe(60);
    expect(await seriousViolations(page)).toEqual([]);

    // A message on screen follows a switch back too.
    await page.getByRole('button', { name: 'English' }).click();
    await page
      .getByText('Check session state every: a whole number of seconds from 5 to 86,400')
      .waitFor({ timeout: 5_000 });
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    expect(await violations()).toEqual([]);
  });

  it('a French browser gets the back office in French from the start, sign-in included', async () => {
    const { page } = await openAdminPage({ locale: 'fr-FR', path: '/admin' });
    await page.getByLabel('Jeton d’administration').fill('pos_admin abc');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText(/^Jeton d’administration : un jeton n’a ni espaces/).waitFor({ timeout: 5_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
