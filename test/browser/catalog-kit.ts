import type { Page } from 'playwright-core';
import { api, SEED_CONFIG_ID, type TestServer } from './harness.js';

/*
 * What the tests of "tills pick up catalog changes" read, whichever side made the change (the
 * product API, the back office): the catalog version on the tablet and on the server, and whether
 * the till's window was reloaded.
 */

/**
 * How long an open till may take to show a catalog change: the push (or the next check), the
 * catalog fetch, a render.
 */
export const CATALOG_SEEN_WITHIN_MS = 20_000;

/** The version of the catalog stored on the tablet (meta `catalogVersion`), or null. */
export async function storedCatalogVersion(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('meta').objectStore('meta').get('catalogVersion');
          req.onsuccess = () => {
            db.close();
            resolve((req.result as { version?: number } | undefined)?.version ?? null);
          };
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
  );
}

/** The catalog version the server holds for the seeded config (its session check answer). */
export async function serverCatalogVersion(server: TestServer): Promise<number | undefined> {
  const config = await api<{ currentSessionId: number }>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
  const session = await api<{ catalogVersion?: number }>(
    server,
    'GET',
    `/api/sessions/${config.currentSessionId}`,
  );
  return session.catalogVersion;
}

/** Marks the page's window, so a test can tell that it was never reloaded. */
export async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { notReloaded?: boolean }).notReloaded = true;
  });
}

/** Whether `page` is still the window markWindow marked (it was never reloaded). */
export async function stillTheSameWindow(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
}
