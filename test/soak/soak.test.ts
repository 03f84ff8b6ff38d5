import { expect, it } from 'vitest';
import { printSoakReport, runSoak } from './run-soak.js';

/**
 * The chaos soak, short (`npm run test:soak`; `npm test` runs it after the rest, see vitest.config.ts): three tablets sell through the UI against a server child process while
 * one fault of each kind (the server killed, a tablet offline, its API aborted while online, a tab
 * closed mid-flush, the service workers stopped, a second tab, the session closed and the next
 * opened) and then random ones are injected; at the end everything a till showed paid is on the
 * server exactly once, nothing is pending or held, and no sale was made in a session after its
 * till showed it blocked. The seed is fixed so a failure replays (`npm run soak` with the seed and
 * options the failure prints); `SOAK_SEED` and `SOAK_ORDERS` try others.
 */

const SEED = Number(process.env.SOAK_SEED ?? 20_261_206);
const ORDERS = Number(process.env.SOAK_ORDERS ?? 60);

it(
  `a chaos soak of ${ORDERS} sales or more on three tablets, one fault of each kind and then random ones: nothing lost, nothing doubled, nothing sold in a closed session (seed ${SEED})`,
  { timeout: 300_000 },
  async () => {
    const lines: string[] = [];
    const report = await runSoak({
      orders: ORDERS,
      seed: SEED,
      postgres: null,
      browser: 'shell',
      everyKindFirst: true,
      // Sales as fast as the tablets take them, and the faults closer together than the long
      // run's, so every kind meets sales in flight. 60 sales: `npm test` runs this on its own
      // after the rest, and CI's ten minutes are shared (on the 2-core machine 100 sales took 71
      // to 106 s, 300 took 147 s).
      thinkMs: 0,
      faultGapMs: [1_000, 2_500],
      say: (line) => lines.push(line),
    });
    printSoakReport(report, (line) => lines.push(line));
    const replay = `replay: npm run build && npm run soak -- --seed ${SEED} --orders ${ORDERS} --every-kind-first --think-ms 0 --fault-gap-ms 1000-2500`;
    expect(report.violations, `${lines.join('\n')}\n${replay}`).toEqual([]);
    const faults = report.rows.filter(([what]) => what.startsWith('fault: '));
    // Every kind was injected at least once: a short run that skipped one proves less than it says.
    for (const [what, value] of faults) expect(Number.parseInt(value, 10), what).toBeGreaterThan(0);
    // A tab closed mid-flush makes a sale of its own to cut, so a run may end one or two over.
    const made = report.rows.find(([what]) => what.startsWith('orders made'))?.[1];
    expect(Number(made)).toBeGreaterThanOrEqual(ORDERS);
    console.log(lines.filter((line) => !line.startsWith('soak ')).join('\n'));
  },
);
