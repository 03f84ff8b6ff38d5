import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import {
  api,
  openTill,
  readOutbox,
  sellCash,
  serverOrders,
  setFrequency,
  type TestServer,
  useTillSuite,
  waitFor,
} from './harness.js';
import { countChecksOver, waitForQuietChecks } from './session-check-kit.js';

let server: TestServer;
let context: BrowserContext;
useTillSuite((suite) => ({ server, context } = suite));

/** What the back office reads of a tablet: its last outbox report, filed by its session checks. */
interface LastReport {
  pending: number;
  held: number;
  lastSeenAt: string;
}

/** The last report of the one tablet paired in this test, as the manager reads it (`GET /api/configs/1/devices`). */
async function lastReport(): Promise<LastReport | null> {
  const devices = await api<{ lastReport: LastReport | null }[]>(server, 'GET', '/api/configs/1/devices');
  expect(devices).toHaveLength(1);
  return devices[0]?.lastReport ?? null;
}

describe('the outbox report follows the flush', () => {
  it(
    '3 orders sold offline: once they arrive, the server hears "0 pending" within seconds, not at the next check a minute later',
    { timeout: 90_000 },
    async () => {
      await setFrequency(server, 1, 60);
      const page = await openTill(context, server.url);
      await context.setOffline(true);
      for (let i = 0; i < 3; i += 1) await sellCash(page, ['Baguette tradition']);
      expect((await readOutbox(page)).map((e) => e.status)).toEqual(['pending', 'pending', 'pending']);

      const onlineAt = Date.now();
      await context.setOffline(false);
      const arrivedAt = await waitFor(
        'the 3 orders on the server',
        async () => ((await serverOrders(server, 1)).length === 3 ? Date.now() : 0),
        30_000,
        50,
      );
      // A report made after going online that says 0 pending can only follow the flush.
      const report = await waitFor(
        'a report of 0 pending',
        async () => {
          const last = await lastReport();
          return last?.pending === 0 && Date.parse(last.lastSeenAt) >= onlineAt ? last : null;
        },
        20_000,
        100,
      );
      if (!report) throw new Error('no report');
      expect(report.held).toBe(0);
      // Within the 5 s gap between checks (and the page's wake-up), far from the 60 s schedule.
      expect(Date.parse(report.lastSeenAt) - arrivedAt).toBeLessThan(10_000);
    },
  );

  it(
    'selling online costs no extra check: orders sold after the last check were never reported pending',
    { timeout: 90_000 },
    async () => {
      await setFrequency(server, 1, 3600);
      const page = await openTill(context, server.url);
      await waitForQuietChecks(page);
      const before = server.sessionChecks();
      await sellCash(page, ['Baguette tradition']);
      await sellCash(page, ['Pain au chocolat']);
      await waitFor(
        'both orders on the server',
        async () => (await serverOrders(server, 1)).length === 2,
        15_000,
      );
      expect(await countChecksOver(server, 6_000)).toBe(0);
      expect(server.sessionChecks()).toBe(before);
    },
  );
});
