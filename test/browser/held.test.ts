import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium.js';
import {
  openTill,
  readOutbox,
  sellCash,
  serverOrders,
  setFrequency,
  setSessionState,
  startTestServer,
  statusText,
  waitFor,
  type TestServer,
} from './harness.js';

let browser: Browser;
let server: TestServer;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium('shell');
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  server = await startTestServer();
  await setFrequency(server, 1, 5);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
});
afterEach(async () => {
  await context.close();
  await server.close();
});

describe('orders of a session that closed while the tablet was offline', () => {
  it('holds orders sold offline when the session closed meanwhile: not sent, not deleted, visible', async () => {
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    await sellCash(page, ['Baguette tradition']);
    await sellCash(page, ['Lait demi-écrémé 1 L']);
    await waitFor('2 pending', async () => (await statusText(page)).includes('2 pending'));
    const queued = await readOutbox(page);

    await setSessionState(server, 1, 'closed');
    await context.setOffline(false);

    await waitFor(
      'the blocking dialog',
      async () => (await page.getByRole('alertdialog').count()) > 0,
      10_000,
    );
    await waitFor('2 held', async () => (await statusText(page)).includes('2 held'), 10_000);
    const stored = await readOutbox(page);
    expect(stored.map((e) => e.uuid).sort()).toEqual(queued.map((e) => e.uuid).sort());
    expect(stored.every((e) => e.status === 'held')).toBe(true);
    for (const entry of queued) expect(server.uploadCount(entry.uuid)).toBe(0);
    expect(await serverOrders(server, 1)).toHaveLength(0);
  });

  it('sends orders sold offline when the session is only in closing_control, and blocks new sales', async () => {
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    await sellCash(page, ['Baguette tradition']);
    const [entry] = await readOutbox(page);

    await setSessionState(server, 1, 'closing_control');
    await context.setOffline(false);

    await waitFor(
      'the closing dialog',
      async () =>
        /closing/i.test(
          (await page
            .getByRole('alertdialog')
            .first()
            .textContent()
            .catch(() => '')) ?? '',
        ),
      10_000,
    );
    await waitFor(
      'the order on the server',
      async () => (await serverOrders(server, 1)).length === 1,
      10_000,
    );
    expect(entry && server.uploadCount(entry.uuid)).toBe(1);
    await waitFor('0 pending', async () => (await statusText(page)).includes('0 pending'));
  });
});
