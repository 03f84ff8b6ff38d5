import { randomUUID } from 'node:crypto';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { buildOrder } from '../../src/domain/build-order.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { openTill, waitFor } from './harness.js';

/**
 * Helpers of the outbox and rescue browser tests and of bench/flush: put orders straight into
 * the page's IndexedDB (as the app stores them), read the outbox and meta from outside, and drive
 * the service worker through CDP (stop it, fire `sync`).
 */

/** The stored outbox entry shape (src/store/db.ts), restated for raw IndexedDB writes. */
export interface RawEntry {
  uuid: string;
  sessionId: number | string;
  status: 'pending' | 'synced' | 'held' | 'rejected';
  order: PosOrder;
  queuedAt: number;
  attempts: number;
  lastAttemptAt: number | null;
  lastError: { code: string; message: string } | null;
  syncedAt: number | null;
  landedSessionId: number | string | null;
}

/**
 * Opens the till in `context` at `url` and resolves once it sells in `session`: its stored current
 * session is that one and no blocking dialog shows (a tablet that last saw a closed session shows
 * that one's dialog until it has read the new one from the server). For tests that share a tablet
 * and work in a session of their own (sessionOfItsOwn). Rejects after waitFor's time limit.
 */
export async function openTillInSession(
  context: BrowserContext,
  url: string,
  session: { id: number | string },
): Promise<Page> {
  const page = await openTill(context, url);
  await waitFor(
    'the till in its session',
    async () =>
      String(await readMeta(page, 'currentSessionId')) === String(session.id) &&
      (await page.getByRole('alertdialog').count()) === 0,
  );
  return page;
}

/** Reads `meta` values of the page's database. */
export async function readMeta<T = unknown>(page: Page, key: string): Promise<T | undefined> {
  return page.evaluate(
    (k) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('meta').objectStore('meta').get(k);
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
    key,
  ) as Promise<T | undefined>;
}

/**
 * Puts `rows` into `store` of the page's database in one transaction: `key` for a store whose
 * keys are out of line (`meta`), none for one with a key path (`orders`, by uuid).
 */
async function putRows(
  page: Page,
  store: string,
  rows: readonly { value: unknown; key?: string }[],
): Promise<void> {
  await page.evaluate(
    ([name, list]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(name, 'readwrite');
          for (const row of list) {
            if (row.key === undefined) tx.objectStore(name).put(row.value);
            else tx.objectStore(name).put(row.value, row.key);
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
        };
      }),
    [store, rows] as const,
  );
}

/** Writes one `meta` value of the page's database (as the app stores it: the key out of line). */
export async function putMeta(page: Page, key: string, value: unknown): Promise<void> {
  await putRows(page, 'meta', [{ key, value }]);
}

/** Every outbox entry, as stored. */
export async function readEntries(page: Page): Promise<RawEntry[]> {
  return page.evaluate(
    () =>
      new Promise<RawEntry[]>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('orders').objectStore('orders').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as RawEntry[]);
          };
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
  );
}

/** Outbox entries by status. */
export async function outboxCounts(page: Page): Promise<Record<RawEntry['status'], number>> {
  const counts = { pending: 0, synced: 0, held: 0, rejected: 0 };
  for (const entry of await readEntries(page)) counts[entry.status] += 1;
  return counts;
}

/** Writes `entries` into the page's outbox in one transaction (put: an existing uuid is replaced). */
export async function putEntries(page: Page, entries: readonly RawEntry[]): Promise<void> {
  await putRows(
    page,
    'orders',
    entries.map((value) => ({ value })),
  );
}

/**
 * `count` valid orders (right totals, unique references) of the page's current session and
 * device, as pending entries queued 1 ms apart. Sequences start at `firstSequence` (kept clear of
 * the till's own, which start at 1). `createdAt` defaults to now.
 */
export async function makePendingEntries(
  page: Page,
  count: number,
  options: { firstSequence?: number; createdAt?: string; status?: RawEntry['status'] } = {},
): Promise<RawEntry[]> {
  const sessionId = await readMeta<number | string>(page, 'currentSessionId');
  const deviceNumber = await readMeta<number>(page, 'deviceNumber');
  const currency = (await readMeta<string>(page, 'currency')) ?? 'EUR';
  if (sessionId === undefined || deviceNumber === undefined)
    throw new Error('the till has no session or device number yet');
  const first = options.firstSequence ?? 1_000;
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const order = buildOrder(
      {
        uuid: randomUUID(),
        sessionId,
        deviceNumber,
        currency,
        createdAt: options.createdAt ?? new Date(now).toISOString(),
        lines: [
          {
            productId: 1,
            name: 'Baguette tradition',
            quantity: 1 + (i % 3),
            unitPrice: 120,
            taxRate: 550,
            discount: 0,
          },
        ],
        payments: [{ method: 'cash', amount: 500 }],
      },
      first + i,
    );
    return {
      uuid: order.uuid,
      sessionId,
      status: options.status ?? 'pending',
      order,
      queuedAt: now + i,
      attempts: 0,
      lastAttemptAt: null,
      lastError: null,
      syncedAt: null,
      landedSessionId: null,
    };
  });
}

/** Puts `count` pending orders into the page's outbox (see makePendingEntries); returns them. */
export async function injectPending(
  page: Page,
  count: number,
  options: Parameters<typeof makePendingEntries>[2] = {},
): Promise<RawEntry[]> {
  const entries = await makePendingEntries(page, count, options);
  for (let start = 0; start < entries.length; start += 2_000)
    await putEntries(page, entries.slice(start, start + 2_000));
  return entries;
}

/** Asks the page's service worker for a flush, as the page does after a sale. */
export async function flushNow(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: 'flush-now' }));
}

/**
 * Waits for `done`, asking for a flush at each look that finds it not yet true (every 500 ms), as
 * a cashier's next sale would. One flush-now is not enough when the network just came back: it may
 * run before the browser's network is back and fail too, and the stored backoff after the failures
 * of an offline spell can put the next attempt of its own 30 s away.
 */
export async function flushUntil(
  page: Page,
  what: string,
  done: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  await waitFor(
    what,
    async () => {
      if (await done()) return true;
      await flushNow(page).catch(() => undefined);
      return false;
    },
    timeoutMs,
    500,
  );
}

/** A CDP session on `page` with the ServiceWorker domain on, and the registrations it reported. */
export async function serviceWorkerCdp(
  page: Page,
): Promise<{ cdp: CDPSession; registrationId: () => Promise<string> }> {
  const cdp = await page.context().newCDPSession(page);
  const ids: string[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
    for (const r of event.registrations) if (!r.isDeleted) ids.push(r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  const registrationId = async (): Promise<string> => {
    const id = await waitFor('a service worker registration', () => ids[0], 5_000, 25);
    if (id === undefined) throw new Error('no service worker registration');
    return id;
  };
  return { cdp, registrationId };
}

/** Stops every service worker of the browser, as Chromium does to an idle one; the next event starts it afresh. */
export async function stopAllWorkers(page: Page): Promise<void> {
  const { cdp } = await serviceWorkerCdp(page);
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/**
 * Fires a Background Sync `sync` event with `tag` at the worker of `origin`, through a CDP session
 * on `page` (any page of the context: the till's own tabs may all be closed).
 */
export async function dispatchSync(page: Page, origin: string, tag: string): Promise<void> {
  const { cdp, registrationId } = await serviceWorkerCdp(page);
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin,
    registrationId: await registrationId(),
    tag,
    lastChance: false,
  });
  await cdp.detach();
}

/** The Background Sync tags the worker has registered (read inside the worker). */
export async function syncTags(context: BrowserContext): Promise<string[]> {
  const [worker] = context.serviceWorkers();
  if (!worker) return [];
  return worker.evaluate(async () => {
    const registration = (
      self as unknown as {
        registration: ServiceWorkerRegistration & { sync?: { getTags(): Promise<string[]> } };
      }
    ).registration;
    return (await registration.sync?.getTags()) ?? [];
  });
}

/** How many outbox entries have `status`, counted on the `statusQueuedAt` index (cheap with 10,000 entries). */
export async function countStatus(page: Page, status: RawEntry['status']): Promise<number> {
  return page.evaluate(
    (s) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const db = open.result;
          const req = db
            .transaction('orders')
            .objectStore('orders')
            .index('statusQueuedAt')
            .count(IDBKeyRange.bound([s, -Infinity], [s, Infinity]));
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
    status,
  );
}
