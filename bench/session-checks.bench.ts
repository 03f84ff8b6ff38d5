import type { Page } from 'playwright-core';
import { launchChromium } from '../test/browser/chromium.js';
import {
  openTill,
  setFrequency,
  startTestServer,
  waitFor,
  type TestServer,
} from '../test/browser/harness.js';
import { countChecksOver, openTills } from '../test/browser/session-check-kit.js';
import type { BenchRow } from './bench-row.js';

export const title = 'session checks per interval';

/** The config's check frequency during the run (s): the minimum, the hardest case. */
const FREQUENCY_S = 5;
/** Intervals counted per tab count, after the warm-up. */
const INTERVALS = 3;
/** Tab counts of one browser context (one device). */
const TAB_COUNTS = [1, 5, 20] as const;
/** One request per interval is the budget; this much above it still passes (a window edge). */
const TOLERANCE = 0.05;

/**
 * Session-check requests per interval the server sees from one device with N tabs, frequency 5 s
 * (budget 1.0 for every N). Tabs are added to the same context (1, then 5, then 20).
 * Each window starts half an interval after a check and lasts exactly INTERVALS intervals, so a
 * schedule of one check per interval counts exactly INTERVALS whatever the phase.
 */
export async function run(): Promise<BenchRow[]> {
  const server = await startTestServer();
  const browser = await launchChromium('full');
  const rows: BenchRow[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    await setFrequency(server, 1, FREQUENCY_S);
    const tabs: Page[] = [await openTill(context, server.url)];
    for (const count of TAB_COUNTS) {
      tabs.push(...(await openTills(context, server.url, count - tabs.length)));
      await afterNextCheck(server); // warm-up: the new tabs' start-up is behind us, the schedule runs
      await countChecksOver(server, (FREQUENCY_S * 1000) / 2); // half an interval: away from the window's edges
      const perInterval = (await countChecksOver(server, INTERVALS * FREQUENCY_S * 1000)) / INTERVALS;
      rows.push({
        section: 'session checks',
        metric: `requests per ${FREQUENCY_S} s interval, ${count} tab${count > 1 ? 's' : ''}`,
        value: perInterval.toFixed(2),
        budget: '1.0',
        ok: perInterval >= 1 - TOLERANCE && perInterval <= 1 + TOLERANCE,
      });
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

/** Resolves right after the server counted its next session check. */
async function afterNextCheck(server: TestServer): Promise<void> {
  const seen = server.sessionChecks();
  await waitFor('the next session check', () => server.sessionChecks() > seen, FREQUENCY_S * 3000, 20);
}
