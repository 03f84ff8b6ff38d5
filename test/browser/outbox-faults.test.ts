import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { launchChromium, launchProfile } from './chromium.js';
import { openTill, serverOrders, startTestServer, statusText, waitFor, type TestServer } from './harness.js';
import { MAX_ORDERS_PER_BATCH } from '../../src/sync/flush-outbox.js';
import { injectPending, outboxCounts, readMeta, type RawEntry } from './outbox-kit.js';

/**
 * The outbox's fault tests: real Chromium, real server, three batches of queued orders (of the
 * worker's size: 1,500 orders), and the flush broken between them in every way a shop breaks it.
 * Each ends with every order on the server exactly once.
 */

let browser: Browser;
let server: TestServer;
const disposers: (() => Promise<void>)[] = [];

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
  for (const dispose of disposers.splice(0).reverse()) await dispose().catch(() => undefined);
  await server.close();
});

const UPLOADS = '**/api/orders';
/** Orders a batch of the worker's flush carries: the faults come between batches. */
const BATCH = MAX_ORDERS_PER_BATCH;
/** Enough for a batch through, one cut in flight and one not sent yet. */
const ORDERS = 3 * BATCH;

/** A slow server: each upload is passed on after `ms`; errors of a request whose page is gone are ignored. */
function slowly(ms: number) {
  return async (route: Route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue().catch(() => undefined);
  };
}

/** True once the server holds each of `entries` exactly once (in session 1) and nothing else. */
async function allOnServerOnce(entries: readonly RawEntry[]): Promise<boolean> {
  const stored = (await serverOrders(server, 1)).map((o) => o.uuid);
  if (stored.length !== entries.length) return false;
  const set = new Set(stored);
  return set.size === stored.length && entries.every((e) => set.has(e.uuid));
}

/** Opens the till offline-capable, then queues ORDERS pending orders while offline. */
async function tillWithQueue(
  open: () => Promise<Page>,
  setOffline: (offline: boolean) => Promise<void>,
): Promise<{ page: Page; entries: RawEntry[] }> {
  const page = await open();
  await setOffline(true);
  const entries = await injectPending(page, ORDERS);
  await waitFor(
    `${ORDERS} pending shown`,
    async () => (await statusText(page)).includes(`${ORDERS} pending`),
    10_000,
  );
  return { page, entries };
}

describe(`fault tests: a flush of ${ORDERS} orders broken half-way`, () => {
  it(`the page (and the browser with it) is closed in the middle of the flush; reopened, all ${ORDERS} are on the server once`, async () => {
    const first = await launchProfile('shell');
    disposers.push(first.dispose);
    const { entries } = await tillWithQueue(
      () => openTill(first.context, server.url),
      (o) => first.context.setOffline(o),
    );
    await first.context.route(UPLOADS, slowly(400));
    await first.context.setOffline(false);
    await waitFor('two batches through', () => server.uploads.length >= 2, 20_000);
    await first.context.close(); // mid-flush: the tab, the worker and the request in flight die

    const stored = (await serverOrders(server, 1)).length;
    expect(stored).toBeGreaterThanOrEqual(BATCH);
    expect(stored).toBeLessThan(ORDERS);

    const again = await launchProfile('shell', first.userDataDir);
    disposers.push(() => again.context.close());
    const page = await openTill(again.context, server.url);
    await waitFor(
      `all ${ORDERS} synced on the device`,
      async () => (await outboxCounts(page)).synced === ORDERS,
      30_000,
    );
    expect(await allOnServerOnce(entries)).toBe(true);
    // Resent at most once: only the batch cut in flight (or not yet answered) went twice.
    for (const entry of entries) expect(server.uploadCount(entry.uuid)).toBeLessThanOrEqual(2);
  });

  it(`the server is killed and restarted (same port, same data) during the flush: all ${ORDERS} arrive once`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    disposers.push(() => context.close());
    const { page, entries } = await tillWithQueue(
      () => openTill(context, server.url),
      (o) => context.setOffline(o),
    );
    await context.route(UPLOADS, slowly(300));
    await context.setOffline(false);
    await waitFor('a first batch through', () => server.uploads.length >= 1, 20_000);
    await server.restart(async () => {
      await waitFor(
        'an upload failing while the server is down',
        async () => (await readMeta(page, 'flushLastError')) !== undefined,
        20_000,
      );
    });
    await waitFor(
      `all ${ORDERS} synced on the device`,
      async () => (await outboxCounts(page)).synced === ORDERS,
      40_000,
    );
    expect(await allOnServerOnce(entries)).toBe(true);
    await waitFor(
      'the error gone from the status bar',
      async () => !(await statusText(page)).includes('Last upload failed'),
      10_000,
    );
  });

  it('two tabs flushing at once (no service worker: each tab runs its own flusher, Web Locks between them): each order sent once', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    disposers.push(() => context.close());
    const other = await openTill(context, server.url, { waitForWorker: false });
    const { page, entries } = await tillWithQueue(
      () => openTill(context, server.url, { waitForWorker: false }),
      (o) => context.setOffline(o),
    );
    let requests = 0;
    await context.route(UPLOADS, async (route) => {
      requests += 1;
      await slowly(250)(route); // both tabs' heartbeats come by while a batch is in flight
    });
    for (const tab of [page, other])
      expect(await tab.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    await context.setOffline(false);
    await waitFor(`all ${ORDERS} synced`, async () => (await outboxCounts(page)).synced === ORDERS, 40_000);
    for (const entry of entries) expect(server.uploadCount(entry.uuid)).toBe(1);
    expect(requests).toBe(ORDERS / BATCH);
    expect(await allOnServerOnce(entries)).toBe(true);
    await waitFor(
      'the other tab shows 0 pending',
      async () => /(^|\D)0 pending/.test(await statusText(other)),
      10_000,
    );
  });

  // Two of the three batches fail once each (the 2nd and the 4th requests): a 500 between
  // batches, and another after a retry got through (the backoff cleared in between).
  it(`the server answers 500 to a batch, then to the next after the retry: all ${ORDERS} orders arrive, each stored once`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    disposers.push(() => context.close());
    const { page, entries } = await tillWithQueue(
      () => openTill(context, server.url),
      (o) => context.setOffline(o),
    );
    let requests = 0;
    let failed = 0;
    await context.route(UPLOADS, async (route) => {
      requests += 1;
      if (requests === 2 || requests === 4) {
        failed += 1;
        await route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'internal', message: 'Internal server error' } }),
        });
      } else await route.continue();
    });
    await context.setOffline(false);
    await waitFor(`all ${ORDERS} synced`, async () => (await outboxCounts(page)).synced === ORDERS, 60_000);
    expect(failed).toBe(2);
    expect(await allOnServerOnce(entries)).toBe(true);
    for (const entry of entries) expect(server.uploadCount(entry.uuid)).toBe(1); // a 500 never reached the server
  });
});
