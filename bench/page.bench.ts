import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchProfile } from '../test/browser/chromium.js';
import { openTill, startTestServer } from '../test/browser/harness.js';
import { percentile, type BenchRow } from './bench-row.js';

export const title = 'page';

const DIST = join(process.cwd(), 'dist');
/** DESIGN.md budgets. */
const FIRST_LOAD_JS_BUDGET_BYTES = 60 * 1024;
const COLD_START_BUDGET_MS = 1_000;
/** Catalog size of the tap benchmark, seeded into IndexedDB, not into the shipped seed. */
const CATALOG_SIZE = 2_000;
const COLD_STARTS = 7;
const TAPS = 200;
/** Distinct tiles tapped in turn, so the cart keeps a realistic number of lines. */
const TAPPED_TILES = 20;

/**
 * What a first visit must download before the shell runs: index.html's module scripts, preloads
 * and stylesheets, and every chunk they import statically (lazy `import()` chunks excluded).
 */
export async function firstLoadFiles(dist = DIST): Promise<string[]> {
  const htmlText = await readFile(join(dist, 'index.html'), 'utf8');
  const queue = [...htmlText.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/([^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (!file || seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(dist, file), 'utf8');
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    // Static imports and re-exports only: `import "./x.js"`, `import {a} from "./x.js"`, `export … from`.
    for (const m of code.matchAll(
      /(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\/[^"']+)["']/g,
    )) {
      queue.push(dir + (m[1] ?? '').slice(2));
    }
  }
  return [...seen];
}

async function gzipSizes(files: readonly string[], ext: string): Promise<number> {
  let total = 0;
  for (const f of files.filter((x) => x.endsWith(ext)))
    total += gzipSync(await readFile(join(DIST, f)), { level: 9 }).length;
  return total;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * Adds `count` products to the catalog stored in the page's IndexedDB (one record, key
 * `products`, as `src/store/db.ts` keeps it since its version 3). Rejects when IndexedDB fails,
 * never hangs on a failed write.
 */
async function seedCatalog(page: Page, count: number): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          try {
            const tx = open.result.transaction('catalog', 'readwrite');
            const store = tx.objectStore('catalog');
            const read = store.get('products');
            read.onsuccess = () => {
              const products = (read.result as unknown[] | undefined) ?? [];
              for (let i = 0; i < n; i++) {
                products.push({
                  id: 100_000 + i,
                  name: `Bench product ${String(i).padStart(4, '0')}`,
                  price: 100 + (i % 900),
                  taxRate: 550,
                  category: `Bench ${i % 12}`,
                  barcode: null,
                });
              }
              store.put(products, 'products');
            };
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
            tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        };
      }),
    count,
  );
}

/**
 * Taps tiles in the page (a real `click` on the tile button) and times, per tap, until the cart's
 * render committed and the next frame began. Returns the durations in ms.
 */
async function timeTaps(page: Page, taps: number): Promise<number[]> {
  return page.evaluate(
    async ({ taps, tiles }) => {
      const app = document.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>('pos-app');
      const grid = app?.shadowRoot?.querySelector('pos-product-grid');
      const buttons = [...(grid?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button.tile') ?? [])].slice(
        0,
        tiles,
      );
      if (!app || buttons.length === 0) throw new Error('no tiles');
      const durations: number[] = [];
      for (let i = 0; i < taps; i++) {
        const cart = app.shadowRoot?.querySelector('pos-cart') as
          (HTMLElement & { updateComplete: Promise<unknown> }) | null;
        const t0 = performance.now();
        buttons[i % buttons.length]?.click();
        await app.updateComplete;
        await cart?.updateComplete;
        await new Promise((r) => requestAnimationFrame(r));
        durations.push(performance.now() - t0);
      }
      return durations;
    },
    { taps, tiles: TAPPED_TILES },
  );
}

export async function run(): Promise<BenchRow[]> {
  const files = await firstLoadFiles();
  const js = await gzipSizes(files, '.js');
  const css = await gzipSizes(files, '.css');
  const jsFiles = (await readdir(join(DIST, 'assets'))).filter((f) => f.endsWith('.js')).length;
  const rows: BenchRow[] = [
    {
      section: title,
      metric: `first-load JS, gzip (${files.filter((f) => f.endsWith('.js')).length} of ${jsFiles} chunks)`,
      value: kb(js),
      budget: '< 60 KB',
      ok: js < FIRST_LOAD_JS_BUDGET_BYTES,
    },
    {
      section: title,
      metric: 'first-load CSS files, gzip (styles live in the Lit elements)',
      value: kb(css),
      budget: '',
      ok: null,
    },
  ];

  const server = await startTestServer();
  const profile = await launchProfile('full');
  try {
    const { context } = profile;
    const first = await openTill(context, server.url);
    const cdp = await context.newCDPSession(first);
    await context.setOffline(true);
    const starts: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      // A stopped worker, as after the tablet slept: it must start again to serve the shell.
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(server.url, { waitUntil: 'commit' });
      await page
        .getByRole('button', { name: 'Baguette tradition', exact: true })
        .waitFor({ timeout: 10_000 });
      starts.push(Date.now() - t0);
      await page.close();
    }
    const median = percentile(starts, 50);
    const worst = Math.max(...starts);
    rows.push({
      section: title,
      metric: `offline cold start to interactive shell, median of ${COLD_STARTS} (worst ${ms(worst)})`,
      value: ms(median),
      budget: '< 1 s',
      ok: worst < COLD_START_BUDGET_MS,
    });

    await seedCatalog(first, CATALOG_SIZE);
    await first.reload();
    await first.getByRole('button', { name: 'Bench product 0000', exact: true }).waitFor({ timeout: 15_000 });
    const taps = await timeTaps(first, TAPS);
    rows.push({
      section: title,
      metric: `tap to cart update, p95 of ${TAPS} taps, ${CATALOG_SIZE} more products (p50 ${ms(percentile(taps, 50))})`,
      value: ms(percentile(taps, 95)),
      budget: '',
      ok: null,
    });
  } finally {
    await profile.dispose();
    await server.close();
  }
  return rows;
}
