import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './axe-kit.js';
import {
  api,
  openTill,
  readOutbox,
  SEED_CONFIG_ID,
  statusText,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
useTillSuite((suite) => ({ server, context } = suite));

/** The rows of `cash_moves` as the server stored them. */
async function storedMoves(): Promise<{ uuid: string; amount: number | string; reason: string }[]> {
  const { db } = server.running().database;
  return db.selectFrom('cash_moves').select(['uuid', 'amount', 'reason']).execute();
}

/** Opens Cash in / out and saves a move as a cashier would: direction, reason, amount, Save. */
async function moveCash(page: Page, direction: 'Cash in' | 'Cash out', reason: string, amount: string) {
  await page.getByRole('button', { name: 'Cash in / out' }).click();
  const panel = page.getByRole('dialog', { name: 'Cash in / out' });
  await panel.getByRole('radio', { name: direction, exact: true }).check();
  await panel.getByRole('radio', { name: reason, exact: true }).check();
  await panel.getByRole('textbox', { name: 'Amount' }).fill(amount);
  await panel.getByRole('button', { name: 'Save' }).click();
  return panel;
}

describe('cash in and cash out on the till', () => {
  it('a cash-out made offline reaches the server once after reconnecting (never lost, never twice)', async () => {
    await api(server, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { cashControl: true });
    const page = await openTill(context, server.url);
    // Every answered upload of cash moves, from the page or its service worker.
    const posted: string[][] = [];
    context.on('requestfinished', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/cash-moves')
        posted.push(
          ((request.postDataJSON() as { moves: { uuid: string }[] }).moves ?? []).map((m) => m.uuid),
        );
    });

    await context.setOffline(true);
    // Refused at its field first: an amount of 0 moves nothing, and nothing is saved.
    const panel = await moveCash(page, 'Cash out', 'Bank deposit', '0');
    await panel.getByRole('alert').getByText('Type an amount greater than 0.').waitFor();
    expect(await readOutbox(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByRole('textbox', { name: 'Amount' }).fill('20');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel
      .getByRole('status')
      .getByText('Cash out of €20.00 saved (Bank deposit).', { exact: false })
      .waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitFor('1 pending', async () => (await statusText(page)).includes('1 pending'));
    const [queued] = await readOutbox(page);
    expect(queued?.status).toBe('pending');
    expect(await storedMoves()).toEqual([]);

    await context.setOffline(false);
    // As for orders: a flush begun offline an instant before backs off before the next one runs.
    await waitFor('the move on the server', async () => (await storedMoves()).length === 1, 30_000);
    await waitFor('0 pending after sync', async () => (await statusText(page)).includes('0 pending'), 10_000);
    const rows = await storedMoves();
    expect(rows).toEqual([{ uuid: queued?.uuid, amount: -2000, reason: 'Bank deposit' }]);
    expect(posted.flat().filter((uuid) => uuid === queued?.uuid)).toHaveLength(1);
    expect(await readOutbox(page)).toEqual([
      expect.objectContaining({ uuid: queued?.uuid, status: 'synced' }),
    ]);
  });
});
