import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from './chromium.js';
import type { Browser, BrowserContext, Page, Route, Worker } from 'playwright-core';
import type { PosOrder } from '../../src/domain/pos-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../kit/admin-token.js';
import { uncountedMove } from '../kit/uncounted-move.js';
import {
  newPairingCode,
  pairDevice as pairKitDevice,
  type PairedDevice,
  type PairingCode,
} from '../kit/pair-device.js';
import { launchServer, STATIC_DIR, type LaunchedServer } from '../kit/test-server.js';

export { waitFor } from '../kit/wait-for.js';
export { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../kit/admin-token.js';
export type { PairedDevice, PairingCode } from '../kit/pair-device.js';
export { STATIC_DIR } from '../kit/test-server.js';

/** One upload seen by the server: the uuids it carried. */
export interface SeenUpload {
  uuids: string[];
}

/** A real server on 127.0.0.1 with a fresh SQLite file (or PostgreSQL database), and what it saw. */
export interface TestServer {
  url: string;
  /** Its data folder (`POS_DATA_DIR`: the SQLite file, backups), removed by close(). */
  dataDir: string;
  /** Session checks (`GET /api/sessions/:id`, not /events or /orders) seen so far. */
  sessionChecks: () => number;
  /** Every `POST /api/orders` body's uuids, in arrival order. */
  uploads: SeenUpload[];
  /** How many times the server received each order uuid in uploads. */
  uploadCount: (uuid: string) => number;
  /** Stops listening, keeping the data (the server is down, the LAN is up). */
  stop: () => Promise<void>;
  /** Listens again on the same port over the same data (same origin for the tablet). */
  start: () => Promise<void>;
  /**
   * Kills the server (open connections cut at once, as a crash would), runs `whileDown` if given,
   * then starts it again on the SAME port over the SAME data dir (the outbox's fault tests).
   */
  restart: (whileDown?: () => Promise<void>) => Promise<void>;
  /** Every `POST /api/sessions/:id/rescue` seen: the session id and the uuids it carried. */
  rescues: { sessionId: string; uuids: string[] }[];
  /** The running server (its database among others); throws while stopped. */
  running: LaunchedServer['running'];
  close: () => Promise<void>;
}

/**
 * Starts the real server with test/kit's launchServer (a random port, a temp data dir, the test
 * admin token), serving `staticDir` (default the build in dist/; the update test serves a folder
 * whose files it swaps for a newer build), on SQLite in that folder or on the empty PostgreSQL
 * database `databaseUrl` (the flush benchmark compares both engines; the caller drops that
 * database), counting the checks, uploads and rescues it sees.
 */
export async function startTestServer(
  options: { staticDir?: string; databaseUrl?: string } = {},
): Promise<TestServer> {
  let checks = 0;
  const uploads: SeenUpload[] = [];
  const rescues: TestServer['rescues'] = [];
  const server = await launchServer({
    staticDir: options.staticDir ?? STATIC_DIR,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    observe: ({ method, url, body }) => {
      const path = url.split('?')[0] ?? '';
      if (method === 'GET' && /^\/api\/sessions\/[^/]+$/.test(path)) checks += 1;
      if (method === 'POST' && path === '/api/orders') {
        const orders = (body as { orders?: { uuid?: unknown }[] } | undefined)?.orders ?? [];
        uploads.push({ uuids: orders.map((o) => String(o?.uuid)) });
      }
      const rescue = method === 'POST' ? /^\/api\/sessions\/([^/]+)\/rescue$/.exec(path) : null;
      if (rescue) {
        const orders = (body as { orders?: { uuid?: unknown }[] } | undefined)?.orders ?? [];
        rescues.push({ sessionId: rescue[1] ?? '', uuids: orders.map((o) => String(o?.uuid)) });
      }
    },
  });
  return {
    url: server.url,
    dataDir: server.dataDir,
    sessionChecks: () => checks,
    uploads,
    uploadCount: (uuid) => uploads.reduce((n, u) => n + u.uuids.filter((x) => x === uuid).length, 0),
    stop: server.stop,
    start: server.start,
    restart: server.restart,
    rescues,
    running: server.running,
    close: server.close,
  };
}

/** Who a test request speaks as: the admin token (default), another bearer token, or nobody (null). */
export interface ApiOptions {
  token?: string | null;
}

/**
 * JSON request to the test server, as the manager (`Authorization: Bearer TEST_ADMIN_TOKEN`)
 * unless `options.token` says otherwise; throws on a non-2xx answer with its body.
 */
export async function api<T>(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  options: ApiOptions = {},
): Promise<T> {
  const token = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A one-time pairing code for config `configId`, made as the manager would in the back office. */
export async function createPairingCode(
  server: TestServer,
  configId: number | string = SEED_CONFIG_ID,
): Promise<PairingCode> {
  return newPairingCode(server.url, configId);
}

/**
 * Pairs a device of config `configId` over HTTP (a code, then `POST /api/pair`), for tests that
 * post orders or checks directly; `previousToken` (a revoked token) pairs that device again (same number).
 */
export async function pairDevice(
  server: TestServer,
  configId: number | string = SEED_CONFIG_ID,
  previousToken?: string,
): Promise<PairedDevice> {
  return pairKitDevice(server.url, { configId, ...(previousToken === undefined ? {} : { previousToken }) });
}

/** Revokes device `deviceId` as the manager would (its token answers 401 `device_revoked` from now on). */
export async function revokeDevice(server: TestServer, deviceId: string): Promise<void> {
  await api(server, 'POST', `/api/devices/${encodeURIComponent(deviceId)}/revoke`);
}

/** Sets the config's check frequency (s). */
export async function setFrequency(
  server: TestServer,
  configId: number | string,
  seconds: number,
): Promise<void> {
  await api(server, 'PATCH', `/api/configs/${configId}`, { checkSessionStateFrequency: seconds });
}

/** Moves a session to `state` through the API, as a manager would (uncountedMove under cash control). */
export async function setSessionState(
  server: TestServer,
  sessionId: number | string,
  state: string,
): Promise<PosSession> {
  return api<PosSession>(server, 'PATCH', `/api/sessions/${sessionId}`, uncountedMove(state));
}

/**
 * A session of the caller's own on `configId`, opened (an uncounted float under cash control), for
 * tests that share one server: the register's current session, whatever the tests before left, is
 * closed and the next one opened. Resolves with it; rejects when the API refuses a step.
 */
export async function sessionOfItsOwn(
  server: TestServer,
  configId: number | string = SEED_CONFIG_ID,
): Promise<PosSession> {
  const { currentSessionId } = await api<{ currentSessionId: number | null }>(
    server,
    'GET',
    `/api/configs/${configId}`,
  );
  if (currentSessionId !== null) await setSessionState(server, currentSessionId, 'closed');
  const next = await api<PosSession>(server, 'POST', `/api/configs/${configId}/sessions`);
  return next.state === 'opened' ? next : setSessionState(server, next.id, 'opened');
}

/** Orders the server holds for a session. */
export async function serverOrders(server: TestServer, sessionId: number | string): Promise<PosOrder[]> {
  return api<PosOrder[]>(server, 'GET', `/api/sessions/${sessionId}/orders`);
}

/** Options of {@link openTill}. */
export interface OpenTillOptions {
  /** Wait until the service worker controls the page (default true). */
  waitForWorker?: boolean;
  /** The POS config the tablet is paired with when it is not yet (default the seed's). */
  configId?: number | string;
  /**
   * Runs on the new tab before the till is loaded in it (e.g. `page.addInitScript` for this tab
   * alone, where `context.addInitScript` would reach every later tab of a shared context).
   */
  beforeLoad?: (page: Page) => Promise<unknown>;
}

/**
 * Opens the till in a new tab of `context` through a pairing link made for it (`/?pair=<code>`,
 * a context not paired yet pairs with it; a paired one ignores the code; `/` while the
 * server is down), and waits until
 * it is ready to sell: the catalog is shown and the service worker controls the page (so a reload
 * works offline). `url` is the server's base URL.
 */
export async function openTill(
  context: BrowserContext,
  url: string,
  options: OpenTillOptions = {},
): Promise<Page> {
  const page = await context.newPage();
  await options.beforeLoad?.(page);
  await page.goto(url + (await pairPathOrRoot(url, options.configId ?? SEED_CONFIG_ID)));
  await page.getByRole('button', { name: 'Baguette tradition' }).first().waitFor({ timeout: 15_000 });
  if (options.waitForWorker !== false) {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 15_000,
    });
  }
  return page;
}

/**
 * The pairing link of a new code for `configId`, or `/` when the server is down (a test that
 * reopens a paired tablet while the server is stopped: it needs no code).
 */
async function pairPathOrRoot(url: string, configId: number | string): Promise<string> {
  try {
    return (await newPairingCode(url, configId)).pairPath;
  } catch (error) {
    // fetch rejects with a TypeError when nothing listens; a refusal by the server is an Error.
    if (error instanceof TypeError) return '/';
    throw error;
  }
}

/** Outbox entries as stored in the page's IndexedDB (read from outside, raw API). */
export async function readOutbox(
  page: Page,
): Promise<{ uuid: string; status: string; sessionId: unknown }[]> {
  return page.evaluate(
    () =>
      new Promise<{ uuid: string; status: string; sessionId: unknown }[]>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('orders').objectStore('orders').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(
              (req.result as { uuid: string; status: string; sessionId: unknown }[]).map(
                ({ uuid, status, sessionId }) => ({ uuid, status, sessionId }),
              ),
            );
          };
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
  );
}

/** The status bar's text. */
export async function statusText(page: Page): Promise<string> {
  return (await page.getByRole('status').first().textContent()) ?? '';
}

/**
 * The till's order writer: the dedicated worker that writes its sales (src/store/order-writer-worker.ts),
 * started when the first line goes into the cart (or by Pay). A fault injected into the page's IndexedDB must also be
 * injected here, where sales are written.
 */
export async function orderWriterOf(page: Page): Promise<Worker> {
  const isWriter = (worker: Worker) => worker.url().includes('order-writer-worker');
  return (
    page.workers().find(isWriter) ??
    (await page.waitForEvent('worker', { predicate: isWriter, timeout: 10_000 }))
  );
}

/** Adds `names` to the cart by tapping their tiles, then pays cash exactly; waits for the receipt. */
export async function sellCash(page: Page, names: string[]): Promise<void> {
  for (const name of names) await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('button', { name: /^Pay/ }).first().click();
  await page.getByRole('button', { name: /^Exact/i }).click();
  await page
    .getByRole('button', { name: /^(Confirm|Pay)/ })
    .last()
    .click();
  await page.getByRole('button', { name: /New sale/i }).waitFor({ timeout: 15_000 }); // a strict (fsync) write first, on a busy disk
  await page.getByRole('button', { name: /New sale/i }).click();
}

/**
 * Cuts the network of a context from its very first request, service worker included, and
 * returns the function that restores it. `context.setOffline(true)` called before a persistent
 * context has loaded a page does not reach the page nor the worker that starts later (seen with
 * playwright-core 1.65.1 and Chromium 156): an aborting route does, and setOffline is added once a
 * page exists so `navigator.onLine` is false too.
 */
export async function cutNetworkFromStart(
  context: BrowserContext,
): Promise<{ afterFirstPage: () => Promise<void>; restore: () => Promise<void> }> {
  const abort = (route: Route) => route.abort('internetdisconnected');
  await context.route('**/*', abort);
  return {
    afterFirstPage: async () => {
      await context.setOffline(false);
      await context.setOffline(true);
    },
    restore: async () => {
      await context.unroute('**/*', abort);
      await context.setOffline(false);
    },
  };
}

/**
 * Text of the blocking dialog, or null while none is shown. Never waits for a dialog that vanished
 * between the look and the read (the very moment a test waits for): that reads as null.
 */
export async function dialogText(page: Page): Promise<string | null> {
  const dialog = page.getByRole('alertdialog').first();
  if (!(await dialog.isVisible())) return null;
  return dialog.textContent({ timeout: 1_000 }).catch(() => null);
}

/** What {@link useTillSuite} hands each test: a server and a context of one Chromium. */
export interface TillSuite {
  browser: Browser;
  server: TestServer;
  context: BrowserContext;
}

/**
 * Runs `test` in a fresh 1280 × 800 context of the full Chromium, launched for it and closed after
 * (also when `test` throws): for tests of Background Sync, which the headless shell the suite
 * runs on does not have. Returns what `test` returns.
 */
export async function inFullChromium<T>(test: (context: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await launchChromium('full');
  try {
    return await test(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  } finally {
    await browser.close();
  }
}

/** Options of {@link useTillSuite}. */
export interface TillSuiteOptions {
  viewport?: { width: number; height: number };
  prepare?: (context: BrowserContext) => Promise<void>;
  /**
   * `'test'` (default): a fresh server (temp SQLite) and a fresh context for each test.
   * `'file'`: one server and one context for every test of the file (or of the `describe` it is
   * called in), so the tablet is paired and its service worker installed once (about 3 s a test on
   * the 2-core CI machine); the tabs a test opened are closed after it, its routes removed and the
   * network given back. Only for tests that need a paired till and depend on nothing an
   * earlier test of the file left behind (orders sold, a language chosen, a config changed).
   */
  share?: 'test' | 'file';
  /**
   * The Chromium to open contexts in, launched by the file ({@link useChromium}) and closed by it;
   * without it the suite launches a headless shell of its own. A file with a shared describe and
   * a fresh one passes the same getter to both, so it launches one Chromium, not one per describe.
   */
  chromium?: () => Browser;
}

/**
 * Registers hooks that launch one Chromium headless shell before the tests of the current block
 * (call it at the top of a file) and close it after them; returns its getter, which throws before
 * the launch. For {@link TillSuiteOptions.chromium}.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium('shell');
  });
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
  return () => {
    if (!browser) throw new Error('Chromium did not start');
    return browser;
  };
}

/**
 * Registers the usual hooks of a browser test file (or `describe`): one Chromium headless shell for
 * it (or `options.chromium`), and a server and a 1280 × 800 context per test (or per file or
 * `describe`, `share: 'file'`), closed after it. `use`
 * is called before each test with them, so the file keeps plain variables:
 * `useTillSuite((s) => ({ server, context } = s));`
 */
export function useTillSuite(use: (suite: TillSuite) => void, options: TillSuiteOptions = {}): void {
  let browser: TillSuite['browser'] | undefined;
  let current: TillSuite | undefined;
  const perFile = options.share === 'file';
  const open = async (): Promise<TillSuite> => {
    if (!browser) throw new Error('Chromium did not start');
    // Neither waits for the other: started together, they cost the slower of the two.
    const [server, context] = await Promise.all([
      startTestServer(),
      browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } }),
    ]);
    await options.prepare?.(context);
    return { browser, server, context };
  };
  const close = async (): Promise<void> => {
    await Promise.all([current?.context.close(), current?.server.close()]);
    current = undefined;
  };
  beforeAll(async () => {
    browser = options.chromium ? options.chromium() : await launchChromium('shell');
    if (perFile) current = await open();
  });
  afterAll(async () => {
    await close();
    if (!options.chromium) await browser?.close();
  });
  beforeEach(async () => {
    if (!perFile) current = await open();
    if (!current) throw new Error('no till suite');
    use(current);
  });
  afterEach(async () => {
    if (!perFile) return close();
    await Promise.all((current?.context.pages() ?? []).map((page) => page.close()));
    // A test that failed half-way must not leave the next one offline or behind its routes.
    await current?.context.unrouteAll({ behavior: 'ignoreErrors' });
    await current?.context.setOffline(false);
  });
}
