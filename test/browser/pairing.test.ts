import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './axe-kit.js';
import {
  createPairingCode,
  openTill,
  readOutbox,
  revokeDevice,
  sellCash,
  serverOrders,
  setFrequency,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';
import { readMeta } from './outbox-kit.js';

let server: TestServer;
let context: BrowserContext;
useTillSuite((s) => ({ server, context } = s));

/** The check frequency of these tests (s): the unpaired screen must show within one interval. */
const FREQUENCY_S = 5;
const UPLOADS = '**/api/orders';
const UNPAIRED_TITLE = 'This device was unpaired';

/** Types `code` in the pairing screen's field and presses Pair. */
async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Pairing code').fill(code);
  await page.getByRole('button', { name: 'Pair', exact: true }).click();
}

/** Waits until the till is ready to sell (the catalog is shown). */
async function tillShown(page: Page, timeout = 15_000): Promise<void> {
  await page.getByRole('button', { name: 'Baguette tradition', exact: true }).waitFor({ timeout });
}

describe('pairing', () => {
  it("a fresh tablet shows the pairing screen; a wrong code is refused with the reason; the manager's code (any case, no dash) pairs it", async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Pair this tablet' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Baguette tradition', exact: true }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await enterCode(page, 'ZZZZ-ZZZZ');
    await page
      .getByText('This code is unknown, expired or already used. Ask the manager for a new one.')
      .waitFor({ timeout: 5_000 });

    const { code } = await createPairingCode(server);
    await enterCode(page, code.replace('-', '').toLowerCase());
    await tillShown(page);
    expect(await readMeta<string>(page, 'deviceToken')).toMatch(/\S{32,}/);
    expect(await readMeta<number>(page, 'deviceNumber')).toBeGreaterThan(0);
    // A used code does not work twice.
    const other = await browserlessPair(server, code);
    expect(other).toBe(401);
  });

  it("a pairing link pairs a fresh tablet and leaves the address bar; a paired tablet ignores a link's code", async () => {
    const page = await openTill(context, server.url);
    expect(page.url()).not.toContain('pair=');
    const token = await readMeta<string>(page, 'deviceToken');
    const { code, pairPath } = await createPairingCode(server);
    const second = await context.newPage();
    await second.goto(server.url + pairPath);
    await tillShown(second);
    await waitFor('the code gone from the URL', () => !second.url().includes('pair='));
    expect(await readMeta<string>(second, 'deviceToken')).toBe(token);
    expect(await browserlessPair(server, code)).toBe(201); // the code was not spent
  });

  it('revoked: every tab shows "This device was unpaired" within one check interval, keeps the unsent order; a new code pairs it again with the same number and the order is delivered once', async () => {
    await setFrequency(server, 1, FREQUENCY_S);
    const page = await openTill(context, server.url);
    const other = await openTill(context, server.url);
    const deviceId = await readMeta<string>(page, 'deviceId');
    const deviceNumber = await readMeta<number>(page, 'deviceNumber');
    if (!deviceId || !deviceNumber) throw new Error('the till is not paired');

    // A sale that cannot be sent yet (the LAN drops uploads), so it is in the outbox at the revocation.
    await context.route(UPLOADS, (route) => route.abort('connectionrefused'));
    await sellCash(page, ['Baguette tradition']);
    const [sold] = await readOutbox(page);
    if (!sold) throw new Error('no order in the outbox');
    expect(sold.status).toBe('pending');

    await revokeDevice(server, deviceId);
    const revokedAt = Date.now();
    await context.unroute(UPLOADS);
    for (const tab of [page, other]) {
      await tab.getByRole('heading', { name: UNPAIRED_TITLE }).waitFor({ timeout: (FREQUENCY_S + 3) * 1000 });
    }
    expect(Date.now() - revokedAt).toBeLessThan((FREQUENCY_S + 3) * 1000);
    await page.getByText('Orders kept on this tablet are safe: 1 not on the server yet.').waitFor();
    expect(await page.getByRole('button', { name: 'Baguette tradition', exact: true }).count()).toBe(0); // no sale
    // What the tablet keeps stays in reach of the manager (export works without pairing).
    await page.getByRole('button', { name: /^Held orders/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The worker keeps trying (with the refused token): the order stays pending, never lost.
    const failedChecks = server.sessionChecks();
    await waitFor(
      'a check with the revoked token',
      () => server.sessionChecks() > failedChecks,
      (FREQUENCY_S + 3) * 1000,
    );
    expect(await readOutbox(page)).toEqual([
      { uuid: sold.uuid, status: 'pending', sessionId: sold.sessionId },
    ]);
    expect(await serverOrders(server, 1)).toEqual([]);

    const { code } = await createPairingCode(server);
    await enterCode(page, code);
    await tillShown(page);
    expect(await readMeta<number>(page, 'deviceNumber')).toBe(deviceNumber);
    expect(await readMeta<string>(page, 'deviceId')).toBe(deviceId);
    await waitFor(
      'the order on the server',
      async () => (await serverOrders(server, 1)).some((o) => o.uuid === sold.uuid),
      15_000,
    );
    await waitFor(
      'the order synced on the tablet',
      async () => (await readOutbox(page))[0]?.status === 'synced',
      10_000,
    );
    expect((await serverOrders(server, 1)).filter((o) => o.uuid === sold.uuid)).toHaveLength(1);
    await tillShown(other, (FREQUENCY_S + 3) * 1000); // the other tab follows without a code
  });
});

/** `POST /api/pair` with `code` from outside the browser; resolves the status. */
async function browserlessPair(server: TestServer, code: string): Promise<number> {
  const res = await fetch(`${server.url}/api/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return res.status;
}
