import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PosSession } from '../../src/domain/pos-session.js';
import type { SessionReport } from '../../src/domain/report.js';
import { makeOrder } from '../server/fixtures.js';
import { openSection, useAdminPages } from './admin-kit.js';
import { seriousViolations } from './axe-kit.js';
import { shopDay } from '../../src/admin/shop-day.js';
import type { PosConfig } from '../../src/domain/pos-config.js';
import { api, pairDevice, SEED_CONFIG_ID, type TestServer, useTillSuite, waitFor } from './harness.js';

let browser: Browser;
let server: TestServer;
useTillSuite((suite) => ({ browser, server } = suite));
const openAdminPage = useAdminPages(() => ({ browser, server }));

/** The back office, signed in, on its Sessions section. */
async function openSessions(): Promise<Page> {
  const { page } = await openAdminPage();
  await openSection(page, 'Sessions');
  return page;
}

const report = (sessionId: number) => api<SessionReport>(server, 'GET', `/api/sessions/${sessionId}/report`);
const session = (sessionId: number) => api<PosSession>(server, 'GET', `/api/sessions/${sessionId}`);

async function turnOnCashControl(): Promise<void> {
  await api(server, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { cashControl: true });
}

/** The PATCH requests the page sends to a session, as they leave it. */
function sessionPatches(page: Page): string[] {
  const patches: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PATCH' && new URL(request.url()).pathname.startsWith('/api/sessions/'))
      patches.push(request.postData() ?? '');
  });
  return patches;
}

describe('cash control in the back office', () => {
  it('refuses a close whose count differs without a note, at the note field and before sending; with the note it closes and the Z report shows the difference', async () => {
    await turnOnCashControl();
    // A cash sale of the seeded session: 20.00 tendered, the change given back.
    const tablet = await pairDevice(server);
    const order = makeOrder({
      sessionId: 1,
      deviceNumber: tablet.deviceNumber,
      sequence: 1,
      pay: { method: 'cash', tendered: 2_000 },
    });
    await api(server, 'POST', '/api/orders', { orders: [order] }, { token: tablet.token });
    const expected = (await report(1)).cash?.expected;
    expect(expected).toBeGreaterThan(0);

    const page = await openSessions();
    const patches = sessionPatches(page);
    await page.getByRole('button', { name: 'Close session' }).click({ timeout: 10_000 });
    const dialog = page.getByRole('dialog', { name: 'Close session Main counter/00001?' });
    await dialog.waitFor();
    // The count is slotted into the dialog: in the page, next to it. What the close showed before
    // stays: the orders received and what the devices hold.
    await page.getByText(/^\s*1 order received, €/).waitFor();
    await page.getByText(/did not report for more than two check intervals/).waitFor();
    const count = page.locator('pos-admin-cash-count');
    await count.getByText(`€${((expected ?? 0) / 100).toFixed(2)}`, { exact: true }).waitFor();

    // 1.50 more than expected: the difference shows as it is typed, and the note becomes required.
    const counted = page.getByLabel('Counted cash', { exact: true });
    await counted.fill((((expected ?? 0) + 150) / 100).toFixed(2));
    await count.getByText('+€1.50', { exact: true }).waitFor();
    const note = page.getByLabel('Note (required: the count differs)');
    await note.waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Close session' }).click();
    await page
      .getByText('Note: the counted cash differs from the expected cash: say why (required)')
      .waitFor({ timeout: 5_000 });
    await expect(note.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await note.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(patches).toEqual([]);
    await expect(session(1)).resolves.toMatchObject({ state: 'opened' });

    await note.fill('A customer left the change of a coffee');
    await dialog.getByRole('button', { name: 'Close session' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitFor('the session closed on the server', async () => (await session(1)).state === 'closed');
    expect(patches.map((body) => JSON.parse(body) as unknown)).toEqual([
      {
        state: 'closed',
        closingCash: (expected ?? 0) + 150,
        closingNote: 'A customer left the change of a coffee',
      },
    ]);

    // The Report page of the closed session: a Z report with the counted difference and the note.
    await page.getByRole('link', { name: 'Z report of Main counter/00001' }).click();
    await page.getByRole('heading', { name: 'Z report · Main counter/00001' }).waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).hash).toBe('#/sessions/1/report');
    const cash = page.getByRole('region', { name: 'Cash drawer' });
    await cash.getByText('+€1.50', { exact: true }).waitFor();
    await cash.getByText('A customer left the change of a coffee').waitFor();
    await page.getByRole('region', { name: 'Payments' }).getByText('Cash', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Printed, the navigation is gone and the report stays.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Sections' }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(false);
    await expect(cash.isVisible()).resolves.toBe(true);
  });

  it('opens a session in opening control with the float counted, showing its difference from the expected float without blocking', async () => {
    await turnOnCashControl();
    // The last counted drawer (50.00) is the next session's expected float.
    await api(server, 'PATCH', '/api/sessions/1', {
      state: 'closed',
      closingCash: 5_000,
      closingNote: 'Float',
    });

    const page = await openSessions();
    const patches = sessionPatches(page);
    await page.getByRole('button', { name: 'Open session' }).click({ timeout: 10_000 });
    await page.getByText('Opening control', { exact: true }).first().waitFor({ timeout: 10_000 });
    const current = (await api<{ currentSessionId: number }>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}`))
      .currentSessionId;
    await expect(session(current)).resolves.toMatchObject({
      state: 'opening_control',
      expectedOpeningCash: 5_000,
    });

    await page.getByRole('button', { name: 'Open for sales' }).click();
    const dialog = page.getByRole('dialog', { name: /^Open session .* for sales\?$/ });
    await dialog.waitFor();
    const count = page.locator('pos-admin-cash-count');
    await count.getByText('€50.00', { exact: true }).waitFor();
    // A bad count is refused at its field, nothing sent.
    await page.getByLabel('Counted float').fill('48,505');
    await dialog.getByRole('button', { name: 'Open for sales' }).click();
    await page
      .getByText('Counted cash: an amount from 0 to €100,000,000.00, with at most 2 decimals')
      .waitFor({ timeout: 5_000 });
    expect(patches).toEqual([]);

    await page.getByLabel('Counted float').fill('48');
    await count.getByText('-€2.00', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Open for sales' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitFor(
      'the session opened on the server',
      async () => (await session(current)).state === 'opened',
    );
    await expect(session(current)).resolves.toMatchObject({ openingCash: 4_800, expectedOpeningCash: 5_000 });
    expect(patches.map((body) => JSON.parse(body) as unknown)).toEqual([
      { state: 'opened', openingCash: 4_800 },
    ]);
  });

  it('counts the drawer by coin and note into the counted cash', async () => {
    await turnOnCashControl();
    const page = await openSessions();
    await page.getByRole('button', { name: 'Close session' }).click({ timeout: 10_000 });
    await page.getByRole('dialog', { name: 'Close session Main counter/00001?' }).waitFor();
    await page.getByText('Count by coin and note').click();
    await page.getByLabel('€20.00 notes').fill('2');
    await page.getByLabel('€0.50 coins').fill('3');
    await expect(page.getByLabel('Counted cash', { exact: true }).inputValue()).resolves.toBe('41.50');
    await page.getByLabel('€0.10 coins').fill('x');
    await page.getByText('A whole number').waitFor();
    await expect(page.getByLabel('Counted cash', { exact: true }).inputValue()).resolves.toBe('41.50');
  });

  it('turns cash control on and sets the shop’s time zone in Settings; the Day report of that zone’s today sums the session', async () => {
    const { page } = await openAdminPage();
    await openSection(page, 'Settings');
    await page.getByLabel('Cash control').check({ timeout: 10_000 });
    await page.getByLabel('Time zone of the shop').selectOption('Europe/Paris');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
    await expect(api<PosConfig>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).resolves.toMatchObject({
      cashControl: true,
      timeZone: 'Europe/Paris',
    });

    const tablet = await pairDevice(server);
    const order = makeOrder({ sessionId: 1, deviceNumber: tablet.deviceNumber, sequence: 1 });
    await api(server, 'POST', '/api/orders', { orders: [order] }, { token: tablet.token });

    await openSection(page, 'Day report');
    await page.getByRole('heading', { name: 'Day report of Main counter' }).waitFor({ timeout: 10_000 });
    await expect(page.getByLabel('Day', { exact: true }).inputValue()).resolves.toBe(
      shopDay('Europe/Paris', Date.now()),
    );
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByRole('link', { name: 'Main counter/00001' }).waitFor({ timeout: 10_000 });
    const total = `€${(order.amountTotal / 100).toFixed(2)}`;
    await page.getByRole('region', { name: 'Sales' }).getByText(total, { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Another day: nothing was opened then.
    await page.getByLabel('Day', { exact: true }).fill('2020-01-01');
    await page.getByText('No session was opened that day.').waitFor({ timeout: 10_000 });
  });

  it('shows the server’s refusal for a missing note at the note field when the expected cash changed after it was read, and nothing changes', async () => {
    await turnOnCashControl();
    const tablet = await pairDevice(server);
    const sale = (sequence: number) =>
      makeOrder({ sessionId: 1, deviceNumber: tablet.deviceNumber, sequence, pay: { method: 'cash' } });
    await api(server, 'POST', '/api/orders', { orders: [sale(1)] }, { token: tablet.token });
    const expected = (await report(1)).cash?.expected ?? 0;

    const page = await openSessions();
    // No live re-read during the test: the page keeps the expected cash it read first.
    await page.locator('pos-admin-app').evaluate((el) => {
      (el as unknown as { refreshIntervalMs: number }).refreshIntervalMs = 3_600_000;
    });
    const patches = sessionPatches(page);
    await page.getByRole('button', { name: 'Close session' }).click({ timeout: 10_000 });
    const dialog = page.getByRole('dialog', { name: 'Close session Main counter/00001?' });
    await dialog.waitFor();
    await page.getByLabel('Counted cash', { exact: true }).fill((expected / 100).toFixed(2));
    await page.locator('pos-admin-cash-count').getByText('€0.00', { exact: true }).waitFor();

    // Another cash sale reaches the server: the drawer counted no longer matches.
    await api(server, 'POST', '/api/orders', { orders: [sale(2)] }, { token: tablet.token });
    await dialog.getByRole('button', { name: 'Close session' }).click();
    await page
      .getByText('Note: the counted cash differs from the expected cash: say why (required)')
      .waitFor({ timeout: 10_000 });
    expect(patches).toHaveLength(1);
    await expect(dialog.isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Counted cash', { exact: true }).inputValue()).resolves.toBe(
      (expected / 100).toFixed(2),
    );
    await expect(session(1)).resolves.toMatchObject({ state: 'opened' });
  });
});
