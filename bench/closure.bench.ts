import type { Page, Route } from 'playwright-core';
import { sameId } from '../src/domain/ids.js';
import type { PosSession } from '../src/domain/pos-session.js';
import { launchChromium } from '../test/browser/chromium.js';
import {
  api,
  openTill,
  setFrequency,
  setSessionState,
  startTestServer,
  waitFor,
  type TestServer,
} from '../test/browser/harness.js';
import {
  dialogShownAt,
  isPushStream,
  openTills,
  readSessionRecord,
  recordDialogTimes,
  waitForStream,
  watchStreams,
} from '../test/browser/session-check-kit.js';
import { percentile, type BenchRow } from './bench-row.js';

export const title = 'closure seen by every tab';

/** The config's check frequency during the run (s). */
const FREQUENCY_S = 5;
/** Closures measured per tab count and channel. */
const CLOSURES = 5;
/** Budgets (ms): without push, one check interval plus 1 s; with push, under 1 s. */
const BUDGET_CHECK_MS = FREQUENCY_S * 1000 + 1000;
const BUDGET_PUSH_MS = 1000;

/**
 * Time from the server closing the session (`PATCH`, wall clock taken right before it) until every
 * tab of one device shows the blocking dialog (recorded inside each page by a MutationObserver, on
 * the wall clock), for 1, 5 and 20 tabs, first with the push stream blocked (`/events` aborted:
 * only the scheduled checks can tell), then with it. Between closures a new session is opened, one
 * tab reloads to adopt it and the others re-read IndexedDB as when they become visible. Each
 * closure follows an adoption, which starts a check interval: without push the figures sit near
 * the worst case (a whole interval), which is what the budget is about.
 */
export async function run(): Promise<BenchRow[]> {
  const server = await startTestServer();
  const browser = await launchChromium('full');
  const measured = new Map<string, BenchRow[]>();
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    await watchStreams(context);
    await recordDialogTimes(context);
    let pushBlocked = true;
    await context.route(isPushStream, (route: Route) => (pushBlocked ? route.abort() : route.continue()));
    await setFrequency(server, 1, FREQUENCY_S);
    let sessionId = 1;
    const tabs: Page[] = [await openTill(context, server.url)];

    for (const count of [1, 5, 20]) {
      tabs.push(...(await openTills(context, server.url, count - tabs.length)));
      const times: number[] = [];
      for (let i = 0; i < CLOSURES; i += 1) {
        times.push(await closeAndWait(server, tabs, sessionId, BUDGET_CHECK_MS + 4_000));
        sessionId = await reopen(server, tabs);
      }
      measured.set(
        `${count} checks`,
        closureRows(
          count,
          'checks only (push blocked)',
          times,
          (ms) => ms <= BUDGET_CHECK_MS,
          `≤ ${BUDGET_CHECK_MS / 1000} s`,
        ),
      );
    }

    pushBlocked = false;
    for (const count of [20, 5, 1]) {
      for (const tab of tabs.splice(count)) await tab.close();
      const times: number[] = [];
      for (let i = 0; i < CLOSURES; i += 1) {
        await waitForStream(tabs, sessionId, 20_000);
        times.push(await closeAndWait(server, tabs, sessionId, 5_000));
        sessionId = await reopen(server, tabs);
      }
      measured.set(
        `${count} push`,
        closureRows(count, 'with push', times, (ms) => ms < BUDGET_PUSH_MS, '< 1 s'),
      );
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  return [1, 5, 20].flatMap((count) => [
    ...(measured.get(`${count} checks`) ?? []),
    ...(measured.get(`${count} push`) ?? []),
  ]);
}

/** Closes session `sessionId` and resolves with the ms until the last of `tabs` showed the dialog. */
async function closeAndWait(
  server: TestServer,
  tabs: readonly Page[],
  sessionId: number,
  timeoutMs: number,
): Promise<number> {
  await Promise.all(
    tabs.map((tab) =>
      tab.evaluate(() => ((window as unknown as { __dialogAt: number | null }).__dialogAt = null)),
    ),
  );
  const closedAt = Date.now();
  await setSessionState(server, sessionId, 'closed');
  const shown = await waitFor(
    'the dialog in every tab',
    async () => {
      const at = await Promise.all(tabs.map((tab) => dialogShownAt(tab)));
      return at.every((t) => t !== null) ? at : null;
    },
    timeoutMs,
    50,
  );
  const ms = Math.max(...(shown ?? [])) - closedAt;
  process.stderr.write(
    `  closure of session ${sessionId} seen by ${tabs.length} tab(s) after ${Math.round(ms)} ms\n`,
  );
  return ms;
}

/** Opens a new session; one tab reloads to adopt it, the others re-read IndexedDB. Resolves with its id. */
async function reopen(server: TestServer, tabs: readonly Page[]): Promise<number> {
  const began = Date.now();
  const session = await api<PosSession>(server, 'POST', '/api/configs/1/sessions', { state: 'opened' });
  const [first, ...others] = tabs;
  if (!first) throw new Error('no tab');
  await first.reload();
  await waitFor(
    'the new session adopted',
    async () => sameId((await readSessionRecord(first))?.id, session.id) && (await isSelling(first)),
    15_000,
    50,
  );
  await Promise.all(
    others.map((tab) => tab.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))),
  );
  await waitFor(
    'every tab unblocked',
    async () => (await Promise.all(tabs.map(isSelling))).every(Boolean),
    15_000,
    50,
  );
  process.stderr.write(
    `  session ${session.id} adopted by ${tabs.length} tab(s) in ${Date.now() - began} ms\n`,
  );
  return Number(session.id);
}

/** True when the till is on screen without the blocking dialog. */
function isSelling(tab: Page): Promise<boolean> {
  return tab.evaluate(() => {
    const root = document.querySelector('pos-app')?.shadowRoot;
    return root != null && root.querySelector('pos-session-dialog') == null;
  });
}

/** The p50 and max rows of one tab count and channel; `within` says whether a time meets the budget. */
function closureRows(
  count: number,
  channel: string,
  times: readonly number[],
  within: (ms: number) => boolean,
  budget: string,
): BenchRow[] {
  const tabs = `${count} tab${count > 1 ? 's' : ''}`;
  const p50 = percentile(times, 50);
  const max = Math.max(...times);
  return [
    {
      section: 'closure',
      metric: `${tabs}, ${channel}: p50`,
      value: `${Math.round(p50)} ms`,
      budget,
      ok: within(p50),
    },
    {
      section: 'closure',
      metric: `${tabs}, ${channel}: max of ${times.length}`,
      value: `${Math.round(max)} ms`,
      budget,
      ok: within(max),
    },
  ];
}
