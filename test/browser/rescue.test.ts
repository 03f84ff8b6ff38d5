import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PosSession } from '../../src/domain/pos-session.js';
import { launchChromium } from './chromium.js';
import {
  api,
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
import { seriousViolations as seriousAxeViolations } from './axe-kit.js';
import { dispatchSync, flushNow, makePendingEntries, putEntries, readEntries } from './outbox-kit.js';
import { OUTBOX_SYNC_TAG } from '../../src/domain/api/names.js';

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
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
});
afterEach(async () => {
  await context.close();
  await server.close();
});

const PIN = '2468';

/** The Held orders panel (a dialog) of the till. */
const panel = (page: Page) => page.getByRole('dialog', { name: 'Held orders' });

async function openArea(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Held orders/ }).click();
  await panel(page).waitFor({ timeout: 5_000 });
}

async function closeArea(page: Page): Promise<void> {
  await panel(page).getByRole('button', { name: 'Close' }).click();
  await waitFor('the panel closed', async () => (await panel(page).count()) === 0);
}

/** Text of a file the page downloaded by clicking `name` in the panel. */
async function download(page: Page, name: string): Promise<{ file: string; text: string }> {
  const [event] = await Promise.all([
    page.waitForEvent('download'),
    panel(page).getByRole('button', { name }).click(),
  ]);
  const path = await event.path();
  return { file: event.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/**
 * Three orders sold offline, session 1 closed on the server meanwhile, back online: the till
 * holds them instead of sending them. A fourth held order made an hour after the closure (a wrong device
 * clock) is put in the outbox directly. Returns the page and the held entries.
 */
async function closedSessionWithHeld(): Promise<{ page: Page; sold: string[]; late: string }> {
  const page = await openTill(context, server.url);
  await context.setOffline(true);
  for (const name of ['Baguette tradition', 'Pain au chocolat', 'Baguette tradition'])
    await sellCash(page, [name]);
  const sold = (await readOutbox(page)).map((e) => e.uuid);
  const closed = await setSessionState(server, 1, 'closed');
  await context.setOffline(false);
  // Holding happens at the next flush, which may wait out the backoff of the upload that failed offline.
  await waitFor('3 held', async () => (await statusText(page)).includes('3 held'), 30_000).catch(
    async (e) => {
      throw new Error(
        `${String(e)} status: ${await statusText(page)} outbox: ${JSON.stringify(await readOutbox(page))} uploads: ${JSON.stringify(server.uploads)}`,
      );
    },
  );
  const [late] = await makePendingEntries(page, 1, {
    firstSequence: 3_000,
    createdAt: new Date(Date.parse(closed.closedAt ?? '') + 3_600_000).toISOString(),
    status: 'held',
  });
  if (!late) throw new Error('no entry');
  late.lastError = {
    code: 'session_closed',
    message: 'The session is closed: the order waits for a manager.',
  };
  await putEntries(page, [late]);
  await waitFor('4 held', async () => (await statusText(page)).includes('4 held'), 10_000);
  return { page, sold, late: late.uuid };
}

describe('held orders and rescue', () => {
  it('a closed session with 3 held orders: the outbox never sends them on its own; a manager rescues them through the Held orders area with the PIN, into a rescue session', async () => {
    const { page, sold, late } = await closedSessionWithHeld();
    const held = [...sold, late];

    // Never on its own: a flush asked by the page, a Background Sync, heartbeats: nothing goes.
    expect((await readEntries(page)).map((e) => e.status)).toEqual(['held', 'held', 'held', 'held']);
    const sentBefore = held.map((uuid) => server.uploadCount(uuid));
    // (Orders may have gone once before the till knew of the closure: the server answered
    // session_closed and they were held, rule 3. From now on nothing sends them.)
    await flushNow(page);
    await dispatchSync(page, server.url, OUTBOX_SYNC_TAG);
    const checks = server.sessionChecks();
    await waitFor(
      'two more session checks (heartbeats ran)',
      () => server.sessionChecks() >= checks + 2,
      20_000,
    );
    expect(held.map((uuid) => server.uploadCount(uuid))).toEqual(sentBefore);
    expect(server.rescues).toEqual([]);

    // The area is reachable over the blocking dialog; without a PIN it stays locked.
    await page.getByRole('alertdialog').waitFor();
    await openArea(page);
    await panel(page).getByText('Ask a manager to set a PIN in the back office.').waitFor();
    expect(await panel(page).getByRole('table').count()).toBe(0);
    await closeArea(page);

    // The manager sets a PIN in the back office; the area reads it when opened (online).
    await api(server, 'PATCH', '/api/configs/1', { managerPin: PIN });
    await openArea(page);
    const pin = panel(page).getByLabel('Manager PIN');
    await pin.fill('1111');
    await panel(page).getByRole('button', { name: 'Unlock' }).click();
    await panel(page).getByText('Wrong PIN.').waitFor();
    await pin.fill(PIN);
    await panel(page).getByRole('button', { name: 'Unlock' }).click();
    const table = panel(page).getByRole('table');
    await table.waitFor();
    const entries = await readEntries(page);
    for (const entry of entries) {
      const text = (
        (await table.getByRole('row').filter({ hasText: entry.order.reference }).textContent()) ?? ''
      ).replace(/\s+/g, ' ');
      expect(text).toMatch(/Held The session is closed: the order waits for a manager’s rescue\./);
      expect(text).toMatch(/[\d,.]+\s?€|€\s?[\d,.]+/);
    }
    expect(await table.getByRole('row').count()).toBe(1 + held.length);

    // Exports: CSV and JSON downloads of the same four orders.
    const csv = await download(page, 'Export CSV');
    expect(csv.file).toMatch(/^held-orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'reference,uuid,sessionId,status,createdAt,amountTotal,currency,reasonCode,reason,kind,cashReason',
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual([...held].sort());
    const json = JSON.parse((await download(page, 'Export JSON')).text) as {
      orders: { uuid: string; order: { uuid: string } }[];
    };
    expect(json.orders.map((o) => o.order.uuid).sort()).toEqual([...held].sort());

    // Rescue: one request with the four; three land in a rescue session, the late one stays held.
    await panel(page).getByRole('button', { name: 'Rescue' }).click();
    // Sessions by name, as the manager knows them, not by database id.
    await panel(page)
      .getByText('Session Main counter/00001: 3 rescued into rescue session Main counter/00001 (rescue)')
      .waitFor({ timeout: 15_000 });
    await panel(page)
      .getByText(/1 still held/)
      .waitFor();
    expect(server.rescues).toEqual([{ sessionId: '1', uuids: expect.arrayContaining(held) }]);

    const after = await readEntries(page);
    const landed = after.find((e) => e.uuid === sold[0])?.landedSessionId;
    expect(landed).not.toBeNull();
    for (const uuid of sold)
      expect(after.find((e) => e.uuid === uuid)).toMatchObject({ status: 'synced', landedSessionId: landed });
    expect(after.find((e) => e.uuid === late)).toMatchObject({
      status: 'held',
      lastError: { code: 'validation_failed', message: expect.stringMatching(/after the session closed/) },
    });
    const rescueSession = await api<PosSession>(server, 'GET', `/api/sessions/${String(landed)}`);
    expect(rescueSession).toMatchObject({
      rescue: true,
      state: 'closed',
      name: 'Main counter/00001 (rescue)',
    });
    expect((await serverOrders(server, String(landed))).map((o) => o.uuid).sort()).toEqual([...sold].sort());
    expect(await serverOrders(server, 1)).toEqual([]);
    await panel(page)
      .getByRole('row')
      .filter({ hasText: /after the session closed/ })
      .waitFor();
    await waitFor(
      '1 held in the status bar',
      async () => (await statusText(page)).includes('1 held'),
      10_000,
    );
    expect(held.map((uuid) => server.uploadCount(uuid))).toEqual(sentBefore); // rescued, not uploaded again
  });

  it('Rescue needs the network: offline the button is disabled and nothing is sent; the area passes axe and Escape closes it', async () => {
    await api(server, 'PATCH', '/api/configs/1', { managerPin: PIN });
    const { page } = await closedSessionWithHeld();
    await context.setOffline(true);
    await openArea(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await panel(page).getByLabel('Manager PIN').fill(PIN); // checked offline against the stored hash
    await panel(page).getByRole('button', { name: 'Unlock' }).click();
    await panel(page).getByRole('table').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await panel(page).getByRole('button', { name: 'Rescue' }).isDisabled()).toBe(true);
    await panel(page).getByText('Rescue needs the network.').waitFor();
    expect(server.rescues).toEqual([]);
    await page.keyboard.press('Escape');
    await waitFor('the panel closed', async () => (await panel(page).count()) === 0);
    await openArea(page); // closing forgot the PIN
    await panel(page).getByLabel('Manager PIN').waitFor();
  });
});
