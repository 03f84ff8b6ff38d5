import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { OrderResult, PosOrder } from '../../src/domain/pos-order.js';
import {
  api,
  createPairingCode,
  openTill,
  pairDevice,
  sellCash,
  serverOrders,
  setFrequency,
  setSessionState,
  waitFor,
  type TestServer,
  useTillSuite,
} from './harness.js';
import {
  dialogShownAt,
  dialogText,
  dispatchSessionSync,
  isPushStream,
  readSessionRecord,
  recordDialogTimes,
  waitForQuietChecks,
  watchStreams,
  waitForStream,
} from './session-check-kit.js';
import { SESSION_CHECK_SYNC_TAG } from '../../src/domain/api/names.js';
import { uncountedMove } from '../kit/uncounted-move.js';

let server: TestServer;
let context: BrowserContext;
useTillSuite((suite) => ({ server, context } = suite), {
  prepare: async (context) => {
    await watchStreams(context);
    await recordDialogTimes(context);
  },
});

/** The dialog's text once it matches `pattern`. */
async function dialogMatching(page: Page, pattern: RegExp, timeoutMs: number): Promise<string> {
  return waitFor(
    `a dialog matching ${String(pattern)}`,
    async () => {
      const text = await dialogText(page);
      return text !== null && pattern.test(text) ? text : '';
    },
    timeoutMs,
    50,
  );
}

/** Opens `count` tabs with a one-hour frequency (so only the push can deliver a change) and waits for the stream. */
async function openPushedTills(count: number): Promise<Page[]> {
  await setFrequency(server, 1, 3600);
  const pages: Page[] = [];
  for (let i = 0; i < count; i += 1) pages.push(await openTill(context, server.url));
  await waitForStream(pages, 1);
  return pages;
}

describe('push channel', () => {
  it('a closure pushed by the server blocks both tabs in under 2 s (frequency 3600 s, one stream for the device)', async () => {
    const tabs = await openPushedTills(2);
    for (const tab of tabs) await waitForQuietChecks(tab); // the checks of opening are behind us
    const checks = server.sessionChecks();
    const closedAt = Date.now();
    await setSessionState(server, 1, 'closed');
    for (const tab of tabs)
      expect(await dialogMatching(tab, /\bclosed\b/i, 2_000)).toContain('Main counter/00001');
    for (const tab of tabs) expect(((await dialogShownAt(tab)) ?? Infinity) - closedAt).toBeLessThan(2_000);
    expect(server.sessionChecks()).toBe(checks);
    const streams = await Promise.all(
      tabs.map((t) =>
        t.evaluate(
          () => (window as unknown as { __streamEvents: Record<string, number> }).__streamEvents['1'] ?? 0,
        ),
      ),
    );
    expect(streams.filter((n) => n > 0)).toHaveLength(1);
  });

  it('a pushed "opened" is not believed without a check: it runs one', async () => {
    await setFrequency(server, 1, 3600);
    // Without cash control a session in opening_control blocks the till ("not open yet"); with it
    // the till offers to count the float instead (test/browser/cash-control.test.ts).
    await api(server, 'PATCH', '/api/configs/1', { cashControl: false });
    await api(server, 'PATCH', '/api/sessions/1', { state: 'closing_control' });
    await api(server, 'PATCH', '/api/sessions/1', uncountedMove('closed'));
    const opened = await api<{ id: number }>(server, 'POST', '/api/configs/1/sessions', {
      state: 'opening_control',
    });
    const page = await context.newPage();
    await page.goto(server.url + (await createPairingCode(server)).pairPath);
    await dialogMatching(page, /not open yet/i, 15_000);
    await waitForStream([page], opened.id);
    await waitForQuietChecks(page);
    const before = server.sessionChecks();
    await api(server, 'PATCH', `/api/sessions/${opened.id}`, uncountedMove('opened'));
    await waitFor('the dialog to go', async () => (await dialogText(page)) === null, 5_000, 50);
    expect(server.sessionChecks()).toBe(before + 1);
  });
});

describe('cases with the other wake-up paths', () => {
  it('(push) blocks the till within a second or two while the cashier sells online; the server refuses a late order', async () => {
    const [page] = await openPushedTills(1);
    if (!page) throw new Error('no tab');
    await sellCash(page, ['Baguette tradition']);
    await waitFor('the sale on the server', async () => (await serverOrders(server, 1)).length === 1);
    const [sold] = await serverOrders(server, 1);
    const closedAt = Date.now();
    await setSessionState(server, 1, 'closed');
    expect(await dialogMatching(page, /\bclosed\b/i, 2_000)).toContain('Main counter/00001');
    expect(((await dialogShownAt(page)) ?? Infinity) - closedAt).toBeLessThan(2_000);

    if (!sold) throw new Error('no order');
    const device = await pairDevice(server);
    // A late order from another tablet of the register (its own number, as the server checks).
    const late: PosOrder = {
      ...sold,
      uuid: crypto.randomUUID(),
      deviceNumber: device.deviceNumber,
      reference: `00001-${String(device.deviceNumber).padStart(3, '0')}-0001`,
    };
    const answer = await api<{ results: OrderResult[] }>(
      server,
      'POST',
      '/api/orders',
      { orders: [late] },
      { token: device.token },
    );
    expect(answer.results.map((r) => r.status)).toEqual(['session_closed']);
  });

  it('(push) says "closing" for closing_control and "closed" for closed, names the session, offers Reload', async () => {
    const [page] = await openPushedTills(1);
    if (!page) throw new Error('no tab');
    await setSessionState(server, 1, 'closing_control');
    const closing = await dialogMatching(page, /closing/i, 2_000);
    expect(closing).not.toMatch(/\bclosed\b/i);
    expect(closing).toContain('Main counter/00001');
    await setSessionState(server, 1, 'closed');
    expect(await dialogMatching(page, /\bclosed\b/i, 2_000)).toContain('Main counter/00001');
    await expect(
      page.getByRole('alertdialog').getByRole('button', { name: 'Reload' }).isVisible(),
    ).resolves.toBe(true);
  });

  it('(Background Sync wake-up, no push) says "closing" then "closed"', async () => {
    await context.route(isPushStream, (route) => route.abort());
    await setFrequency(server, 1, 3600);
    const page = await openTill(context, server.url);
    await setSessionState(server, 1, 'closing_control');
    await dispatchSessionSync(page, SESSION_CHECK_SYNC_TAG);
    // A forced check within 5 s of the previous one is brought forward to the end of that gap.
    const closing = await dialogMatching(page, /closing/i, 8_000);
    expect(closing).not.toMatch(/\bclosed\b/i);
    await setSessionState(server, 1, 'closed');
    await dispatchSessionSync(page, SESSION_CHECK_SYNC_TAG);
    expect(await dialogMatching(page, /\bclosed\b/i, 8_000)).toContain('Main counter/00001');
  });

  it('(check after an API response, no till open, no push) stores "closing" then "closed", and the till opens with the right words', async () => {
    await setFrequency(server, 1, 5);
    const till = await openTill(context, server.url);
    await till.close();
    // No till open: no heartbeat, no stream. Only an /api response through the worker can check.
    const probe = await context.newPage();
    await probe.goto(`${server.url}/api/health`);
    await waitFor('the probe controlled by the worker', () =>
      probe.evaluate(() => navigator.serviceWorker.controller !== null),
    );

    const viaApi = async (state: string): Promise<void> => {
      const record = await readSessionRecord(probe);
      await waitFor('the check to fall due', () => Date.now() >= (record?.nextCheckAt ?? 0), 8_000, 50);
      const before = server.sessionChecks();
      await probe.evaluate(() => fetch('/api/health').then((r) => r.status));
      await waitFor(
        `the ${state} record`,
        async () => (await readSessionRecord(probe))?.state === state,
        5_000,
        50,
      );
      expect((await readSessionRecord(probe))?.source).toBe('check');
      expect(server.sessionChecks()).toBe(before + 1);
    };

    await setSessionState(server, 1, 'closing_control');
    await viaApi('closing_control');
    const closingTill = await context.newPage();
    await closingTill.goto(server.url);
    const closing = await dialogMatching(closingTill, /closing/i, 10_000);
    expect(closing).not.toMatch(/\bclosed\b/i);
    await closingTill.close();

    await setSessionState(server, 1, 'closed');
    await viaApi('closed');
    const closedTill = await context.newPage();
    await closedTill.goto(server.url);
    expect(await dialogMatching(closedTill, /\bclosed\b/i, 10_000)).toContain('Main counter/00001');
  });
});
