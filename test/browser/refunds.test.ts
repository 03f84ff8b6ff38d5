import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { buildOrder } from '../../src/domain/build-order.js';
import type { OrderResult, PosOrder } from '../../src/domain/pos-order.js';
import type { SessionReport } from '../../src/domain/report.js';
import { seriousViolations } from './axe-kit.js';
import { flushUntil, openTillInSession } from './outbox-kit.js';
import {
  api,
  pairDevice,
  sellCash,
  serverOrders,
  sessionOfItsOwn,
  statusText,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
// Each test sells in a session of its own: one server and one tablet for the file.
useTillSuite((suite) => ({ server, context } = suite), { share: 'file' });

/** The orders of the page's outbox with their status, oldest first. */
async function outboxOrders(page: Page): Promise<{ status: string; order: PosOrder }[]> {
  return page.evaluate(
    () =>
      new Promise<{ status: string; order: PosOrder; queuedAt: number }[]>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const req = open.result.transaction('orders').objectStore('orders').getAll();
          req.onsuccess = () =>
            resolve(
              (req.result as { kind: string; status: string; order: PosOrder; queuedAt: number }[])
                .filter((e) => e.kind === 'order')
                .sort((a, b) => a.queuedAt - b.queuedAt),
            );
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
  );
}

/** The newest sale of the outbox in session `sessionId`. */
async function lastSale(page: Page, sessionId: number | string): Promise<PosOrder> {
  const sales = (await outboxOrders(page))
    .map((e) => e.order)
    .filter((o) => String(o.sessionId) === String(sessionId) && o.refundOf === undefined);
  const sale = sales.at(-1);
  if (!sale) throw new Error('no sale in the outbox');
  return sale;
}

/** Opens the order history and, from its row, the refund panel of order `reference`. */
async function refundFromHistory(page: Page, reference: string) {
  await page.getByRole('button', { name: 'Orders of this session' }).click();
  const history = page.getByRole('dialog', { name: 'Orders of this session' });
  await history.getByRole('button', { name: `Refund order ${reference}` }).click();
  const panel = page.getByRole('dialog', { name: `Refund of order ${reference}` });
  await panel.waitFor();
  return panel;
}

describe('refunds on the till', () => {
  it('a sale refunded offline from the order history reaches the server once with its refund, and the report nets them', async () => {
    const session = await sessionOfItsOwn(server);
    const page = await openTillInSession(context, server.url, session);
    await context.setOffline(true);
    await sellCash(page, ['Baguette tradition', 'Lait demi-écrémé 1 L']);
    const sale = await lastSale(page, session.id);
    expect(sale.amountTotal).toBe(125 + 109);

    const panel = await refundFromHistory(page, sale.reference);
    await panel.getByRole('button', { name: 'One more Lait demi-écrémé 1 L to refund' }).click();
    await panel.getByText('Give back €1.09 from the drawer').waitFor();
    await panel.getByRole('button', { name: 'Confirm refund' }).click();

    // Durable first, then its receipt, in the sale's place.
    const receipt = page.locator('pos-receipt');
    await receipt.getByRole('heading', { name: 'Refund: receipt' }).waitFor();
    await receipt.getByText(`Refund of order ${sale.reference}`).waitFor();
    await receipt.getByText('Given back: Cash').waitFor();
    const stored = await outboxOrders(page);
    const refund = stored.map((e) => e.order).find((o) => o.refundOf === sale.uuid);
    expect(refund).toMatchObject({ amountTotal: -109, payments: [{ method: 'cash', amount: -109 }] });
    expect(refund?.lines.map((l) => [l.name, l.quantity])).toEqual([['Lait demi-écrémé 1 L', -1]]);
    expect(
      stored.filter((e) => String(e.order.sessionId) === String(session.id)).map((e) => e.status),
    ).toEqual(['pending', 'pending']);
    await page.getByRole('button', { name: 'New sale' }).click();

    await context.setOffline(false);
    // What is tested is once each, not how soon: the failed flushes offline put the worker's
    // retries in backoff (a worker told `online` an instant before its own network is back fails
    // once more), so the test asks for flushes, as the outbox tests do.
    await flushUntil(
      page,
      'sale and refund on the server',
      async () => (await serverOrders(server, session.id)).length === 2,
      20_000,
    );
    await waitFor('0 pending', async () => (await statusText(page)).includes('0 pending'), 10_000);
    expect(server.uploadCount(sale.uuid)).toBe(1);
    expect(server.uploadCount(refund?.uuid ?? '')).toBe(1);
    const onServer = await serverOrders(server, session.id);
    expect(onServer.map((o) => o.uuid).sort()).toEqual([sale.uuid, refund?.uuid].sort());

    const report = await api<SessionReport>(server, 'GET', `/api/sessions/${session.id}/report`);
    expect(report.orders.count).toBe(2);
    expect(report.sales.amountTotal).toBe(234);
    expect(report.refunds).toMatchObject({ count: 1, amountTotal: -109 });
    expect(report.refunds.payments).toEqual([expect.objectContaining({ method: 'cash', amount: -109 })]);
    expect(report.devices.reduce((sum, d) => sum + d.amountTotal, 0)).toBe(125);
    expect(report.cash?.refunds).toBe(-109);
  });

  it('the same order refunded twice on the tablet can never give back more than was sold: the second panel offers only what is left, then "Refunded"', async () => {
    const session = await sessionOfItsOwn(server);
    const page = await openTillInSession(context, server.url, session);
    await context.setOffline(true);
    await sellCash(page, ['Croissant au beurre', 'Croissant au beurre']);
    const sale = await lastSale(page, session.id);

    let panel = await refundFromHistory(page, sale.reference);
    await panel.getByText('2 of 2').waitFor();
    await panel.getByRole('button', { name: 'One more Croissant au beurre to refund' }).click();
    await panel.getByRole('button', { name: 'Confirm refund' }).click();
    await page.getByRole('button', { name: 'New sale' }).click();

    panel = await refundFromHistory(page, sale.reference);
    await panel.getByText('1 of 2').waitFor();
    const more = panel.getByRole('button', { name: 'One more Croissant au beurre to refund' });
    await more.click();
    expect(await more.isDisabled()).toBe(true); // 1 left, 1 asked: no second unit
    await panel.getByText('Give back €1.15 from the drawer').waitFor();
    await panel.getByRole('button', { name: 'Confirm refund' }).click();
    await page.getByRole('button', { name: 'New sale' }).click();

    await page.getByRole('button', { name: 'Orders of this session' }).click();
    const history = page.getByRole('dialog', { name: 'Orders of this session' });
    await history.getByText('3 orders on this device.').waitFor();
    await history.getByText('Refunded', { exact: true }).waitFor();
    expect(await history.getByRole('button', { name: `Refund order ${sale.reference}` }).count()).toBe(0);
    expect(await history.getByText(`Refund of order ${sale.reference}`).count()).toBe(2);
    await history.getByRole('button', { name: 'Close' }).click();

    // Scanned again, it opens with nothing left to give back.
    const search = page.getByRole('searchbox', { name: 'Search by name or barcode' });
    await search.fill(sale.reference);
    await search.press('Enter');
    panel = page.getByRole('dialog', { name: `Refund of order ${sale.reference}` });
    await panel.getByText('Everything on this order was refunded.').waitFor();
    expect(await panel.getByRole('button', { name: 'Confirm refund' }).isDisabled()).toBe(true);
    const refunded = (await outboxOrders(page)).filter((e) => e.order.refundOf === sale.uuid);
    expect(refunded.flatMap((e) => e.order.lines).reduce((n, l) => n - l.quantity, 0)).toBe(2);

    await context.setOffline(false);
    await flushUntil(
      page,
      'all on the server',
      async () => (await serverOrders(server, session.id)).length === 3,
      20_000,
    );
  });

  it('a receipt reference typed or scanned into the search box opens its refund panel; one not on the tablet is said', async () => {
    const session = await sessionOfItsOwn(server);
    const page = await openTillInSession(context, server.url, session);
    await sellCash(page, ['Baguette tradition']);
    const sale = await lastSale(page, session.id);

    const search = page.getByRole('searchbox', { name: 'Search by name or barcode' });
    await search.fill(sale.reference);
    await search.press('Enter');
    const panel = page.getByRole('dialog', { name: `Refund of order ${sale.reference}` });
    await panel.getByText('1 of 1').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.waitFor({ state: 'detached' });

    await search.fill('00001-001-9999');
    await search.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Order 00001-001-9999 is not on this tablet.' })
      .waitFor();
    expect(
      await page.locator('pos-cart').evaluate((el) => (el as unknown as { lines: unknown[] }).lines.length),
    ).toBe(0);
  });

  it('a refund the server refuses (another till refunded the sale first) shows as refused, in words the cashier can act on', async () => {
    const session = await sessionOfItsOwn(server);
    const page = await openTillInSession(context, server.url, session);
    await sellCash(page, ['Baguette tradition']);
    const sale = await lastSale(page, session.id);
    await waitFor(
      'the sale on the server',
      async () => (await serverOrders(server, session.id)).length === 1,
    );

    // Another tablet of the register gives the baguette back first.
    const other = await pairDevice(server);
    const elsewhere = buildOrder(
      {
        uuid: randomUUID(),
        sessionId: session.id,
        deviceNumber: other.deviceNumber,
        currency: 'EUR',
        createdAt: new Date().toISOString(),
        lines: sale.lines.map((l) => ({ ...l, quantity: -l.quantity })),
        payments: [{ method: 'cash', amount: -sale.amountTotal }],
        refund: { uuid: sale.uuid, reference: sale.reference },
      },
      1,
    );
    const answer = await api<{ results: OrderResult[] }>(
      server,
      'POST',
      '/api/orders',
      { orders: [elsewhere] },
      { token: other.token },
    );
    expect(answer.results.map((r) => r.status)).toEqual(['accepted']);

    const panel = await refundFromHistory(page, sale.reference);
    await panel.getByRole('button', { name: 'One more Baguette tradition to refund' }).click();
    await panel.getByRole('button', { name: 'Confirm refund' }).click();
    await page.getByRole('button', { name: 'New sale' }).click();

    await page.getByRole('button', { name: 'Orders of this session' }).click();
    const history = page.getByRole('dialog', { name: 'Orders of this session' });
    const row = history.getByRole('listitem').filter({ hasText: `Refund of order ${sale.reference}` });
    await waitFor(
      'the refund refused',
      async () => ((await row.textContent()) ?? '').includes('Refused by the server'),
      20_000,
    );
    expect(await row.textContent()).toContain('the refund gives back more than the order sold');
    expect(await row.textContent()).toContain('0 of 1 left to refund'); // the server's detail, under it
    // Nothing of it was counted on the server: the other till's refund alone.
    const report = await api<SessionReport>(server, 'GET', `/api/sessions/${session.id}/report`);
    expect(report.refunds).toMatchObject({ count: 1, amountTotal: -sale.amountTotal });
  });
});
