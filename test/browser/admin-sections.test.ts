import { describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { openSection, useAdminPages } from './admin-kit.js';
import { seriousViolations } from './axe-kit.js';
import { type TestServer, useTillSuite } from './harness.js';

/**
 * The back office's first load is the sign-in, the shell and Registers (its list; the New register
 * form right after); each other section's code is fetched when the section is first shown, and a
 * fetch that fails is said where the section would be, with Try again.
 */
let browser: Browser;
let server: TestServer;
useTillSuite((suite) => ({ browser, server } = suite), { share: 'file' });
const openAdminPage = useAdminPages(() => ({ browser, server }), { share: 'file' });

/** The chunk of Products, the section these tests open. */
const PRODUCTS_CHUNK = '**/assets/admin-pos-admin-products-*.js';

/** Chunks of the sections other than Registers, by the name the build gives them. */
const SECTION_CHUNK =
  /\/assets\/admin-pos-admin-(products|product-form|product-import|sessions|orders|cash-count|counting-aid|report|day-report|devices|pairing|config)-[^/]+\.js$/;

/** The back office signed in, with the path of every script it fetches, from the first. */
async function openAdmin(): Promise<{ page: Page; scripts: string[] }> {
  const scripts: string[] = [];
  const { page } = await openAdminPage({
    beforeGoto: (p) =>
      p.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (path.endsWith('.js')) scripts.push(path);
      }),
  });
  return { page, scripts };
}

describe('the back office’s sections load when first shown', () => {
  it('the first load fetches Registers and not the other sections; a section’s code comes when it is opened, after “Loading…”', async () => {
    const { page, scripts } = await openAdmin();
    await page.getByRole('heading', { name: 'Registers' }).waitFor({ timeout: 10_000 });
    await page.getByRole('heading', { name: 'New register' }).waitFor({ timeout: 10_000 });
    expect(scripts.filter((path) => SECTION_CHUNK.test(path))).toEqual([]);

    // Held back a moment, the section says it is loading meanwhile.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hold = async (route: Route) => {
      await held;
      await route.continue();
    };
    await page.route(PRODUCTS_CHUNK, hold);
    await openSection(page, 'Products');
    await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor();
    release();
    await page.getByRole('heading', { name: 'Products of Main counter' }).waitFor({ timeout: 10_000 });
    await page.unroute(PRODUCTS_CHUNK, hold);
    expect(scripts.filter((path) => SECTION_CHUNK.test(path))).toEqual([
      expect.stringMatching(/admin-pos-admin-products-/),
    ]);
  });

  it('a section whose code cannot be fetched says so with Try again, which fetches it again', async () => {
    const { page } = await openAdmin();
    await page.getByRole('heading', { name: 'Registers' }).waitFor({ timeout: 10_000 });
    // The network drops as the manager opens Products.
    const drop = (route: Route) => route.abort('internetdisconnected');
    await page.route(PRODUCTS_CHUNK, drop);
    await openSection(page, 'Products');
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'This part of the back office could not be loaded' });
    await alert.waitFor({ timeout: 10_000 });
    expect(await seriousViolations(page)).toEqual([]);
    // The rest of the page still works: another section opens.
    await openSection(page, 'Registers');
    await page.getByRole('heading', { name: 'Registers' }).waitFor();

    await openSection(page, 'Products');
    await page.unroute(PRODUCTS_CHUNK, drop);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Products of Main counter' }).waitFor({ timeout: 10_000 });
    expect(await alert.count()).toBe(0);
  });
});
