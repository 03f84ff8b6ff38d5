import { launchChromium } from '../test/browser/chromium.js';
import { openTill, serverOrders, startTestServer, waitFor } from '../test/browser/harness.js';
import { countStatus, injectPending } from '../test/browser/outbox-kit.js';
import { CHANNEL_NAME } from '../src/domain/messages.js';
import type { BenchRow } from './bench-row.js';

export const title = 'outbox flush';

/** Queue sizes flushed, each from a fresh device to a fresh server. */
const SIZES = [1_000, 10_000] as const;
/** Issue 4's budget for the largest queue (ms). */
const BUDGET_10K_MS = 10_000;

/**
 * Flushes N queued orders from the real page and service worker to the real server on loopback
 * (issue 4): the orders are put in IndexedDB while the device is offline, then the clock starts
 * when it goes online (the worker's flush is woken by `online`, as in a shop) and stops when the
 * worker announces all N `synced` (each confirmed by the server; IndexedDB is then counted too).
 * Reports time, orders/s, upload requests, and whether each order was delivered exactly once (one
 * upload per uuid, N stored).
 */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const browser = await launchChromium();
  try {
    for (const size of SIZES) {
      const server = await startTestServer();
      const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
      try {
        const page = await openTill(context, server.url);
        await context.setOffline(true);
        const entries = await injectPending(page, size);
        await waitFor(`${size} pending`, async () => (await countStatus(page, 'pending')) === size, 30_000);
        // The clock stops at the worker's own `outbox-changed` broadcast saying all N are synced
        // (read in the page, no IndexedDB involved), then the database is counted once to be sure.
        // Polling IndexedDB for the count while the flush writes competed with the flush itself.
        await page.evaluate(`(() => {
          const channel = new BroadcastChannel(${JSON.stringify(CHANNEL_NAME)});
          channel.onmessage = (event) => {
            if (event.data?.type === 'outbox-changed') window.__benchSynced = event.data.counts.synced;
          };
        })()`);
        const start = performance.now();
        await context.setOffline(false);
        // A function, not a string: the till's CSP forbids eval, which a string predicate needs.
        await page.waitForFunction((n) => ((window as unknown as { __benchSynced?: number }).__benchSynced ?? 0) >= n, size, { timeout: 120_000, polling: 10 });
        const ms = performance.now() - start;
        await waitFor(`${size} synced in IndexedDB`, async () => (await countStatus(page, 'synced')) === size, 10_000);
        const stored = await serverOrders(server, 1);
        const storedIds = new Set(stored.map((o) => o.uuid));
        const once = stored.length === size && storedIds.size === size && entries.every((e) => storedIds.has(e.uuid) && server.uploadCount(e.uuid) === 1);
        const budget = size === 10_000 ? `< ${BUDGET_10K_MS / 1000} s` : '';
        const section = `flush ${size.toLocaleString('en')} orders`;
        rows.push(
          { section, metric: 'time', value: `${(ms / 1000).toFixed(2)} s`, budget, ok: size === 10_000 ? ms < BUDGET_10K_MS : null },
          { section, metric: 'orders/s', value: Math.round((size / ms) * 1000).toLocaleString('en'), budget: '', ok: null },
          { section, metric: 'upload requests', value: String(server.uploads.length), budget: `${size / 100} (batches of 100)`, ok: null },
          { section, metric: 'delivered exactly once', value: once ? 'yes' : 'no', budget: 'yes', ok: once },
        );
      } finally {
        await context.close();
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}
