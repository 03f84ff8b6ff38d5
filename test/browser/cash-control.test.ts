import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { PosConfig } from '../../src/domain/pos-config.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { seriousViolations } from './axe-kit.js';
import { openTillInSession } from './outbox-kit.js';
import {
  api,
  dialogText,
  openTill,
  sellCash,
  serverOrders,
  setFrequency,
  type TestServer,
  useTillSuite,
  waitFor,
  sessionOfItsOwn,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
const use = (suite: { server: TestServer; context: BrowserContext }) => ({ server, context } = suite);

const PIN = '2468';

/**
 * The seed's register under cash control with a manager PIN: its current session closed with
 * €150.00 counted (the float left for tomorrow), and the next one waiting in opening_control with
 * that float expected. Returns the next one. The register's sessions before it are whatever the
 * tests before left (they share the server): when all are closed, one more is opened and closed,
 * so the last count is always this one.
 */
async function registerWaitingForItsFloat(): Promise<PosSession> {
  await setFrequency(server, 1, 5);
  await api(server, 'PATCH', '/api/configs/1', { cashControl: true, managerPin: PIN });
  const { currentSessionId } = await api<PosConfig>(server, 'GET', '/api/configs/1');
  // Every session closed: one more, opened and closed below.
  const current =
    currentSessionId === null
      ? await api<PosSession>(server, 'POST', '/api/configs/1/sessions')
      : await serverSession(currentSessionId);
  if (current.state === 'opening_control') {
    await api(server, 'PATCH', `/api/sessions/${current.id}`, {
      state: 'opened',
      openingCash: current.expectedOpeningCash ?? 0,
    });
  }
  await api(server, 'PATCH', `/api/sessions/${current.id}`, {
    state: 'closed',
    closingCash: 15_000,
    closingNote: 'Float left for tomorrow',
  });
  const next = await api<PosSession>(server, 'POST', '/api/configs/1/sessions');
  expect(next).toMatchObject({ state: 'opening_control', expectedOpeningCash: 15_000 });
  return next;
}

/** The session as the server holds it (the admin's view). */
function serverSession(id: PosSession['id']): Promise<PosSession> {
  return api<PosSession>(server, 'GET', `/api/sessions/${id}`);
}

const openScreen = (page: Page) => page.getByRole('dialog', { name: 'Open the register' });

// Each opens and closes a session of its own (its sales, its counts, its expected float): one
// server and one tablet for all, as a register goes from day to day.
describe('on one server and tablet', () => {
  useTillSuite(use, { share: 'file' });

  describe('opening the register on the till', () => {
    it('a float counted on the till opens the session on the server, shows its difference, and the till sells; offline it is kept, not lost', async () => {
      const session = await registerWaitingForItsFloat();
      const page = await openTill(context, server.url);
      const screen = openScreen(page);
      await screen.waitFor();
      expect(await screen.textContent()).toContain(`Session ${session.name} waits for the opening float`);
      await screen.getByText('Expected float: €150.00').waitFor();

      const count = screen.getByLabel('Counted opening cash');
      await count.fill('148.50');
      await screen.getByText('Difference: €1.50 less than expected.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // Offline: it says the network is needed, keeps the count, and the server is unchanged.
      await context.setOffline(true);
      await screen.getByText(/Opening the register needs the network/).waitFor();
      await screen.getByRole('button', { name: 'Open the register' }).click();
      expect(await count.inputValue()).toBe('148.50');
      expect(await serverSession(session.id)).toMatchObject({ state: 'opening_control', openingCash: null });
      await context.setOffline(false);

      await screen.getByRole('button', { name: 'Open the register' }).click();
      await waitFor('the session opened on the server', async () => {
        const s = await serverSession(session.id);
        return s.state === 'opened' && s.openingCash === 14_850;
      });
      // The check that follows lets the till sell: the screen goes, the difference stays in sight.
      await waitFor('the screen gone', async () => (await openScreen(page).count()) === 0, 15_000);
      await page
        .getByText('The register was opened with €148.50. Difference: €1.50 less than expected.')
        .waitFor();
      await sellCash(page, ['Baguette tradition']);
    });

    it('a session opened from the back office meanwhile lets the till sell at the next check: the screen goes by itself', async () => {
      const session = await registerWaitingForItsFloat();
      const page = await openTill(context, server.url);
      const screen = openScreen(page);
      await screen.getByLabel('Counted opening cash').fill('150');
      await screen.getByText('No difference with the expected cash.').waitFor();
      await api(server, 'PATCH', `/api/sessions/${session.id}`, { state: 'opened', openingCash: 15_000 });
      // The push or the next check (every 5 s) removes the screen.
      await waitFor('the screen gone', async () => (await openScreen(page).count()) === 0, 15_000);
      await sellCash(page, ['Baguette tradition']);
      expect(await serverSession(session.id)).toMatchObject({ state: 'opened', openingCash: 15_000 });
    });
  });

  describe('closing the register on the till', () => {
    it('behind the manager PIN: a count that differs is refused without a note (the server unchanged), closes with one, blocks the till, and the Z report shows the counted difference', async () => {
      const session = await registerWaitingForItsFloat();
      await api(server, 'PATCH', `/api/sessions/${session.id}`, { state: 'opened', openingCash: 15_000 });
      const page = await openTill(context, server.url);
      await sellCash(page, ['Baguette tradition']); // €1.25 paid exactly in cash
      await waitFor(
        'the sale on the server',
        async () => (await serverOrders(server, session.id)).length === 1,
      );

      await page.getByRole('button', { name: 'Close the register' }).click();
      const panel = page.getByRole('dialog', { name: 'Close the register' });
      const pin = panel.getByLabel('Manager PIN');
      await pin.fill('1111');
      await panel.getByRole('button', { name: 'Continue' }).click();
      await panel.getByText('Wrong PIN.').waitFor();
      await pin.fill(PIN);
      await panel.getByRole('button', { name: 'Continue' }).click();
      // The expected cash is the X report's: the float counted at opening plus the cash sale.
      await panel.getByText('Expected cash: €151.25').waitFor();

      await panel.getByLabel('Counted cash', { exact: true }).fill('150');
      await panel.getByText('Difference: €1.25 less than expected.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await panel.getByRole('button', { name: 'Close the register' }).click();
      await panel
        .getByRole('alert')
        .getByText('The counted cash differs from the expected cash: write a note saying why.')
        .waitFor();
      expect(await serverSession(session.id)).toMatchObject({ state: 'opened' });
      expect(await panel.getByLabel('Counted cash', { exact: true }).inputValue()).toBe('150');

      await panel.getByLabel(/^Note/).fill('Paid the window cleaner from the drawer');
      await panel.getByRole('button', { name: 'Close the register' }).click();
      await waitFor('the session closed on the server', async () => {
        const s = await serverSession(session.id);
        return s.state === 'closed';
      });
      // The closed session blocks the till as a closure from the back office does.
      await waitFor(
        'the blocking dialog',
        async () => /closed/i.test((await dialogText(page)) ?? ''),
        15_000,
      );
      expect(await panel.count()).toBe(0);

      await page.getByRole('alertdialog').getByRole('button', { name: 'Z report' }).click();
      const report = page.getByRole('dialog', { name: 'Z report' });
      await report.waitFor();
      await report.getByRole('heading', { name: 'Cash' }).waitFor();
      const text = (
        await report.locator('pos-session-report').evaluate((el) => el.shadowRoot?.textContent ?? '')
      ).replace(/\s+/g, ' ');
      expect(text).toContain(`Session ${session.name}`);
      expect(text).toMatch(/Expected cash\s*€151\.25/);
      expect(text).toMatch(/Counted cash\s*€150\.00/);
      expect(text).toMatch(/Difference\s*−€1\.25/);
      expect(text).toContain('Note: Paid the window cleaner from the drawer');
      await report.getByRole('button', { name: 'Print' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('in closing_control the blocking dialog offers the count: a drawer that holds the expected cash closes without a note', async () => {
      const session = await registerWaitingForItsFloat();
      await api(server, 'PATCH', `/api/sessions/${session.id}`, { state: 'opened', openingCash: 15_000 });
      const page = await openTill(context, server.url);
      await api(server, 'PATCH', `/api/sessions/${session.id}`, { state: 'closing_control' });
      const blocking = page.getByRole('alertdialog', { name: 'Session closing' });
      await blocking.getByRole('button', { name: 'Close the register' }).click();
      const panel = page.getByRole('dialog', { name: 'Close the register' });
      await panel.getByLabel('Manager PIN').fill(PIN);
      await panel.getByRole('button', { name: 'Continue' }).click();
      await panel.getByText('Expected cash: €150.00').waitFor();
      await panel.getByLabel('Counted cash', { exact: true }).fill('150,00');
      await panel.getByText('No difference with the expected cash.').waitFor();
      await panel.getByRole('button', { name: 'Close the register' }).click();
      await waitFor('the session closed on the server', async () => {
        return (await serverSession(session.id)).state === 'closed';
      });
      await page.getByRole('alertdialog', { name: 'Session closed' }).waitFor({ timeout: 15_000 });
    });

    it('the X report from the toolbar needs the network: offline it says so and reads nothing', async () => {
      const session = await sessionOfItsOwn(server);
      const page = await openTillInSession(context, server.url, session);
      await context.setOffline(true);
      await page.getByRole('button', { name: 'X report' }).click();
      const report = page.getByRole('dialog', { name: 'Session report' });
      await report.getByText('The report needs the network: connect and try again.').waitFor();
      await context.setOffline(false);
      await report.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('dialog', { name: 'X report' }).getByText(`Session ${session.name}`).waitFor();
    });
  });
});
