import { launchChromium } from '../test/browser/chromium.js';
import { openTill, sellCash, startTestServer, waitFor } from '../test/browser/harness.js';
import { percentile, type BenchRow } from './bench-row.js';

export const title = 'pay to durable';

/** Sales measured per mode (p50/p95 over 200). */
const SALES = 200;
/** Budget of the 95th percentile (ms): a strict IndexedDB transaction takes 1–2 ms here, the rest is the page's own work. */
const BUDGET_P95_MS = 8;

/** Installed before the app: collects every `pos-pay-durable` measure (the app clears its entries). */
function collectPayMeasures(): void {
  const w = window as unknown as { __payDurable: number[] };
  w.__payDurable = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'pos-pay-durable') w.__payDurable.push(entry.duration);
  }).observe({ entryTypes: ['measure'] });
}

/**
 * "Pay" to the order durable in IndexedDB, measured inside the page: the till controller records a
 * `pos-pay-durable` performance measure from `pay()` to the commit of the sale's strict
 * transaction (the sale's one transaction that awaits nothing else). 200 cash sales through the UI in
 * headless Chromium, twice: offline (the write alone) and online (the worker uploads each sale meanwhile and
 * competes for the database, as in a shop).
 */
export async function run(): Promise<BenchRow[]> {
  const server = await startTestServer();
  const browser = await launchChromium('full');
  const rows: BenchRow[] = [];
  try {
    for (const mode of ['offline', 'online'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(collectPayMeasures);
      const page = await openTill(context, server.url);
      await context.setOffline(mode === 'offline');
      for (let i = 0; i < SALES; i += 1)
        await sellCash(page, [i % 2 === 0 ? 'Baguette tradition' : 'Pain au chocolat']);
      const durations = await waitFor(`${SALES} measures`, async () => {
        const seen = await page.evaluate(
          () => (window as unknown as { __payDurable: number[] }).__payDurable,
        );
        return seen.length >= SALES ? seen : null;
      });
      await context.close();
      if (!durations) throw new Error('no measures');
      const p95 = percentile(durations, 95);
      rows.push(
        {
          section: 'pay to durable',
          metric: `p50, ${SALES} sales ${mode}`,
          value: `${percentile(durations, 50).toFixed(1)} ms`,
          budget: '',
          ok: null,
        },
        {
          section: 'pay to durable',
          metric: `p95, ${SALES} sales ${mode}`,
          value: `${p95.toFixed(1)} ms`,
          budget: `< ${BUDGET_P95_MS} ms`,
          ok: p95 < BUDGET_P95_MS,
        },
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
