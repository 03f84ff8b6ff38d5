import { readFile } from 'node:fs/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import type { PosConfig } from '../../src/domain/pos-config.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { formatReference } from '../../src/domain/order-reference.js';
import {
  api,
  dialogText,
  pairDevice,
  readOutbox,
  sellCash,
  SEED_CONFIG_ID,
  setFrequency,
  setSessionState,
  TEST_ADMIN_TOKEN,
  type TestServer,
  useTillSuite,
  waitFor,
  sessionOfItsOwn,
} from './harness.js';
import { openSection, useAdminPages, waitForCurrent } from './admin-kit.js';
import { seriousViolations } from './axe-kit.js';
import { makeOrder } from '../server/fixtures.js';
import { flushUntil, openTillInSession, readMeta } from './outbox-kit.js';

let browser: Browser;
let server: TestServer;
let context: BrowserContext;
// Each test works in a session of its own (opened first, see sessionOfItsOwn), finds its orders and
// its tablet by their own numbers, and pairs a new tablet in a context of its own: one server, one
// tablet and one manager browser for all.
useTillSuite((suite) => ({ browser, server, context } = suite), { share: 'file' });
/** The back office at `path` in a manager's own browser (not the tablet's: no service worker). */
const openAdmin = useAdminPages(() => ({ browser, server }), { share: 'file' });
const openAdminPage = (path: string) => openAdmin({ path });

/**
 * Sets the back office's live refresh to 1 s (the element's `refreshIntervalMs`, 10 s by
 * default), so a test sees a re-read without waiting out the default.
 */
async function refreshEverySecond(page: Page): Promise<void> {
  await page.locator('pos-admin-app').evaluate((el) => {
    (el as unknown as { refreshIntervalMs: number }).refreshIntervalMs = 1_000;
  });
}

async function seedConfig(): Promise<PosConfig> {
  return api<PosConfig>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
}

/**
 * Opens the till on the shared tablet and waits until it sells in `session` (a tablet that last
 * saw a closed session shows it until it has read the new one); returns the page and the tablet's
 * device number (the back office's "Tablet N").
 */
async function openTill(session: PosSession): Promise<{ till: Page; tablet: number }> {
  const till = await openTillInSession(context, server.url, session);
  const tablet = await readMeta<number>(till, 'deviceNumber');
  if (!tablet) throw new Error('the till is not paired');
  return { till, tablet };
}

/** Sells `names` for cash on `till`; resolves the new order's uuid (the outbox keeps earlier ones). */
async function sellOwn(till: Page, names: string[]): Promise<string> {
  const before = new Set((await readOutbox(till)).map((o) => o.uuid));
  await sellCash(till, names);
  const [sold, ...more] = (await readOutbox(till)).filter((o) => !before.has(o.uuid));
  if (!sold || more.length > 0) throw new Error('not one new order in the outbox');
  return sold.uuid;
}

/** A device of the register as the back office lists it. */
interface Device {
  deviceNumber: number;
  revokedAt: string | null;
}

/** The seeded register's devices, revoked ones included. */
function devicesOfTheRegister(): Promise<Device[]> {
  return api<Device[]>(server, 'GET', `/api/configs/${SEED_CONFIG_ID}/devices`);
}

/** Matches the references of the orders of session `sessionId` made by device `deviceNumber`. */
function referencesOf(sessionId: PosSession['id'], deviceNumber: number): RegExp {
  return new RegExp(`^${formatReference(sessionId, deviceNumber, 1).replace(/\d+$/, '')}`);
}

describe('the back office', () => {
  it('sets the check to 5 s and closes the session through closing control; the till in another page blocks', async () => {
    const session = await sessionOfItsOwn(server);
    const { till, tablet } = await openTill(session);
    const sold = await sellOwn(till, ['Baguette tradition']);
    await waitFor('the sale uploaded', () => server.uploadCount(sold) > 0, 10_000, 50);

    const response = await fetch(`${server.url}/admin`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const { page, violations } = await openAdminPage(`/admin#token=${TEST_ADMIN_TOKEN}`);
    // Signed in, on the first section.
    await waitForCurrent(page, 'Registers');
    await page.getByRole('heading', { name: 'Registers' }).waitFor({ timeout: 10_000 });
    // The token left the address bar and stays in this tab only.
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
    await openSection(page, 'Sessions');
    await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).hash).toBe('#/sessions');

    await openSection(page, 'Settings');

    // A value out of range is refused before sending, at its field, in the words of its label.
    const frequency = page.getByLabel('Check session state every (s)');
    await frequency.fill('2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByText('Check session state every: a whole number of seconds from 5 to 86,400')
      .waitFor({ timeout: 5_000 });
    await expect(frequency.getAttribute('aria-invalid')).resolves.toBe('true');
    await frequency.fill('5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
    expect((await seedConfig()).checkSessionStateFrequency).toBe(5);

    // The session's order and its cash total, the device that sold it.
    await openSection(page, 'Sessions');
    await page.getByRole('heading', { name: new RegExp(`^Orders of session ${session.name}`) }).waitFor();
    await waitFor(
      'the order in the back office',
      async () =>
        (await page.getByRole('rowheader', { name: referencesOf(session.id, tablet) }).count()) === 1,
      10_000,
      100,
    );
    const byMethod = page.getByRole('row', { name: /^Cash/ });
    await expect(byMethod.textContent()).resolves.toMatch(/€\d+\.\d\d/);
    expect(await seriousViolations(page)).toEqual([]);
    await openSection(page, 'Devices');
    await page.getByRole('button', { name: 'Refresh devices' }).click();
    await page.getByRole('rowheader', { name: `Tablet ${tablet}`, exact: true }).waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    await openSection(page, 'Sessions');

    await page.getByRole('button', { name: 'Start closing control' }).click();
    await page
      .getByRole('dialog', { name: `Start closing control of session ${session.name}?` })
      .getByRole('button', { name: 'Start closing control' })
      .click();
    const closing = await waitFor(
      'the closing dialog on the till',
      async () => {
        const text = await dialogText(till);
        return text && /closing/i.test(text) ? text : null;
      },
      12_000,
      50,
    );
    expect(closing).toContain(session.name);

    await page.getByRole('button', { name: 'Close session' }).click();
    const confirm = page.getByRole('dialog', { name: `Close session ${session.name}?` });
    await confirm.waitFor();
    // What the tablet last reported in its checks is shown before closing (slotted into the dialog);
    // on a loaded machine its last check can be over a minute old by now.
    await page
      .getByText(
        new RegExp(
          `^Tablet ${tablet}: \\d+ pending, \\d+ held, last seen .+ \\((just now|\\d+ s ago|\\d+ min ago)\\)$`,
        ),
      )
      .waitFor();
    // Cash control is on for the demo register: the close carries the counted cash, and a note
    // since an empty drawer differs from the cash sale made above.
    await page.getByLabel('Counted cash', { exact: true }).fill('0');
    await page
      .getByLabel('Note (required: the count differs)')
      .fill('Not counted: this test is about the till');
    await confirm.getByRole('button', { name: 'Close session' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Open session' }).waitFor();

    const closed = await waitFor(
      'the closed dialog on the till',
      async () => {
        const text = await dialogText(till);
        return text && /\bclosed\b/i.test(text) ? text : null;
      },
      12_000,
      50,
    );
    expect(closed).toContain(session.name);
    await expect(
      till.getByRole('alertdialog').getByRole('button', { name: 'Reload' }).isVisible(),
    ).resolves.toBe(true);

    expect(await violations()).toEqual([]);
  });

  it('shows a new sale by itself, without Refresh (sessions, orders and devices are read again every 10 s while visible, every 1 s here)', async () => {
    const session = await sessionOfItsOwn(server);
    const { till, tablet } = await openTill(session);
    const { page, violations } = await openAdminPage(`/admin#token=${TEST_ADMIN_TOKEN}`);
    await openSection(page, 'Sessions');
    await page
      .getByRole('heading', { name: new RegExp(`^Orders of session ${session.name}`) })
      .waitFor({ timeout: 10_000 });
    await page.getByText('No orders in this session.').waitFor();
    await page.getByText('Sessions, orders and devices are read again every 10 s.').waitFor();
    expect(await page.getByText(/read again every 10 s, last at/).count()).toBe(0);
    await refreshEverySecond(page);

    const sold = await sellOwn(till, ['Baguette tradition']);
    await waitFor('the sale uploaded', () => server.uploadCount(sold) > 0, 10_000, 50);
    // No button pressed: the orders, the session's count and the device's report follow.
    await page
      .getByRole('rowheader', { name: referencesOf(session.id, tablet) })
      .waitFor({ timeout: 15_000 });
    await page.getByText(/read again every 1 s, last at \d/).waitFor();
    await page.getByRole('row', { name: /^Cash/ }).waitFor();
    expect(await violations()).toEqual([]);
  });

  it('keeps the close confirmation current: a pending order the tablet then sends leaves its figures by itself', async () => {
    const session = await sessionOfItsOwn(server);
    await setFrequency(server, SEED_CONFIG_ID, 5);
    const uploads = '**/api/orders';
    const refuse = (route: Route) => route.abort('internetdisconnected');
    await context.route(uploads, refuse); // the checks go, the order cannot
    const { till } = await openTill(session);
    const sold = await sellOwn(till, ['Baguette tradition']);
    const summaryPending = async () =>
      (await api<{ pending: number }>(server, 'GET', `/api/sessions/${session.id}/summary`)).pending;
    await waitFor('the tablet reporting 1 pending', async () => (await summaryPending()) === 1, 15_000);

    const { page, violations } = await openAdminPage(`/admin#token=${TEST_ADMIN_TOKEN}`);
    await openSection(page, 'Sessions');
    await refreshEverySecond(page);
    await page.getByRole('button', { name: 'Close session' }).click();
    const confirm = page.getByRole('dialog', { name: `Close session ${session.name}?` });
    await confirm.waitFor();
    // The figures are slotted into the dialog: in the page, not inside the <dialog> element.
    await page
      .getByText(/Devices still hold 1 order not yet sent of this session/)
      .waitFor({ timeout: 10_000 });

    await context.unroute(uploads, refuse);
    // The till sends as its next sale would (its backoff after the refused uploads is not under test).
    await flushUntil(till, 'the order on the server', () => server.uploadCount(sold) > 0);
    // No button pressed: the next report (5 s) and the next re-read (1 s here) clear the warning.
    await page.getByText('No device reported orders left to send.').waitFor({ timeout: 25_000 });
    // The paragraph's text as the page shows it: the template's line break before it is not read.
    await page.getByText(/^\s*1 order received/).waitFor();
    await expect(confirm.getByRole('button', { name: 'Close session' }).isEnabled()).resolves.toBe(true);
    expect(await violations()).toEqual([]);
  });

  it('fits a 400 px phone: wide tables scroll in their own box, the page never scrolls sideways', async () => {
    const session = await sessionOfItsOwn(server);
    const { till, tablet } = await openTill(session);
    const sold = await sellOwn(till, ['Baguette tradition']);
    await waitFor('the sale uploaded', () => server.uploadCount(sold) > 0, 10_000, 50);
    const { page } = await openAdminPage(`/admin#token=${TEST_ADMIN_TOKEN}`);
    await page.setViewportSize({ width: 400, height: 800 });
    const widths = () =>
      page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
      }));
    await openSection(page, 'Sessions');
    await page
      .getByRole('rowheader', { name: referencesOf(session.id, tablet) })
      .waitFor({ timeout: 10_000 });
    const sessions = await widths();
    expect(sessions.page).toBeLessThanOrEqual(sessions.viewport);
    // What opens a session's orders is in sight without scrolling the table: the session's name.
    const sessionButton = await page.getByRole('button', { name: session.name, exact: true }).boundingBox();
    expect(sessionButton && sessionButton.x + sessionButton.width).toBeLessThanOrEqual(400);
    await openSection(page, 'Devices');
    await page.getByRole('button', { name: `Revoke Tablet ${tablet}` }).waitFor();
    const devices = await widths();
    expect(devices.page).toBeLessThanOrEqual(devices.viewport);
    // The tables are still whole: the last column scrolls into view.
    const revoke = page.getByRole('button', { name: `Revoke Tablet ${tablet}` });
    await revoke.scrollIntoViewIfNeeded();
    const box = await revoke.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(400);
  });

  it('lists the 50 orders received last in a long session, newest first, and shows more on demand', async () => {
    const session = await sessionOfItsOwn(server);
    const tablet = await pairDevice(server);
    const orders = Array.from({ length: 60 }, (_, i) =>
      makeOrder({ sessionId: session.id, deviceNumber: tablet.deviceNumber, sequence: i + 1 }),
    );
    await api(server, 'POST', '/api/orders', { orders }, { token: tablet.token });
    const { page, violations } = await openAdminPage(`/admin#token=${TEST_ADMIN_TOKEN}`);
    await openSection(page, 'Sessions');
    await page.getByText('The 50 most recently received of 60 orders.').waitFor({ timeout: 10_000 });
    const references = page.getByRole('rowheader', { name: referencesOf(session.id, tablet.deviceNumber) });
    expect(await references.count()).toBe(50);
    expect(await references.first().textContent()).toBe(orders[59]?.reference);
    expect(await references.last().textContent()).toBe(orders[10]?.reference);
    await page.getByRole('button', { name: 'Show 10 more' }).click();
    await waitFor('all 60 listed', async () => (await references.count()) === 60);
    expect(await references.last().textContent()).toBe(orders[0]?.reference);
    expect(await page.getByText(/most recently received of/).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Show \d+ more$/ }).count()).toBe(0);

    // Every order, as a file for the spreadsheet (the list stops at 1,000).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`Main-counter-${session.name.split('/')[1]}-orders.csv`);
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toBe(
      'reference,created_at,device,payments,total,tax,paid,change,currency,rescued_from_session,paid_cash,paid_card,kind,refund_of,refund_reason',
    );
    expect(csv.slice(1, -1).map((line) => line.split(',')[0])).toEqual(orders.map((o) => o.reference));
    expect(await violations()).toEqual([]);
  });

  it('names the closed session a rescued order was made in', async () => {
    const session = await sessionOfItsOwn(server);
    const held = makeOrder({ sessionId: session.id, sequence: 1 });
    await setSessionState(server, session.id, 'closed');
    const rescue = await api<{ sessionId: number; sessionName: string }>(
      server,
      'POST',
      `/api/sessions/${session.id}/rescue`,
      { orders: [held] },
    );
    const { page, violations } = await openAdminPage(`/admin#token=${TEST_ADMIN_TOKEN}`);
    await openSection(page, 'Sessions');
    await page
      .getByRole('heading', { name: `Orders of session ${rescue.sessionName}` })
      .waitFor({ timeout: 10_000 });
    const row = page.getByRole('row', { name: new RegExp(`^${held.reference}`) });
    await expect(row.textContent({ timeout: 10_000 })).resolves.toContain(
      `Rescued from session ${session.name}`,
    );
    expect(await violations()).toEqual([]);
  });

  it('pairs and revokes a device, with a QR code of the pairing link', async () => {
    await sessionOfItsOwn(server);
    const before = await devicesOfTheRegister();
    const { page, violations } = await openAdminPage(`/admin#token=${TEST_ADMIN_TOKEN}`);
    await openSection(page, 'Devices');
    await page.getByRole('button', { name: 'Pair a device' }).click();
    const pairing = page.getByRole('group', { name: 'Pairing code' });
    await pairing.waitFor();
    await pairing.getByRole('img', { name: 'QR code of the pairing link' }).waitFor();
    const code = (await pairing.locator('.code').textContent())?.trim() ?? '';
    expect(code).not.toBe('');
    await expect(pairing.textContent()).resolves.toContain(`${server.url}/?pair=${code}`);

    // A new tablet (a browser of its own: the shared one is paired) opens the link and becomes the
    // register's next device.
    const tabletBrowser = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    onTestFinished(() => tabletBrowser.close());
    const tablet = await tabletBrowser.newPage();
    await tablet.goto(`${server.url}/?pair=${code}`);
    await tablet.getByRole('button', { name: 'Baguette tradition' }).first().waitFor({ timeout: 15_000 });
    const number = await readMeta<number>(tablet, 'deviceNumber');
    expect(number).toBe(Math.max(0, ...before.map((d) => d.deviceNumber)) + 1);
    // The back office sees it by itself: the used code gives way to the new device.
    await page
      .getByRole('status')
      .filter({ hasText: `Tablet ${number} paired.` })
      .waitFor({ timeout: 10_000 });
    expect(await pairing.count()).toBe(0);
    await page.getByRole('button', { name: `Revoke Tablet ${number}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke Tablet ${number}?` });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText(/^Revoked/).waitFor();
    // The new device is revoked, and only it: the others are as they were.
    const revoked = (list: Device[]) => list.map((d) => [d.deviceNumber, d.revokedAt !== null]);
    expect(revoked(await devicesOfTheRegister())).toEqual([...revoked(before), [number, true]]);
    expect(await violations()).toEqual([]);
  });

  it('sends a wrong token back to the form saying it is not valid; signing in with the right one works; Sign out forgets it', async () => {
    const { page, violations } = await openAdminPage('/admin#token=not-the-token');
    await expect(page.getByRole('alert').textContent({ timeout: 10_000 })).resolves.toBe(
      'Admin token: this admin token is not valid. Check it and sign in again.',
    );
    await expect(page.getByLabel('Admin token').getAttribute('aria-invalid')).resolves.toBe('true');
    // Not the server's words about pairing a tablet again.
    expect(await page.getByText(/pair/i).count()).toBe(0);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);

    await page.getByLabel('Admin token').fill(TEST_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await openSection(page, 'Sessions');
    await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 10_000 });
    // A reload keeps the tab signed in (sessionStorage), without the token in the URL.
    await page.reload();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    // Signing out is news, not an error.
    await expect(page.getByRole('status').textContent()).resolves.toContain('Signed out.');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // The link the server printed, pasted whole into the field, signs in too.
    await page.getByLabel('Admin token').fill(`${server.url}/admin#token=${TEST_ADMIN_TOKEN}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 10_000 });
    expect(await violations()).toEqual([]);
  });
});
