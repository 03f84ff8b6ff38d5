import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { cspViolations, probeCsp } from './csp-kit.js';
import {
  dialogText,
  openTill,
  sellCash,
  setSessionState,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
useTillSuite((suite) => ({ server, context } = suite));

/**
 * The server sends a strict Content-Security-Policy (no inline script, no inline style);
 * the till must run whole under it. Each step below loads code or styles the first screen does
 * not (lazy chunks, the payment panel, the receipt's print sheet, the history, the blocking
 * dialog, the pairing screen), and no step may be refused by the policy.
 */
describe('the till under its Content-Security-Policy', () => {
  it('serves the till with the policy and runs every screen without a violation', async () => {
    await probeCsp(context);
    const page = await context.newPage();
    const violations = cspViolations(page);
    const navigation = await page.goto(server.url);
    const policy = navigation?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    await page.getByLabel('Pairing code').waitFor(); // an unpaired tablet's first screen
    expect(await violations()).toEqual([]);
    await page.close();

    const till = await openTill(context, server.url);
    const tillViolations = cspViolations(till);
    await sellCash(till, ['Baguette tradition', 'Pain au chocolat']);
    await till.evaluate('window.print = () => {}');
    await till.getByRole('button', { name: 'Orders of this session' }).click();
    const history = till.getByRole('dialog', { name: 'Orders of this session' });
    // The row's first button is the order itself (a sale's second is its Refund).
    await history.getByRole('listitem').first().getByRole('button').first().click();
    await history.getByRole('button', { name: 'Print' }).click();
    await history.getByRole('button', { name: 'Close' }).click();
    await till.getByRole('button', { name: /^Held orders/ }).click();
    await till.getByRole('dialog', { name: 'Held orders' }).waitFor();
    await till.keyboard.press('Escape');

    await setSessionState(server, 1, 'closed');
    await waitFor(
      'the blocking dialog',
      async () => ((await dialogText(till)) ?? '').includes('Main counter/00001'),
      15_000,
    );

    // A tablet never paired shows the pairing screen (its own chunk).
    const fresh = await context.browser()!.newContext();
    try {
      await probeCsp(fresh);
      const unpaired = await fresh.newPage();
      const freshViolations = cspViolations(unpaired);
      await unpaired.goto(server.url);
      await unpaired.getByLabel('Pairing code').waitFor();
      expect(await freshViolations()).toEqual([]);
    } finally {
      await fresh.close();
    }
    expect(await tillViolations()).toEqual([]);
  });
});
