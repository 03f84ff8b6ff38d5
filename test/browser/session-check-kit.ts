import type { BrowserContext, Page } from 'playwright-core';
import type { SessionRecord } from '../../src/domain/session-record.js';
import { openTill, waitFor, type TestServer } from './harness.js';
import { SESSION_EVENT } from '../../src/domain/api/names.js';

/**
 * Helpers of the session-check browser tests and benches: read the check record from outside,
 * wake the worker through CDP, count the server's checks over a window, watch for the dialog.
 */

/** The stored record of the device's current session, read with the raw IndexedDB API. */
export async function readSessionRecord(page: Page): Promise<SessionRecord | undefined> {
  return page.evaluate(
    () =>
      new Promise<SessionRecord | undefined>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['meta', 'session']);
          const idReq = tx.objectStore('meta').get('currentSessionId');
          idReq.onsuccess = () => {
            if (idReq.result === undefined) {
              db.close();
              resolve(undefined);
              return;
            }
            const req = tx.objectStore('session').get(idReq.result as IDBValidKey);
            req.onsuccess = () => {
              db.close();
              resolve(req.result as SessionRecord | undefined);
            };
          };
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
        };
      }),
  );
}

/**
 * Session checks the server sees during the next `ms` (a measuring window, not a wait for a
 * condition: the figure is what happened inside it).
 */
export async function countChecksOver(server: TestServer, ms: number): Promise<number> {
  const start = server.sessionChecks();
  const end = Date.now() + ms;
  await waitFor('the end of the measuring window', () => Date.now() >= end, ms + 1_000, Math.min(250, ms));
  return server.sessionChecks() - start;
}

/**
 * With a long frequency (3600 s): waits until no check is scheduled soon and the last attempt is
 * more than 5 s old, so a forced check may run at once. Read afresh at each poll: opening a till
 * also defers a forced check 5 s after the start-up one (too soon after it), and a single read
 * of the start-up time would end the wait just as that deferred check fires.
 */
export async function waitForQuietChecks(page: Page, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    'no session check due soon, the last one over 5 s ago',
    async () => {
      const record = await readSessionRecord(page);
      if (!record?.lastAttemptAt) return false;
      const now = Date.now();
      return record.nextCheckAt - now > 60_000 && now - record.lastAttemptAt > 5_200;
    },
    timeoutMs,
    100,
  );
}

/** The registration id of the page's service worker, from CDP `ServiceWorker.workerRegistrationUpdated`. */
async function registrationId(
  page: Page,
): Promise<{ id: string; send: (method: string, params: object) => Promise<unknown> }> {
  const cdp = await page.context().newCDPSession(page);
  const ids: string[] = [];
  cdp.on(
    'ServiceWorker.workerRegistrationUpdated',
    (event: { registrations: { registrationId: string; isDeleted: boolean }[] }) => {
      for (const r of event.registrations) if (!r.isDeleted) ids.push(r.registrationId);
    },
  );
  await cdp.send('ServiceWorker.enable');
  const id = await waitFor('a service worker registration', () => ids[0], 5_000, 25);
  if (id === undefined) throw new Error('no service worker registration');
  return { id, send: (method, params) => cdp.send(method as 'ServiceWorker.enable', params) };
}

/**
 * Fires a Background Sync `sync` event with `tag` at the page's service worker, as the browser
 * does when the device is back online (CDP `ServiceWorker.dispatchSyncEvent`).
 */
export async function dispatchSessionSync(page: Page, tag: string): Promise<void> {
  const { id, send } = await registrationId(page);
  await send('ServiceWorker.dispatchSyncEvent', {
    origin: new URL(page.url()).origin,
    registrationId: id,
    tag,
    lastChance: false,
  });
}

/** Fires a Periodic Background Sync `periodicsync` event with `tag` at the page's service worker. */
export async function dispatchPeriodicSync(page: Page, tag: string): Promise<void> {
  const { id, send } = await registrationId(page);
  await send('ServiceWorker.dispatchPeriodicSyncEvent', {
    origin: new URL(page.url()).origin,
    registrationId: id,
    tag,
  });
}

/**
 * Installs, in every page of `context` (present and future), a recorder of the moment the
 * blocking dialog first appears, on the wall clock (`performance.timeOrigin + performance.now()`),
 * so the time to closure is measured inside the page, not by the speed of polling it. Reset it
 * with `window.__dialogAt = null`. (Init scripts are plain text: a transpiler's helpers, such as
 * esbuild's `__name` under tsx, do not exist in the page.)
 */
export async function recordDialogTimes(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `
      window.__dialogAt = null;
      (() => {
        const dialogShown = () => document.querySelector('pos-app')?.shadowRoot?.querySelector('pos-session-dialog') != null;
        const note = () => {
          if (window.__dialogAt === null && dialogShown()) window.__dialogAt = performance.timeOrigin + performance.now();
        };
        const observer = new MutationObserver(note);
        const watch = () => {
          const root = document.querySelector('pos-app')?.shadowRoot;
          if (!root) return void setTimeout(watch, 10);
          observer.observe(root, { childList: true, subtree: true });
          note(); // the first render may have come before the observer
        };
        watch();
      })();`,
  });
}

/** When the page first showed the dialog (wall-clock ms), or null. */
export async function dialogShownAt(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __dialogAt: number | null }).__dialogAt);
}

/**
 * Matches the push stream's requests for `context.route`, whatever their query: the stream carries
 * the device token as `?access_token=`, which a glob ending in `/events` would miss.
 */
export const isPushStream = (url: URL): boolean => /^\/api\/sessions\/[^/]+\/events$/.test(url.pathname);

/**
 * Installs, in every page of `context`, a counter of the `session` events each push stream
 * delivered, per session id (`window.__streamEvents`). The server subscribes a stream before its
 * first event is read, so a count above zero means a closure of that session will be pushed.
 */
export async function watchStreams(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `
      window.__streamEvents = {};
      (() => {
        const Native = window.EventSource;
        window.EventSource = class extends Native {
          constructor(url, init) {
            super(url, init);
            this.addEventListener(${JSON.stringify(SESSION_EVENT)}, (event) => {
              const id = String(JSON.parse(String(event.data)).id);
              window.__streamEvents[id] = (window.__streamEvents[id] ?? 0) + 1;
            });
          }
        };
      })();`,
  });
}

/** Waits until one of `pages` holds a push stream subscribed to session `sessionId`. */
export async function waitForStream(
  pages: readonly Page[],
  sessionId: number | string,
  timeoutMs = 10_000,
): Promise<void> {
  const key = String(sessionId);
  await waitFor(
    `a push stream on session ${key}`,
    async () => {
      for (const page of pages) {
        const count = await page.evaluate(
          (k) => (window as unknown as { __streamEvents?: Record<string, number> }).__streamEvents?.[k] ?? 0,
          key,
        );
        if (count > 0) return true;
      }
      return false;
    },
    timeoutMs,
    50,
  );
}

/** Opens `count` more tabs of the till in `context`, a few at a time (2 cores: all at once is slower). */
export async function openTills(
  context: BrowserContext,
  url: string,
  count: number,
  batch = 4,
): Promise<Page[]> {
  const pages: Page[] = [];
  while (pages.length < count) {
    const size = Math.min(batch, count - pages.length);
    pages.push(
      ...(await Promise.all(
        Array.from({ length: size }, () => openTill(context, url, { waitForWorker: false })),
      )),
    );
  }
  return pages;
}

export { dialogText } from './harness.js';
