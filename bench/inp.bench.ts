import type { Locator, Page } from 'playwright-core';
import { launchChromium } from '../test/browser/chromium.js';
import { openTill, startTestServer } from '../test/browser/harness.js';
import { percentile, type BenchRow } from './bench-row.js';

export const title = 'interaction to next paint';

/** Sales in the scripted run. */
const SALES = 200;
/** CPU slowdown (CDP `Emulation.setCPUThrottlingRate`): a cheap tablet. */
const SLOWDOWN = 4;
/** Budget of the run's INP (ms). */
const BUDGET_MS = 100;
/** The taps of one cash sale, in order. */
const STEPS = ['product', 'Pay', 'Exact', 'Confirm payment', 'New sale'] as const;
type Step = (typeof STEPS)[number];

/**
 * Installed before the app: every Event Timing entry of an interaction (input to next paint) as
 * `[interactionId, startTime, duration]` in `window.__events`. Entries under 16 ms (the API's
 * floor) are not reported: those interactions count as 0 below.
 */
function collectEvents(): void {
  const events: [number, number, number][] = [];
  (window as unknown as { __events: typeof events }).__events = events;
  new PerformanceObserver((list) => {
    // `interactionId` is newer than this TypeScript's DOM types.
    for (const entry of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[])
      if (entry.interactionId) events.push([entry.interactionId, entry.startTime, entry.duration]);
  }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
}

/** The button each step taps. */
function target(page: Page, step: Step, sale: number): Locator {
  switch (step) {
    case 'product':
      return page.getByRole('button', {
        name: sale % 2 === 0 ? 'Baguette tradition' : 'Pain au chocolat',
        exact: true,
      });
    case 'Pay':
      return page.getByRole('button', { name: /^Pay/ }).first();
    case 'Exact':
      return page.getByRole('button', { name: /^Exact/i });
    case 'Confirm payment':
      return page.getByRole('button', { name: /^(Confirm|Pay)/ }).last();
    case 'New sale':
      return page.getByRole('button', { name: /New sale/i });
  }
}

/**
 * Interaction to next paint over a scripted shift: 200 cash sales through the UI (a product, Pay,
 * Exact, Confirm payment, New sale), offline, at 4× CPU slowdown, in headless Chromium. Computed as
 * web-vitals does, from the Event Timing API directly: each interaction's longest event (input to
 * next paint), and the run's INP the 98th percentile of all interactions (web-vitals drops the
 * worst one per 50). Each tap's page time is noted before it, so the rows also give the 98th
 * percentile per kind of tap: where a cashier waits.
 */
export async function run(): Promise<BenchRow[]> {
  const server = await startTestServer();
  const browser = await launchChromium('full');
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(collectEvents);
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
    const taps: { step: Step; at: number }[] = [];
    for (let sale = 0; sale < SALES; sale += 1) {
      for (const step of STEPS) {
        const button = target(page, step, sale);
        await button.waitFor({ timeout: 15_000 });
        taps.push({ step, at: await page.evaluate(() => performance.now()) });
        await button.click();
      }
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.waitForTimeout(500); // the last entries are reported after their paint
    const events = await page.evaluate(
      () => (window as unknown as { __events: [number, number, number][] }).__events,
    );
    await context.close();

    // Each interaction: its longest entry, and the tap it followed.
    const longest = new Map<number, { duration: number; step: Step }>();
    for (const [id, start, duration] of events) {
      const step = taps.filter((t) => t.at <= start).at(-1)?.step ?? 'product';
      if (duration > (longest.get(id)?.duration ?? -1)) longest.set(id, { duration, step });
    }
    const durationsOf = (step?: Step) => {
      const reported = [...longest.values()].filter((i) => !step || i.step === step).map((i) => i.duration);
      const count = step ? SALES : taps.length;
      return [...reported, ...Array<number>(Math.max(0, count - reported.length)).fill(0)];
    };
    const inp = percentile(durationsOf(), 98);
    return [
      {
        section: 'interaction to next paint',
        metric: `INP: p98 of ${taps.length} taps, ${SALES} sales, CPU ${SLOWDOWN}× slower`,
        value: `${inp.toFixed(0)} ms`,
        budget: `< ${BUDGET_MS} ms`,
        ok: inp < BUDGET_MS,
      },
      ...STEPS.map((step) => ({
        section: 'interaction to next paint',
        metric: `p98 of the ${SALES} taps on ${step}`,
        value: `${percentile(durationsOf(step), 98).toFixed(0)} ms`,
        budget: '',
        ok: null,
      })),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
