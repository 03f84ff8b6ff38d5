import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { flushUntil, putMeta } from './outbox-kit.js';
import {
  STATIC_DIR,
  openTill,
  readOutbox,
  sellCash,
  serverOrders,
  startTestServer,
  waitFor,
  type TestServer,
} from './harness.js';
import { OUTBOX_SYNC_TAG } from '../../src/domain/api/names.js';

/** The label of the second build; the first is dist/ as `npm test` built it. */
const NEXT_VERSION = '9.9.9-c05';

let browser: Browser;
let server: TestServer;
let context: BrowserContext;
let workDir: string;
/** The folder the server serves: a copy of v1, swapped for v2 mid-test ("a deployment"). */
let servedDir: string;
let nextDir: string;

/** Builds the till again into `outDir` with another version label: new hashes, a new sw.js. */
function buildNextVersion(outDir: string): void {
  const run = (args: string[]) =>
    execFileSync('npx', args, {
      cwd: process.cwd(),
      env: { ...process.env, VITE_APP_VERSION: NEXT_VERSION },
      stdio: 'pipe',
    });
  run(['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error']);
  run(['vite', 'build', '-c', 'vite.sw.config.ts', '--outDir', outDir, '--logLevel', 'error']);
  run(['tsx', 'scripts/inject-manifest.ts', outDir]);
}

/** Replaces every file of `dir` with those of `from` (the server reads files at each request). */
async function deploy(from: string, dir: string): Promise<void> {
  for (const name of await readdir(dir)) await rm(join(dir, name), { recursive: true, force: true });
  await cp(from, dir, { recursive: true });
}

/** The version the shell says it runs. */
async function shownVersion(page: Page): Promise<string> {
  return (
    (await page
      .getByText(/^Version /)
      .first()
      .textContent()) ?? ''
  );
}

async function cartLines(page: Page): Promise<number> {
  return page.locator('pos-cart').evaluate((el) => (el as unknown as { lines: unknown[] }).lines.length);
}

/**
 * Follows the browser's own record of Background Sync events for `tag` (CDP BackgroundService:
 * "Registered sync", "Dispatched sync event", "Sync completed"), from now on; `last()` is the
 * latest one's name, or null before any.
 */
async function watchSyncEvents(page: Page, tag: string): Promise<{ last: () => string | null }> {
  const cdp = await page.context().newCDPSession(page);
  let last: string | null = null;
  cdp.on('BackgroundService.backgroundServiceEventReceived', ({ backgroundServiceEvent: e }) => {
    if (e.instanceId === tag) last = e.eventName;
  });
  await cdp.send('BackgroundService.startObserving', { service: 'backgroundSync' });
  await cdp.send('BackgroundService.setRecording', { shouldRecord: true, service: 'backgroundSync' });
  return { last: () => last };
}

/** The browser's record of the origin's worker versions, read through CDP's ServiceWorker domain. */
interface WorkerWatch {
  /** Every change of status or running status since the watch began, one line each, timed in ms. */
  log(): string;
}

async function watchWorkers(page: Page): Promise<WorkerWatch> {
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now();
  const lines: string[] = [];
  const latest = new Map<string, { status: string; running: string }>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      const before = latest.get(v.versionId);
      if (before?.status === v.status && before.running === v.runningStatus) continue;
      latest.set(v.versionId, { status: v.status, running: v.runningStatus });
      lines.push(`${Date.now() - t0} ms: version ${v.versionId} ${v.status}, ${v.runningStatus}`);
    }
  });
  await cdp.send('ServiceWorker.enable');
  return { log: () => lines.join('\n') };
}

async function hasWaitingWorker(page: Page): Promise<boolean> {
  return page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'pos-c05-'));
  nextDir = join(workDir, 'v2');
  servedDir = join(workDir, 'served');
  buildNextVersion(nextDir);
  // The full browser: one test here needs Background Sync, which the headless shell lacks.
  browser = await launchChromium('full');
}, 120_000);
afterAll(async () => {
  await browser.close();
  await rm(workDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await rm(servedDir, { recursive: true, force: true });
  await cp(STATIC_DIR, servedDir, { recursive: true });
  server = await startTestServer({ staticDir: servedDir });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
});
afterEach(async () => {
  await context.close();
  await server.close();
});

/**
 * Waits up to 45 s for the page to run NEXT_VERSION. A cashier's "Try again" is allowed: the flow
 * gives up waiting for the activation after 10 s, which a loaded machine may reach while the old
 * worker finishes an event (a session check takes up to 4 s). A timeout names where the update
 * stood, with the browser's record of the worker versions.
 */
async function waitForNewVersion(page: Page, workers: WorkerWatch): Promise<void> {
  let state = '';
  await waitFor(
    'the new version',
    async () => {
      if ((await shownVersion(page).catch(() => '')).includes(NEXT_VERSION)) return true;
      state = await page
        .evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          const status = (document.querySelector('pos-app') as unknown as { updateStatus?: string } | null)
            ?.updateStatus;
          return `status ${status}, waiting ${registration?.waiting?.state}, active ${registration?.active?.state}`;
        })
        .catch((error: unknown) => String(error));
      const retry = page.getByRole('button', { name: 'Try again' });
      if (await retry.count()) await retry.click().catch(() => undefined);
      return false;
    },
    // Under 55 s, the longest a sync event waiting out the backoff held an accepted update; on
    // the 2-core CI machine with two browser files running, 30 s was missed once with the
    // update waiting for the old worker's other events to end.
    45_000,
    250,
  ).catch((error: unknown) => {
    throw new Error(
      `${String(error)} (${state})\nthe browser's record of the worker versions:\n${workers.log()}`,
    );
  });
}

describe('safe update', () => {
  it('a new version deployed while the cart has lines: prompt, no switch mid-sale, outbox intact after the update', async () => {
    // Uploads fail, so the orders stay in the outbox through the update.
    const refuse = (route: Route) => route.abort('connectionrefused');
    await context.route('**/api/orders', refuse);
    const page = await openTill(context, server.url);
    const workers = await watchWorkers(page);
    const v1 = await shownVersion(page);
    expect(v1).not.toContain(NEXT_VERSION);
    // A first install is no update: no prompt.
    await expect(page.getByText('Update available').count()).resolves.toBe(0);

    await sellCash(page, ['Baguette tradition']);
    await page.getByRole('button', { name: 'Baguette tradition', exact: true }).click();
    await page.getByRole('button', { name: 'Croissant au beurre', exact: true }).click();
    expect(await cartLines(page)).toBe(2);

    await deploy(nextDir, servedDir);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByText('Update available').first().waitFor({ timeout: 15_000 });

    // Mid-sale, the button only promises; nothing switches.
    await page.getByRole('button', { name: 'Update after this sale' }).click();
    await page.getByText('the till updates right after this sale').waitFor();
    expect(await hasWaitingWorker(page)).toBe(true);
    expect(await cartLines(page)).toBe(2);
    expect(await shownVersion(page)).toBe(v1);

    // Paying and the receipt are still the sale: still no switch.
    await page.getByRole('button', { name: /^Pay/ }).first().click();
    await page.getByRole('button', { name: /^Exact/i }).click();
    await page.getByRole('button', { name: /^Confirm/ }).click();
    await page.getByRole('button', { name: /New sale/i }).waitFor();
    expect(await hasWaitingWorker(page)).toBe(true);
    expect(await shownVersion(page)).toBe(v1);
    const before = await readOutbox(page);
    expect(before.map((e) => e.status)).toEqual(['pending', 'pending']);

    // "New sale" ends the sale: the till updates and reloads into the new version.
    await page.getByRole('button', { name: /New sale/i }).click();
    await waitForNewVersion(page, workers);
    expect(await hasWaitingWorker(page)).toBe(false);
    await page.getByRole('button', { name: 'Baguette tradition', exact: true }).waitFor();

    const after = await readOutbox(page);
    expect(after).toEqual(before);

    // And the new version delivers them, each once.
    await context.unroute('**/api/orders', refuse);
    // Past failures put the heartbeat's flush in backoff: ask the new worker for flushes.
    await flushUntil(
      page,
      'both orders on the server',
      async () => (await serverOrders(server, 1)).length === 2,
      20_000,
    );
    for (const entry of before) expect(server.uploadCount(entry.uuid)).toBe(1);
    // Longer than the sum of its waits (the update alone may take 45 s on a loaded machine), so a
    // slow update fails with waitForNewVersion's account of where it stood, not a bare timeout.
  }, 120_000);

  it('a Background Sync waiting out the upload backoff does not hold the accepted update back', async () => {
    // Chromium activates a waiting worker only once the active one has no pending events: a sync
    // event sleeping through the backoff used to keep the till inert, then "failed" (a CI run).
    const refuse = (route: Route) => route.abort('connectionrefused');
    await context.route('**/api/orders', refuse);
    const page = await openTill(context, server.url);
    const workers = await watchWorkers(page);
    await sellCash(page, ['Baguette tradition']);
    await putMeta(page, 'flushRetryAt', Date.now() + 55_000);
    const syncEvent = await watchSyncEvents(page, OUTBOX_SYNC_TAG);
    await page.evaluate(async (tag) => {
      const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
        sync: { register(tag: string): Promise<void> };
      };
      await registration.sync.register(tag);
    }, OUTBOX_SYNC_TAG);
    // Online, the browser fires it at once; the update must come while that event is still
    // pending (dispatched, not completed), which only the browser's own record shows.
    await waitFor(
      'the sync event dispatched and still running',
      () => syncEvent.last() === 'Dispatched sync event',
      10_000,
      25,
    );

    await deploy(nextDir, servedDir);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByRole('button', { name: 'Update', exact: true }).click({ timeout: 15_000 });
    // Well under the 55 s the old worker held the update.
    await waitForNewVersion(page, workers);
    expect((await readOutbox(page)).map((e) => e.status)).toEqual(['pending']);
    // Longer than the sum of its waits, so a slow update fails with waitForNewVersion's account.
  }, 120_000);

  it('while an accepted update takes over, no tab of the till posts to the old worker (a heartbeat as it stops kept the update waiting), and the heartbeats come back if it fails', async () => {
    // Chromium switches to the new worker once the old one is idle, and asks it to go idle at once
    // only at the first skipWaiting(). A heartbeat landing as the old worker stopped started it
    // again without that request, and it ran on, kept busy by the heartbeats: the till sat on
    // "Updating" and failed (CI). Here the switch is held open on purpose (the tab's skip-waiting
    // never reaches the new worker) and two tabs of the till must leave the old worker alone
    // until the update gives up.
    const page = await openTill(context, server.url);
    const other = await openTill(context, server.url);
    await deploy(nextDir, servedDir);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const update = page.getByRole('button', { name: 'Update', exact: true });
    await update.waitFor({ timeout: 15_000 });
    for (const tab of [page, other]) {
      await tab.evaluate(() => {
        type Post = (this: ServiceWorker, message: unknown) => void;
        const post = ServiceWorker.prototype.postMessage as Post;
        const posts: { type: string; to: string; at: number }[] = [];
        (window as unknown as { posts: typeof posts }).posts = posts;
        ServiceWorker.prototype.postMessage = function (this: ServiceWorker, message: unknown) {
          const type = String((message as { type?: unknown } | null)?.type);
          posts.push({ type, to: this.state, at: Date.now() });
          if (type !== 'skip-waiting') post.call(this, message);
        };
      });
    }
    await update.click();
    await page.getByText('The update could not be applied.').waitFor({ timeout: 20_000 });
    const postsOf = (tab: Page) =>
      tab.evaluate(() => (window as unknown as { posts: { type: string; to: string; at: number }[] }).posts);
    const asked = (await postsOf(page)).find((p) => p.type === 'skip-waiting')?.at ?? 0;
    expect(asked).toBeGreaterThan(0);
    // A heartbeat under way as the update began, or the other tab's before the word reached it,
    // may still go out (1 s); the hold is 10 s, and without it each tab beats every second.
    for (const tab of [page, other]) {
      const toOld = (await postsOf(tab)).filter(
        (p) => p.to === 'activated' && p.at > asked + 1_000 && p.at < asked + 9_000,
      );
      expect(toOld).toEqual([]);
    }
    // Given up, the till checks its session again: heartbeats go to the old worker once more.
    for (const tab of [page, other]) {
      await waitFor(
        'heartbeats again after the update gave up',
        async () =>
          (await postsOf(tab)).some(
            (p) => p.type === 'heartbeat' && p.to === 'activated' && p.at > asked + 9_000,
          ),
        15_000,
        250,
      );
    }
  }, 120_000);

  it('with an empty cart, Update applies the new version at once', async () => {
    const page = await openTill(context, server.url);
    const workers = await watchWorkers(page);
    await deploy(nextDir, servedDir);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByRole('button', { name: 'Update', exact: true }).click({ timeout: 15_000 });
    await waitForNewVersion(page, workers);
  }, 120_000);
});
