import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { buildOrder } from '../../src/domain/build-order.js';
import {
  createPairingCode,
  openTill,
  orderWriterOf,
  readOutbox,
  sellCash,
  serverOrders,
  waitFor,
  type TestServer,
  useChromium,
  useTillSuite,
} from './harness.js';
import { flushUntil, outboxCounts, readEntries, type RawEntry } from './outbox-kit.js';

/**
 * Storage on the device: persistence asked at the first sale, a full disk, a browser
 * that closes the database, and schema upgrades between tabs of different builds.
 */

let server: TestServer;
let context: BrowserContext;
const chromium = useChromium();

const UPLOADS = '**/api/orders';

/**
 * The page-side probe of the persistence request: `navigator.storage.persist()` answers `answer`, calls are
 * counted.
 */
function stubPersist(answer: boolean): void {
  const w = window as unknown as { __persistCalls: number };
  w.__persistCalls = 0;
  navigator.storage.persisted = async () => false;
  navigator.storage.persist = async () => {
    w.__persistCalls += 1;
    return answer;
  };
}

const persistCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls);
const STORAGE_WARNING = /The browser may clear this till’s data/;

/**
 * The probe of a full disk, for the page and the order writer's worker alike: while
 * `globalThis.__quotaFull` is true, a write to the `orders` store fails as a full disk does in
 * Chromium: the transaction aborts and its `error` is a QuotaExceededError (the request itself only
 * says AbortError).
 */
function injectQuotaFull(): void {
  const w = globalThis as unknown as { __quotaFull: boolean };
  w.__quotaFull = false;
  const full = new WeakSet<IDBTransaction>();
  for (const method of ['add', 'put'] as const) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['add']>
    ) {
      const request = original.apply(this, args);
      if (w.__quotaFull && this.name === 'orders') {
        full.add(this.transaction);
        this.transaction.abort();
      }
      return request;
    };
  }
  const error = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'error');
  Object.defineProperty(IDBTransaction.prototype, 'error', {
    configurable: true,
    get(this: IDBTransaction) {
      return full.has(this)
        ? new DOMException('The quota has been exceeded.', 'QuotaExceededError')
        : error?.get?.call(this);
    },
  });
}

/** Puts baguettes in the cart and confirms an exact cash payment, without waiting for a receipt. */
async function tryToPay(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
  await page.getByRole('button', { name: /^Pay/ }).first().click();
  await page.getByRole('button', { name: /^Exact/i }).click();
  await page
    .getByRole('button', { name: /^(Confirm|Pay)/ })
    .last()
    .click();
}

describe('persistent storage', () => {
  // Each stubs the persistence request in its own tab; neither dismisses the warning.
  describe('on a tablet these tests share', () => {
    useTillSuite((suite) => ({ server, context } = suite), { share: 'file', chromium });

    it('asks for persistent storage at the first sale, and shows a non-blocking warning when refused', async () => {
      const page = await openTill(context, server.url, {
        beforeLoad: (tab) => tab.addInitScript(stubPersist, false),
      });
      const sold = (await readOutbox(page)).length; // earlier tests of the shared tablet sold too
      expect(await persistCalls(page)).toBe(0); // not at start-up: at the first sale
      await sellCash(page, ['Baguette tradition']);
      expect(await persistCalls(page)).toBe(1);
      await page.getByText(STORAGE_WARNING).waitFor({ timeout: 5_000 });
      await sellCash(page, ['Pain au chocolat']); // non-blocking: selling goes on
      expect(await persistCalls(page)).toBe(1);
      expect(await readOutbox(page)).toHaveLength(sold + 2);
    });

    it('shows no warning when the browser grants persistent storage', async () => {
      const page = await openTill(context, server.url, {
        beforeLoad: (tab) => tab.addInitScript(stubPersist, true),
      });
      await sellCash(page, ['Baguette tradition']);
      await waitFor('persist asked', async () => (await persistCalls(page)) === 1);
      expect(await page.getByText(STORAGE_WARNING).count()).toBe(0);
    });
  });

  // Fresh: the dismissal is remembered on the device.
  describe('on a fresh tablet', () => {
    useTillSuite((suite) => ({ server, context } = suite), { chromium });

    it('a dismissed storage warning stays dismissed on the device after a reload, until the browser grants storage and takes it back', async () => {
      await context.addInitScript(stubPersist, false);
      const page = await openTill(context, server.url);
      await sellCash(page, ['Baguette tradition']);
      await page.getByText(STORAGE_WARNING).waitFor({ timeout: 5_000 });
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await waitFor('the warning gone', async () => (await page.getByText(STORAGE_WARNING).count()) === 0);

      await page.reload();
      await sellCash(page, ['Pain au chocolat']);
      await waitFor('persist asked after the reload', async () => (await persistCalls(page)) === 1);
      expect(await page.getByText(STORAGE_WARNING).count()).toBe(0);

      // The situation changes: granted once (the dismissal is forgotten), refused again later.
      await page.reload();
      await page.evaluate(() => (navigator.storage.persisted = async () => true));
      await sellCash(page, ['Baguette tradition']);
      await waitFor(
        'the dismissal forgotten',
        async () =>
          (await page.evaluate(() => localStorage.getItem('pos-shell.storage-warning-dismissed'))) === null,
      );
      await page.reload();
      await sellCash(page, ['Pain au chocolat']);
      await page.getByText(STORAGE_WARNING).waitFor({ timeout: 5_000 });
    });
  });
});

describe('failed writes', () => {
  useTillSuite((suite) => ({ server, context } = suite), { chromium });

  it('storage full when paying: the sale is refused with a clear message, not shown as paid; earlier orders are intact', async () => {
    await context.addInitScript(injectQuotaFull);
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    await sellCash(page, ['Baguette tradition']);
    await sellCash(page, ['Pain au chocolat']);
    // What must stay intact is each order and its status; the outbox's retry bookkeeping
    // (attempts, last error) may move meanwhile, as a flush tries the offline server.
    const intact = (entries: Awaited<ReturnType<typeof readEntries>>) =>
      entries.map((e) => ({ uuid: e.uuid, status: e.status, order: e.order }));
    const before = intact(await readEntries(page));

    // The disk is full for the page and for the worker that writes its sales.
    const writer = await orderWriterOf(page);
    await writer.evaluate(injectQuotaFull);
    const setFull = async (full: boolean) => {
      const set = (on: boolean) => ((globalThis as unknown as { __quotaFull: boolean }).__quotaFull = on);
      await page.evaluate(set, full);
      await writer.evaluate(set, full);
    };
    await setFull(true);
    await tryToPay(page);
    await page
      .getByText('The device storage is full: the sale was not saved.')
      .first()
      .waitFor({ timeout: 5_000 });
    expect(await page.getByRole('button', { name: /New sale/i }).count()).toBe(0);
    expect(intact(await readEntries(page))).toEqual(before);

    // Room again: the same cart is paid, with the next reference (the failed one used none).
    await setFull(false);
    await page
      .getByRole('button', { name: /^(Confirm|Pay)/ })
      .last()
      .click();
    await page.getByRole('button', { name: /New sale/i }).waitFor({ timeout: 5_000 });
    const after = await readEntries(page);
    expect(after).toHaveLength(3);
    expect(after.map((e) => e.order.reference.slice(-4)).sort()).toEqual(['0001', '0002', '0003']);
  });

  it('the browser closes the database (site data cleared): the cashier is told, and a sale is refused, not shown as paid', async () => {
    const page = await openTill(context, server.url);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'indexeddb' });
    await page
      .getByText(/The browser closed the storage of this till/)
      .first()
      .waitFor({ timeout: 10_000 });
    await tryToPay(page);
    await page
      .getByText(/could not be saved on this device/)
      .first()
      .waitFor({ timeout: 5_000 });
    expect(await page.getByRole('button', { name: /New sale/i }).count()).toBe(0);
  });
});

/** The database as the first build (version 1) made it, opened raw in `page` and kept in `window.__v1` (it ignores versionchange, like a stuck old tab). */
async function openVersion1(page: Page, entries: RawEntry[]): Promise<void> {
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pos-shell', 1);
        open.onupgradeneeded = () => {
          const db = open.result;
          const orders = db.createObjectStore('orders', { keyPath: 'uuid' });
          orders.createIndex('status', 'status');
          orders.createIndex('sessionId', 'sessionId');
          orders.createIndex('statusQueuedAt', ['status', 'queuedAt']);
          db.createObjectStore('session', { keyPath: 'id' });
          db.createObjectStore('catalog', { keyPath: 'id' });
          db.createObjectStore('meta');
          for (const row of rows) open.transaction?.objectStore('orders').put(row);
        };
        open.onsuccess = () => {
          (window as unknown as { __v1: IDBDatabase }).__v1 = open.result;
          resolve();
        };
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
      }),
    entries,
  );
}

/** `count` pending orders of session 1, device 1, as a version-1 build stored them. */
function version1Entries(count: number): RawEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const order = buildOrder(
      {
        uuid: randomUUID(),
        sessionId: 1,
        deviceNumber: 1,
        currency: 'EUR',
        createdAt: new Date().toISOString(),
        lines: [
          {
            productId: 1,
            name: 'Baguette tradition',
            quantity: 1,
            unitPrice: 120,
            taxRate: 550,
            discount: 0,
          },
        ],
        payments: [{ method: 'card', amount: 120 }],
      },
      2_000 + i,
    );
    return {
      uuid: order.uuid,
      sessionId: 1,
      status: 'pending',
      order,
      queuedAt: i,
      attempts: 0,
      lastAttemptAt: null,
      lastError: null,
      syncedAt: null,
      landedSessionId: null,
    };
  });
}

describe('schema upgrades between tabs', () => {
  useTillSuite((suite) => ({ server, context } = suite), { chromium });

  it('five pending orders of an older database version are still pending after the upgrade; an old tab blocking it is named, never wedges it', async () => {
    const old = await context.newPage();
    await old.goto(`${server.url}/api/health`); // same origin, no app: a tab of the old build
    const queued = version1Entries(5);
    await openVersion1(old, queued);
    await context.route(UPLOADS, (route) => route.abort('connectionrefused'));

    const page = await context.newPage();
    await page.goto(server.url + (await createPairingCode(server)).pairPath);
    await page
      .getByText('An older version of the till is open in another tab: close it so this one can start.')
      .first()
      .waitFor({ timeout: 15_000 });
    await old.evaluate(() => (window as unknown as { __v1: IDBDatabase }).__v1.close());
    await page.getByRole('button', { name: 'Baguette tradition' }).first().waitFor({ timeout: 15_000 });
    await waitFor(
      'the blocked message gone',
      async () => (await page.getByText(/An older version of the till/).count()) === 0,
    );

    const entries = await readEntries(page);
    expect(entries.map((e) => [e.uuid, e.status])).toEqual(
      expect.arrayContaining(queued.map((e) => [e.uuid, 'pending'])),
    );
    expect(entries).toHaveLength(5);
    for (const entry of queued)
      expect(entries.find((e) => e.uuid === entry.uuid)?.order).toEqual(entry.order);

    await context.unroute(UPLOADS);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 15_000,
    });
    await flushUntil(page, 'the 5 on the server', async () => (await serverOrders(server, 1)).length === 5);
    expect((await outboxCounts(page)).synced).toBe(5);
  });

  it('a newer version opened in another tab is never blocked by this till or its worker; the till says so and takes no more sales', async () => {
    const page = await openTill(context, server.url);
    await sellCash(page, ['Baguette tradition']); // the worker has its connection open too
    const newer = await context.newPage();
    await newer.goto(`${server.url}/api/health`);
    const outcome = await newer.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('pos-shell', 100);
          open.onupgradeneeded = () =>
            open.transaction?.objectStore('orders').createIndex('newer', 'queuedAt');
          open.onblocked = () => resolve('blocked');
          open.onsuccess = () => {
            const version = open.result.version;
            open.result.close();
            resolve(`opened ${version}`);
          };
          open.onerror = () => resolve(`error ${open.error?.name}`);
        }),
    );
    expect(outcome).toBe('opened 100');
    await page
      .getByText('A newer version was opened in another tab: reload.')
      .first()
      .waitFor({ timeout: 5_000 });
    await tryToPay(page);
    await page
      .getByText(/could not be saved on this device/)
      .first()
      .waitFor({ timeout: 5_000 });
    expect(await page.getByRole('button', { name: /New sale/i }).count()).toBe(0);
  });
});
