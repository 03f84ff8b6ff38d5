/**
 * The README's pictures: runs the built till (npm run build first) on a throwaway server and takes
 * three screenshots in headless Chromium with a 10-inch tablet's landscape viewport (1280 × 800):
 * docs/screenshots/shell.png (a sale in progress), payment.png (cash with change due) and
 * dialog.png (the blocking dialog after the manager closed the session).
 * Run `npx tsx scripts/screenshots.ts` (`-- fr` for French ones in docs/screenshots/fr/).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer } from '../server/start-server.js';
import { launchChromium } from '../test/browser/chromium.js';

const TABLET_VIEWPORT = { width: 1280, height: 800 };

const french = process.argv.includes('fr');
const outDir = join(process.cwd(), 'docs', 'screenshots', ...(french ? ['fr'] : []));
const dataDir = await mkdtemp(join(tmpdir(), 'pos-shots-'));
/** The manager's token of this throwaway server (docs/ACCESS.md). */
const ADMIN_TOKEN = `shots-${crypto.randomUUID()}`;
const server = await startServer({
  dataDir,
  staticDir: join(process.cwd(), 'dist'),
  port: 0,
  host: '127.0.0.1',
  adminToken: ADMIN_TOKEN,
});
const browser = await launchChromium('full');

/** A manager's request to the API: JSON in and out, throws on an error status. */
async function manager<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Taps a product tile by its exact name. */
async function tap(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

try {
  await mkdir(outDir, { recursive: true });
  const context = await browser.newContext({
    viewport: TABLET_VIEWPORT,
    deviceScaleFactor: 1,
    locale: french ? 'fr-FR' : 'en-US',
  });
  const page = await context.newPage();
  // The tablet pairs through the link the back office makes.
  const { pairPath } = await manager<{ pairPath: string }>('POST', '/api/configs/1/pairing-codes');
  await page.goto(server.url + pairPath);
  await page.getByRole('button', { name: 'Baguette tradition', exact: true }).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await tap(page, 'Baguette tradition');
  await tap(page, 'Baguette tradition');
  await tap(page, 'Croissant au beurre');
  await tap(page, 'Camembert de Normandie');
  await tap(page, 'Vin rouge Côtes du Rhône 75 cl');
  // A 10 % discount on the wine, to show it on the cart line.
  await page.getByRole('button', { name: /^(Discount on|Remise sur) Vin rouge/ }).click();
  await page.getByRole('button', { name: /^10\s?%$/ }).click();
  // Tapping scrolled the catalog: show it from the top, as a cashier first sees it.
  await page
    .locator('pos-product-grid')
    .evaluate((grid) => grid.shadowRoot?.querySelector('[role="tabpanel"]')?.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, 'shell.png') });

  await page
    .getByRole('button', { name: /^(Pay|Payer)/ })
    .first()
    .click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^(20,00 €|€20.00)$/ })
    .click();
  await page.screenshot({ path: join(outDir, 'payment.png') });
  await page.getByRole('button', { name: /^(Cancel|Annuler)$/ }).click();

  // The seeded register is under cash control: the close counts the drawer (with a note for the demo).
  await manager('PATCH', '/api/sessions/1', { state: 'closed', closingCash: 0, closingNote: 'Demo' });
  await page.getByRole('alertdialog').waitFor({ timeout: 15_000 });
  await page.screenshot({ path: join(outDir, 'dialog.png') });
  console.log(`wrote ${outDir}/{shell,payment,dialog}.png`);
} finally {
  await browser.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
