import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { OrderLookup } from '../../src/domain/api/orders.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { seriousViolations } from './axe-kit.js';
import {
  api,
  openTill,
  readOutbox,
  sellCash,
  serverOrders,
  SEED_CONFIG_ID,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
let browser: Browser;
// A fresh server per test: two tablets of one register, a manager PIN.
useTillSuite((suite) => ({ server, context, browser } = suite));

/** The orders of the page's outbox, oldest first. */
async function outboxOrders(page: Page): Promise<PosOrder[]> {
  return page.evaluate(
    () =>
      new Promise<PosOrder[]>((resolve, reject) => {
        const open = indexedDB.open('pos-shell');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB failed'));
        open.onsuccess = () => {
          const req = open.result.transaction('orders').objectStore('orders').getAll();
          req.onsuccess = () =>
            resolve(
              (req.result as { kind: string; order: PosOrder; queuedAt: number }[])
                .filter((e) => e.kind === 'order')
                .sort((a, b) => a.queuedAt - b.queuedAt)
                .map((e) => e.order),
            );
          req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
        };
      }),
  );
}

/** Types `reference` into the search box and Enter, as a receipt scanner does. */
async function scan(page: Page, reference: string): Promise<void> {
  const search = page.getByRole('searchbox', { name: 'Search by name or barcode' });
  await search.fill(reference);
  await search.press('Enter');
}

describe('refunds of an order another tablet sold', () => {
  it('tablet B refunds a sale of tablet A found on the server by its scanned reference, once; looked up again from the order history, the item is no longer refundable', async () => {
    const tabletA = await openTill(context, server.url);
    await sellCash(tabletA, ['Baguette tradition', 'Croissant au beurre']);
    const sale = (await outboxOrders(tabletA)).at(-1);
    if (!sale) throw new Error('no sale on tablet A');
    await waitFor('the sale on the server', async () =>
      (await serverOrders(server, sale.sessionId)).some((o) => o.uuid === sale.uuid),
    );

    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const tabletB = await openTill(other, server.url);
      await scan(tabletB, sale.reference);
      let panel = tabletB.getByRole('dialog', { name: `Refund of order ${sale.reference}` });
      await panel.getByRole('button', { name: 'One more Baguette tradition to refund' }).click();
      expect(await seriousViolations(tabletB)).toEqual([]);
      await panel.getByRole('button', { name: 'Confirm refund' }).click();
      const receipt = tabletB.locator('pos-receipt');
      await receipt.getByText(`Refund of order ${sale.reference}`).waitFor();
      const refund = (await outboxOrders(tabletB)).find((o) => o.refundOf === sale.uuid);
      if (!refund) throw new Error('no refund on tablet B');
      await tabletB.getByRole('button', { name: 'New sale' }).click();

      await waitFor(
        'the refund sent',
        async () => (await readOutbox(tabletB)).find((e) => e.uuid === refund.uuid)?.status === 'synced',
        20_000,
      );
      const onServer = await serverOrders(server, sale.sessionId);
      expect(onServer.filter((o) => o.refundOf === sale.uuid).map((o) => o.uuid)).toEqual([refund.uuid]);
      expect(server.uploadCount(refund.uuid)).toBe(1);
      const lookup = await api<OrderLookup>(server, 'GET', `/api/orders/by-reference/${sale.reference}`);
      expect(lookup.refunded.map((l) => l.quantity)).toEqual([1]);

      // Looked up again, from the order history this time: the baguette has nothing left, the
      // croissant still has.
      await tabletB.getByRole('button', { name: 'Orders of this session' }).click();
      const history = tabletB.getByRole('dialog', { name: 'Orders of this session' });
      await history.getByLabel('Refund an earlier order (reference)').fill(sale.reference);
      await history.getByRole('button', { name: 'Find' }).click();
      panel = tabletB.getByRole('dialog', { name: `Refund of order ${sale.reference}` });
      await panel.getByText('0 of 1').waitFor();
      expect(
        await panel.getByRole('button', { name: 'One more Baguette tradition to refund' }).isDisabled(),
      ).toBe(true);
      expect(
        await panel.getByRole('button', { name: 'One more Croissant au beurre to refund' }).isDisabled(),
      ).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('offline, a reference this tablet does not hold says it is not here and the till is offline', async () => {
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    await scan(page, '00001-009-0001');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Order 00001-009-0001 is not on this tablet. The till is offline' })
      .waitFor();
  });
});

describe('refunds without receipt', () => {
  it('behind the manager PIN and with a reason, reaches the server accepted; a wrong PIN refuses it and saves nothing', async () => {
    await api(server, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { managerPin: '2468' });
    const page = await openTill(context, server.url);
    await page.getByRole('button', { name: 'Orders of this session' }).click();
    const history = page.getByRole('dialog', { name: 'Orders of this session' });
    await history.getByRole('button', { name: 'Refund without receipt' }).click();
    const panel = page.getByRole('dialog', { name: 'Refund without receipt' });
    await panel.getByLabel('Product').selectOption({ label: 'Baguette tradition' });
    await panel.getByLabel('Quantity').fill('2');
    await panel.getByRole('button', { name: 'Add' }).click();
    await panel.getByText('2 × Baguette tradition').waitFor();
    await panel.getByRole('radio', { name: 'Damaged' }).check();
    await panel.getByText('Give back €2.50 from the drawer').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByLabel('Manager PIN').fill('1111');
    await panel.getByRole('button', { name: 'Confirm refund' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Wrong manager PIN' }).waitFor();
    expect(await outboxOrders(page)).toEqual([]);

    await panel.getByLabel('Manager PIN').fill('2468');
    await panel.getByRole('button', { name: 'Confirm refund' }).click();
    const receipt = page.locator('pos-receipt');
    await receipt.getByText('Refund without receipt').waitFor();
    await receipt.getByText('Reason: Damaged').waitFor();
    const [refund] = await outboxOrders(page);
    expect(refund).toMatchObject({ amountTotal: -250, reason: 'Damaged' });
    expect(refund?.refundOf).toBeUndefined();
    expect(refund?.managerProof).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    await waitFor(
      'the refund accepted',
      async () => (await serverOrders(server, refund?.sessionId ?? 0)).some((o) => o.uuid === refund?.uuid),
      20_000,
    );
    // The tablet writes the server's answer back after the answer arrives: the server may hold
    // the refund a moment before the outbox says so (a CI run read 'pending' in between).
    await waitFor(
      'the refund synced on the tablet',
      async () => (await readOutbox(page)).find((e) => e.uuid === refund?.uuid)?.status === 'synced',
      10_000,
    );
    expect((await readOutbox(page)).find((e) => e.uuid === refund?.uuid)?.status).toBe('synced');
  });
});
