import type { Page } from 'playwright-core';
import { percentile, type BenchRow } from '../bench-row.js';

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Taps made per run, and the distinct tiles tapped in turn (the cart keeps a realistic number of lines). */
export const TAPS = 200;
const TAPPED_TILES = 20;

/**
 * What one input cost, in ms, both timed inside the page from `performance.now()` read right
 * before the input was dispatched: `work` until the work it caused was done (the Lit updates it
 * set off complete and the layout they need forced by reading a layout property once), which is
 * what the budget is about; `paint` until the next animation frame began (information only: it is
 * floored by the frame clock, 16.7 ms at 60 Hz, however fast the work is).
 */
export interface InputTimes {
  work: number[];
  paint: number[];
}

/**
 * Taps tiles (a real click on the button) and times each ({@link InputTimes}): the work is the
 * shell's and the cart's updates and the layout of the cart.
 */
export async function timeTaps(page: Page): Promise<InputTimes> {
  return page.evaluate(
    async ({ taps, tiles }) => {
      const app = document.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>('pos-app');
      const grid = app?.shadowRoot?.querySelector('pos-product-grid');
      const buttons = [...(grid?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button.tile') ?? [])].slice(
        0,
        tiles,
      );
      if (!app || buttons.length === 0) throw new Error('no tiles');
      const times = { work: [] as number[], paint: [] as number[] };
      for (let i = 0; i < taps; i++) {
        const cart = app.shadowRoot?.querySelector('pos-cart') as
          (HTMLElement & { updateComplete: Promise<unknown> }) | null;
        if (!cart) throw new Error('no cart');
        await new Promise((r) => requestAnimationFrame(r));
        const t0 = performance.now();
        buttons[i % buttons.length]?.click();
        await app.updateComplete;
        await cart.updateComplete;
        void cart.offsetHeight; // forces the layout of the lines the update rendered
        times.work.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(r));
        times.paint.push(performance.now() - t0);
      }
      return times;
    },
    { taps: TAPS, tiles: TAPPED_TILES },
  );
}

/** The row of one kind of input: p95 of the work against the budget, p50 and the paint figure said. */
export function inputRow(section: string, what: string, times: InputTimes, budget: number): BenchRow {
  const p95 = percentile(times.work, 95);
  return {
    section,
    metric:
      `${what}: p95 of ${times.work.length}, from the input to its work done (update and layout, ` +
      `p50 ${ms(percentile(times.work, 50))}; to the next frame, frame-bound: p95 ${ms(percentile(times.paint, 95))})`,
    value: ms(p95),
    budget: `< ${budget} ms`,
    ok: p95 < budget,
  };
}
