import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import {
  inFullChromium,
  openTill,
  readOutbox,
  sellCash,
  serverOrders,
  statusText,
  type TestServer,
  useChromium,
  useTillSuite,
  waitFor,
} from './harness.js';
import {
  dispatchSync,
  flushNow,
  flushUntil,
  injectPending,
  makePendingEntries,
  outboxCounts,
  putEntries,
  putMeta,
  readEntries,
  stopAllWorkers,
  syncTags,
} from './outbox-kit.js';
import { OUTBOX_SYNC_TAG } from '../../src/domain/api/names.js';
import { MAX_ORDERS_PER_BATCH } from '../../src/sync/flush-outbox.js';

let server: TestServer;
let context: BrowserContext;
const chromium = useChromium();

const UPLOADS = '**/api/orders';
const fail500 = (route: Route) =>
  route.fulfill({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'internal', message: 'Internal server error' } }),
  });

/** Sells `count` baguettes on `page` while the context is offline; returns the entries they queued. */
async function sellOffline(page: Page, count: number) {
  const before = await uuidsOf(page);
  await context.setOffline(true);
  for (let i = 0; i < count; i += 1) await sellCash(page, ['Baguette tradition']);
  const queued = (await readOutbox(page)).filter((e) => !before.has(e.uuid));
  expect(queued.map((e) => e.status)).toEqual(Array(count).fill('pending'));
  return queued;
}

/** The uuids of every order in `page`'s outbox. */
async function uuidsOf(page: Page): Promise<Set<string>> {
  return new Set((await readOutbox(page)).map((e) => e.uuid));
}

/**
 * What a test of the shared tablet counts from: the outbox by status and the orders and uploads
 * the server has, once no order of an earlier test is pending any more (none is sent meanwhile).
 */
async function baseline(page: Page) {
  await waitFor(
    'no order of an earlier test pending',
    async () => (await outboxCounts(page)).pending === 0,
    15_000,
  );
  return {
    outbox: await outboxCounts(page),
    onServer: (await serverOrders(server, 1)).length,
    uploads: server.uploads.length,
  };
}

/** True once every uuid is stored on the server exactly once, in session 1. */
async function storedOnce(uuids: readonly string[]): Promise<boolean> {
  const stored = (await serverOrders(server, 1)).map((o) => o.uuid);
  return uuids.every((u) => stored.filter((s) => s === u).length === 1);
}

// The tests that count what they add share one tablet (each in its own tabs, starting once no
// order of an earlier one is pending). Fresh: the two-tabs test, whose orders, sold offline, must
// go as soon as the network is back (on the shared tablet they once took over 15 s), and the
// backoff test, which times the retries from a first failure that earlier failures would move.
describe('on one tablet these tests share', () => {
  useTillSuite((suite) => ({ server, context } = suite), { share: 'file', chromium });

  describe('the outbox never loses an order', () => {
    it('three orders stay in the outbox until the server confirmed them, then arrive once each: slow server, worker stopped mid-request, then a 500', async () => {
      const page = await openTill(context, server.url);
      const base = await baseline(page);
      const queued = await sellOffline(page, 3);
      let calls = 0;
      let firstArrived: () => void = () => undefined;
      const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
      let releaseFirst: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (releaseFirst = resolve));
      // Uploads after the 500 wait until the test has looked: a retry (the backoff's, or the next
      // flush asked for) could otherwise be answered before the look and make it see them synced.
      let releaseRest: () => void = () => undefined;
      const restReleased = new Promise<void>((resolve) => (releaseRest = resolve));
      await context.route(UPLOADS, async (route) => {
        calls += 1;
        if (calls === 1) {
          firstArrived();
          await released; // the slow server answers only after the worker died
          await route.continue().catch(() => undefined);
        } else if (calls === 2) await fail500(route);
        else {
          await restReleased;
          await route.continue().catch(() => undefined);
        }
      });

      await context.setOffline(false);
      await arrived;
      await stopAllWorkers(page);
      expect((await readOutbox(page)).map((e) => e.status)).toEqual(['pending', 'pending', 'pending']);
      releaseFirst();
      // Flushes asked for as the next sales would: the backoff of the offline spell is not under test here.
      await flushUntil(page, 'the 500', () => calls >= 2);
      expect((await outboxCounts(page)).synced).toBe(base.outbox.synced);
      releaseRest();

      await flushUntil(
        page,
        'all 3 synced',
        async () => (await outboxCounts(page)).synced === base.outbox.synced + 3,
        20_000,
      );
      expect(await storedOnce(queued.map((e) => e.uuid))).toBe(true);
      expect(await serverOrders(server, 1)).toHaveLength(base.onServer + 3);
    });

    it('a flush while the server is down keeps every entry, and each retry is built from the stored order', async () => {
      const page = await openTill(context, server.url);
      await baseline(page);
      const queued = await sellOffline(page, 2);
      const mine = (entries: Awaited<ReturnType<typeof readEntries>>) =>
        entries.filter((e) => queued.some((q) => q.uuid === e.uuid));
      const stored = mine(await readEntries(page));
      const bodies: unknown[] = [];
      await context.route(UPLOADS, async (route) => {
        bodies.push(route.request().postDataJSON());
        await route.abort('connectionrefused'); // LAN up, server down
      });
      await context.setOffline(false);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await flushNow(page);
        await waitFor(`attempt ${attempt}`, () => bodies.length >= attempt, 10_000);
      }
      const after = mine(await readEntries(page));
      expect(after.map((e) => [e.uuid, e.status])).toEqual(stored.map((e) => [e.uuid, 'pending']));
      expect(after.map((e) => e.order)).toEqual(stored.map((e) => e.order));
      expect(after.every((e) => e.lastError?.code === 'network')).toBe(true);
      const byQueue = [...stored].sort((a, b) => a.queuedAt - b.queuedAt);
      for (const body of bodies) expect(body).toEqual({ orders: byQueue.map((e) => e.order) });

      await context.unroute(UPLOADS);
      await flushUntil(page, 'both on the server once', () => storedOnce(queued.map((e) => e.uuid)));
    });

    it('the server commits an upload but the answer is cut: the retry answers duplicate, the entry becomes synced, the server has one order', async () => {
      const page = await openTill(context, server.url);
      const base = await baseline(page);
      const queued = await sellOffline(page, 2);
      let cut = 0;
      await context.route(UPLOADS, async (route) => {
        if (cut > 0) return route.continue();
        cut += 1;
        await route.fetch(); // the server commits…
        await route.abort('connectionreset'); // …and the device never hears it
      });
      await context.setOffline(false);
      await waitFor('the cut upload', () => cut === 1, 10_000);
      await waitFor('both stored', () => storedOnce(queued.map((e) => e.uuid)), 10_000);

      await waitFor(
        'both synced after the retry',
        async () => (await outboxCounts(page)).synced === base.outbox.synced + 2,
        20_000,
      );
      for (const entry of queued) expect(server.uploadCount(entry.uuid)).toBe(2);
      expect(await serverOrders(server, 1)).toHaveLength(base.onServer + 2);
    });
  });

  describe('the outbox never doubles an order', () => {
    it('two flushes started at the same moment against a slow server send each order once', async () => {
      const page = await openTill(context, server.url);
      const other = await openTill(context, server.url);
      const base = await baseline(page);
      await context.setOffline(true);
      const queued = MAX_ORDERS_PER_BATCH + 50; // two batches: the second must not go twice either
      const entries = await injectPending(page, queued);
      let open: () => void = () => undefined;
      const slow = new Promise<void>((resolve) => (open = resolve));
      let requests = 0;
      await context.route(UPLOADS, async (route) => {
        requests += 1;
        await slow;
        await route.continue();
      });
      await context.setOffline(false);
      await Promise.all([flushNow(page), flushNow(other), flushNow(page)]);
      await waitFor('a first request held by the slow server', () => requests >= 1, 10_000);
      open();
      await waitFor(
        `${queued} synced`,
        async () => (await outboxCounts(page)).synced === base.outbox.synced + queued,
        20_000,
      );
      for (const entry of entries) expect(server.uploadCount(entry.uuid)).toBe(1);
      expect(server.uploads.slice(base.uploads).map((u) => u.uuids.length)).toEqual([
        MAX_ORDERS_PER_BATCH,
        50,
      ]);
    });
  });

  describe('refusals', () => {
    it('one invalid order in a batch is rejected with the reason; the others are accepted; later orders keep flowing', async () => {
      const page = await openTill(context, server.url);
      const base = await baseline(page);
      const before = await uuidsOf(page);
      await context.setOffline(true);
      await sellCash(page, ['Baguette tradition']);
      // Its reference kept clear of the orders another test of the shared tablet injected.
      const [bad] = await makePendingEntries(page, 1, { firstSequence: 5_000 });
      if (!bad) throw new Error('no entry');
      bad.order = { ...bad.order, amountTotal: bad.order.amountTotal + 1 }; // totals that do not add up
      await putEntries(page, [bad]);
      await sellCash(page, ['Pain au chocolat']);
      const good = (await readOutbox(page)).filter((e) => !before.has(e.uuid) && e.uuid !== bad.uuid);

      await context.setOffline(false);
      await waitFor(
        'one rejected, two synced',
        async () => {
          const c = await outboxCounts(page);
          return c.rejected === base.outbox.rejected + 1 && c.synced === base.outbox.synced + 2;
        },
        15_000,
      );
      expect(
        server.uploads.filter((u) => u.uuids.includes(bad.uuid)).every((u) => u.uuids.length === 3),
      ).toBe(true);
      const rejected = (await readEntries(page)).find((e) => e.uuid === bad.uuid);
      expect(rejected?.status).toBe('rejected');
      expect(rejected?.lastError).toMatchObject({
        code: 'validation_failed',
        message: expect.stringMatching(/amountTotal/),
      });
      expect(await storedOnce(good.map((e) => e.uuid))).toBe(true);
      await waitFor('1 rejected shown', async () => (await statusText(page)).includes('1 rejected'));

      await sellCash(page, ['Baguette tradition']);
      await waitFor(
        'the later order synced',
        async () => (await outboxCounts(page)).synced === base.outbox.synced + 3,
        15_000,
      );
      expect(await serverOrders(server, 1)).toHaveLength(base.onServer + 3);
    });
  });

  describe('Background Sync', () => {
    it('a sale registers pos-outbox-flush; the worker sends the outbox on sync with no tab of the till open', async () => {
      await inFullChromium(async (full) => {
        const page = await openTill(full, server.url);
        await full.setOffline(true);
        await sellCash(page, ['Baguette tradition']);
        const [sold] = await readOutbox(page);
        await waitFor(
          'the sync registered',
          async () => (await syncTags(full)).includes(OUTBOX_SYNC_TAG),
          5_000,
        );

        const blank = await full.newPage(); // CDP needs a page; it is not a till
        await page.close();
        expect(full.pages()).toEqual([blank]);
        await full.setOffline(false);
        await dispatchSync(blank, server.url, OUTBOX_SYNC_TAG);
        await waitFor('the order on the server', () => storedOnce([sold?.uuid ?? '']), 15_000);
        expect(server.uploadCount(sold?.uuid ?? '')).toBe(1);
      });
    });
  });
});

describe('on a fresh tablet', () => {
  useTillSuite((suite) => ({ server, context } = suite), { chromium });

  describe('the outbox never doubles an order', () => {
    it('two tabs offline, one order each, back online: each order reaches the server once and both tabs show them synced', async () => {
      const first = await openTill(context, server.url);
      const second = await openTill(context, server.url);
      await context.setOffline(true);
      await sellCash(first, ['Baguette tradition']);
      await sellCash(second, ['Pain au chocolat']);
      await waitFor(
        '2 pending in both tabs',
        async () =>
          (await statusText(first)).includes('2 pending') && (await statusText(second)).includes('2 pending'),
      );
      const queued = await readOutbox(first);
      expect(queued).toHaveLength(2);

      await context.setOffline(false);
      await waitFor('both on the server', () => storedOnce(queued.map((e) => e.uuid)), 15_000);
      for (const tab of [first, second]) {
        await waitFor(
          '0 pending in the tab',
          async () => (await statusText(tab)).includes('0 pending'),
          10_000,
        );
        expect((await readOutbox(tab)).map((e) => e.status)).toEqual(['synced', 'synced']);
      }
      for (const entry of queued) expect(server.uploadCount(entry.uuid)).toBe(1);
    });
  });

  describe('back online', () => {
    it("the first requests after `online` do not get through (the network's first instants): the order goes a second later, not after the backoff of the offline spell", async () => {
      const page = await openTill(context, server.url);
      const [sold] = await sellOffline(page, 1);
      await putMeta(page, 'flushFailures', 3); // an offline spell long enough to count its most failures
      let down = true;
      await context.route('**/api/**', async (route) => {
        if (down) await route.abort('internetdisconnected');
        else await route.continue();
      });
      await context.setOffline(false);
      setTimeout(() => (down = false), 300);
      // The failed flush's backoff is 8 to 16 s (its fourth failure); the second ask comes at 1 s.
      await waitFor('the order on the server', () => storedOnce([sold?.uuid ?? '']), 5_000);
      expect(server.uploadCount(sold?.uuid ?? '')).toBe(1);
    });
  });

  describe('backoff', () => {
    it('a server answering 500 to every upload gets backed-off retries with jitter, no tight loop; the pending count and the last error are visible', async () => {
      const page = await openTill(context, server.url);
      const times: number[] = [];
      await context.route(UPLOADS, async (route) => {
        times.push(Date.now());
        await fail500(route);
      });
      await sellCash(page, ['Baguette tradition']);
      // The sale's own attempt, then retries after 2 s, 2–4 s and 4–8 s (doubling from 2 s, jittered
      // over the upper half): the fourth attempt comes no sooner than 6 s after the first.
      await waitFor('the third retry', () => times.length >= 4, 25_000, 100);
      const first = times[0] ?? 0;
      expect((times[3] ?? 0) - first).toBeGreaterThanOrEqual(6_000);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
      expect(gaps.at(-1) ?? 0).toBeGreaterThan(gaps[0] ?? 0);
      const status = await statusText(page);
      expect(status).toContain('1 pending');
      expect(status).toContain('Last upload failed: the server had a problem');

      await context.unroute(UPLOADS);
      await sellCash(page, ['Pain au chocolat']); // the next sale sends at once, whatever the backoff
      await waitFor(
        '0 pending and the error gone',
        async () => {
          const text = await statusText(page);
          return text.includes('0 pending') && !text.includes('Last upload failed');
        },
        15_000,
      );
    });
  });
});
