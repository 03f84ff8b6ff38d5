import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Product } from '../../src/domain/product.js';
import { openSection, useAdminPages } from './admin-kit.js';
import { seriousViolations } from './axe-kit.js';
import { api, SEED_CONFIG_ID, type TestServer, useTillSuite } from './harness.js';

/**
 * The back office's CSV import and export of a register's catalog, against the real server's
 * routes (`products.csv`, `products/import`): the dry run's bad lines, then an import applied.
 */
let browser: Browser;
let server: TestServer;
// Each makes or changes products the other does not look at (the export reads Baguette tradition,
// the import changes Croissant au beurre): one server and one manager browser for both.
useTillSuite((suite) => ({ browser, server } = suite), { share: 'file' });
const openAdminPage = useAdminPages(() => ({ browser, server }), { share: 'file' });

/** A barcode whose check digit is wrong. */
const BAD_EAN = '4006381333932';

/** The back office, signed in, on its Products section with the seed catalog listed. */
async function openProducts(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const admin = await openAdminPage();
  await openSection(admin.page, 'Products');
  await admin.page.getByRole('rowheader', { name: 'Baguette tradition' }).waitFor({ timeout: 10_000 });
  return admin;
}

/** The register's catalog as the server keeps it, archived products included. */
function catalog(): Promise<Product[]> {
  return api<Product[]>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}/products?includeArchived=1`);
}

describe('Import CSV', () => {
  it('a dry run shows each bad line with its line and column and writes nothing; a clean file, checked then applied, reloads the list', async () => {
    const { page, violations } = await openProducts();
    const before = await catalog();
    const file = page.getByLabel('CSV file');
    // Line 3 (the header is line 1) has a negative price and a tax rate over 100 %: two problems,
    // one bad line. Line 4 has a barcode with a wrong check digit.
    const bad = [
      'name,price,tax_rate,category,barcode',
      'Tarte au citron,3.20,5.5,Pâtisserie,',
      'Flan,-1,150,Pâtisserie,',
      `Chou à la crème,1.80,5.5,Pâtisserie,${BAD_EAN}`,
    ].join('\r\n');
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page
      .getByText('bad.csv cannot be imported: 2 bad lines. Nothing was written.', { exact: true })
      .waitFor({ timeout: 10_000 });
    const problems = page.getByRole('table', { name: 'Bad lines of the file' });
    // Said in the page's words (the product form's rule), not the server's English sentence.
    await problems.getByRole('row', { name: /^3 price Price: an amount from 0 to/ }).waitFor();
    await problems.getByRole('row', { name: /^3 tax_rate\b/ }).waitFor();
    await problems.getByRole('row', { name: /^4 barcode\b/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await catalog()).toEqual(before);

    // A clean file, semicolons and decimal commas as a French spreadsheet writes them: one new
    // product, one changed (matched by name).
    const good = [
      'name;price;tax_rate;category;barcode',
      'Tarte au citron;3,20;5,5;Pâtisserie;',
      'Croissant au beurre;1,30;5,5;Boulangerie;',
    ].join('\r\n');
    await file.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page
      .getByText('Dry run of good.csv: 1 to create, 1 to update, 0 unchanged. Nothing is written yet.', {
        exact: true,
      })
      .waitFor({ timeout: 10_000 });
    expect(await catalog()).toEqual(before);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByText('Imported good.csv: 1 created, 1 updated, 0 unchanged.', { exact: true })
      .waitFor({ timeout: 10_000 });
    await page.getByRole('rowheader', { name: 'Tarte au citron' }).waitFor({ timeout: 5_000 });
    await expect(page.getByRole('row', { name: /^Croissant au beurre/ }).innerText()).resolves.toMatch(
      /€1\.30/,
    );
    const after = await catalog();
    expect(after.find((p) => p.name === 'Tarte au citron')).toMatchObject({ price: 320, taxRate: 550 });
    expect(after.find((p) => p.name === 'Croissant au beurre')?.price).toBe(130);
    expect(await violations()).toEqual([]);
  });

  it('a file that is not UTF-8 (a Windows-1252 export) is refused on the line of its first bad byte, and nothing is imported', async () => {
    const { page } = await openProducts();
    const before = await catalog();
    // 0xE8 is “è” in Windows-1252 and no UTF-8 at all. Read as text in the page, it would become
    // “Cr\uFFFDme” and import quietly.
    const windows1252 = Buffer.concat([
      Buffer.from('name,price,tax_rate,category,barcode\r\nMadeleine,0.90,5.5,Pâtisserie,\r\nCr'),
      Buffer.from([0xe8]),
      Buffer.from('me brûlée,2.40,5.5,Pâtisserie,\r\n'),
    ]);
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: windows1252 });
    await page
      .getByText('excel.csv cannot be imported: 1 bad line. Nothing was written.', { exact: true })
      .waitFor({ timeout: 10_000 });
    const problems = page.getByRole('table', { name: 'Bad lines of the file' });
    await problems.getByRole('row', { name: /^3\b.*UTF-8/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    expect(await catalog()).toEqual(before);
  });

  it('Export CSV downloads the catalog with the admin token', async () => {
    const { page } = await openProducts();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    expect(text.split(/\r?\n/)[0]).toBe('name,price,tax_rate,category,barcode,archived');
    expect(text).toContain('Baguette tradition,1.25,5.5,');
  });
});
