import { launchChromium } from '../test/browser/chromium.js';
import { openTill, startTestServer, waitFor } from '../test/browser/harness.js';
import { countStatus, injectPending } from '../test/browser/outbox-kit.js';
for (const size of [1000, 10000]) {
const server = await startTestServer();
const browser = await launchChromium();
const context = await browser.newContext();
const page = await openTill(context, server.url);
await context.setOffline(true);
await injectPending(page, size);
await waitFor('pending', async () => (await countStatus(page, 'pending')) === size, 30_000);
const start = performance.now();
await context.setOffline(false);
await waitFor('synced', async () => (await countStatus(page, 'synced')) === size, 120_000, 20);
const total = performance.now() - start;
const [sw] = context.serviceWorkers();
const prof = (await sw!.evaluate('self.__prof')) as [string, number][];
const avg = (k: string) => { const v = prof.filter((p) => p[0] === k).map((p) => p[1]); return `${k} n=${v.length} avg=${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(1)} first=${v.slice(0,3).map(x=>x.toFixed(0))} last=${v.slice(-3).map(x=>x.toFixed(0))}`; };
console.log(size, total.toFixed(0), avg('upload'), '|', avg('apply'));
await browser.close(); await server.close();
}
