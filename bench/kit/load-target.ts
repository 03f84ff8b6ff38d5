import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { buildOrder } from '../../src/domain/build-order.js';
import { percentile, type BenchRow } from '../bench-row.js';
import { runOpenLoop, type Stream, type StreamResult } from './open-loop.js';
import { sampleProcesses, type ProcessUsage } from './process-sampler.js';
import { holdEventStreams, pairTablets, type Tablet } from './tablets.js';

/** Servers under load: the address tablets use, the server processes behind it, and how to stop. */
export interface LoadTarget {
  url: string;
  /** Where tablets are paired (see pairTablets): the servers' own addresses; default `url`. */
  pairingUrls?: string[];
  serverPids: number[];
  stop: () => Promise<void>;
}

/** Tablets of the budget (the issue's shop chain). */
export const TABLETS = 500;
/** Each tablet checks its session this often (s): the lowest frequency a config allows. */
const CHECK_INTERVAL_S = 5;
/**
 * Each tablet makes a sale this often (s), each uploaded at once (one order a request, as the
 * till does when online): two customers a minute at every counter at once, a lunchtime rush at a
 * bakery sustained by the whole chain.
 */
const SALE_INTERVAL_S = 30;
/** The seed's opened session, which every tablet checks and sells in. */
const SESSION_ID = 1;
/** Unmeasured run first (s): the server compiles its hot paths, the pool opens its connections. */
const WARM_UP_S = 5;
/** The measured run at 500 tablets (s). */
const RUN_S = 30;
/** Each step of the search for the ceiling (s). */
const STEP_S = 10;
/** Steps of the ceiling search, in multiples of the 500 tablets' traffic, until one fails. */
const STEP_FACTORS = [2, 4, 6, 8, 10, 12, 15, 18, 22, 26, 30, 35, 40] as const;
/** Budgets of the issue: answer time and memory of one instance. */
export const P99_BUDGET_MS = 50;
export const RSS_BUDGET_MB = 300;
/** A step whose answers fall below this share of the rate sent is over the ceiling too. */
const MIN_ACHIEVED_SHARE = 0.95;

/** What one run of the traffic gave. */
interface Run {
  results: StreamResult[];
  usage: ProcessUsage[];
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  rate: number;
  achieved: number;
  /** The machine's 1-minute load average at the end (other work on the machine counts). */
  load: number;
}

/**
 * The load bench of one target (started by `start`, stopped at the end): 500 tablets paired
 * through its address, each holding an event stream, checking its session every 5 s and uploading
 * a sale every 30 s; after a warm-up, 30 s measured (latency, errors, the servers' RSS and CPU),
 * then, when it passed, the traffic multiplied step by step (10 s each, the 500 streams still
 * held) until p99 reaches 50 ms, an error appears or the server falls behind: the ceiling is the
 * last step that passed. `budgeted`: the issue's budgets apply (one instance of each engine).
 */
export async function loadRows(
  section: string,
  start: () => Promise<LoadTarget>,
  budgeted: boolean,
): Promise<BenchRow[]> {
  const target = await start();
  try {
    process.stderr.write(`  ${section}: pairing ${TABLETS} tablets…\n`);
    const tablets = await pairTablets(target.pairingUrls ?? target.url, TABLETS);
    const streams = await holdEventStreams(target.url, tablets, SESSION_ID);
    try {
      const traffic = trafficOf(tablets);
      await runTraffic(target, traffic(1), WARM_UP_S);
      const base = await runTraffic(target, traffic(1), RUN_S);
      report(section, 'at 500 tablets', base);
      // The 500 tablets' traffic is the first step: when it already fails, the ceiling is below it.
      const steps: { factor: number; run: Run }[] = [{ factor: 1, run: base }];
      for (const factor of passes(base) ? STEP_FACTORS : []) {
        const run = await runTraffic(target, traffic(factor), STEP_S);
        report(section, `×${factor}`, run);
        steps.push({ factor, run });
        if (!passes(run)) break;
      }
      const held = streams.open();
      return rowsOf(section, budgeted, base, steps, held, streams.failed());
    } finally {
      streams.close();
    }
  } finally {
    await target.stop();
  }
}

/** The streams of `factor` times the 500 tablets' traffic (the same tablets, more often). */
function trafficOf(tablets: readonly Tablet[]): (factor: number) => Stream[] {
  let sequence = 1;
  const checksPerS = TABLETS / CHECK_INTERVAL_S;
  return (factor) => [
    {
      name: 'session checks',
      rate: Math.round(checksPerS * factor),
      // Connection i checks for tablets i, i + 100, … in turn: each tablet once every 5 s.
      connection: (index) => {
        let turn = 0;
        return () => {
          const tablet =
            tablets[((index % checksPerS) + checksPerS * (turn++ % CHECK_INTERVAL_S)) % tablets.length];
          return {
            method: 'GET',
            path: `/api/sessions/${SESSION_ID}?pending=0&held=0`,
            headers: { authorization: `Bearer ${tablet?.token}` },
          };
        };
      },
      verify: (body) => body.includes('"state":"opened"'),
    },
    {
      name: 'uploads',
      rate: Math.round((TABLETS / SALE_INTERVAL_S) * factor),
      connection: (index) => {
        const tablet = tablets[index % tablets.length];
        if (!tablet) throw new Error('no tablet');
        return () => ({
          method: 'POST',
          path: '/api/orders',
          headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json' },
          // One sequence for every tablet: each reference stays unique whichever tablet sends it.
          body: JSON.stringify({ orders: [sale(tablet, sequence++)] }),
        });
      },
      verify: (body) => body.includes('"status":"accepted"') && !body.includes('"error"'),
    },
  ];
}

/** A sale of 1 to 3 baguettes paid cash, as the till builds it. */
function sale(tablet: Tablet, sequence: number) {
  return buildOrder(
    {
      uuid: randomUUID(),
      sessionId: SESSION_ID,
      deviceNumber: tablet.deviceNumber,
      currency: 'EUR',
      createdAt: new Date().toISOString(),
      lines: [
        {
          productId: 1,
          name: 'Baguette tradition',
          quantity: 1 + (sequence % 3),
          unitPrice: 125,
          taxRate: 550,
          discount: 0,
        },
      ],
      payments: [{ method: 'cash', amount: 500 }],
    },
    sequence,
  );
}

async function runTraffic(target: LoadTarget, streams: Stream[], seconds: number): Promise<Run> {
  const sampler = sampleProcesses(target.serverPids);
  const results = await runOpenLoop(target.url, streams, seconds);
  const usage = sampler.stop();
  const latencies = results.flatMap((r) => r.latencies);
  const requests = results.reduce((n, r) => n + r.answered + r.failures, 0);
  return {
    results,
    usage,
    requests,
    errors: results.reduce((n, r) => n + r.non2xx + r.mismatches + r.failures, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rate: streams.reduce((n, s) => n + s.rate, 0),
    achieved: results.reduce((n, r) => n + r.achievedRate, 0),
    load: loadavg()[0] ?? Number.NaN,
  };
}

function passes(run: Run): boolean {
  return run.p99 < P99_BUDGET_MS && run.errors === 0 && run.achieved >= run.rate * MIN_ACHIEVED_SHARE;
}

function report(section: string, what: string, run: Run): void {
  const rss = run.usage.map((u) => `${Math.round(u.peakRssMb)} MB`).join(' / ');
  const waited = run.usage.map((u) => `${Math.round(u.runQueuePercent)} %`).join(' / ');
  process.stderr.write(
    `  ${section} ${what}: ${run.rate} req/s sent, ${Math.round(run.achieved)} answered/s, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, ${run.errors} errors, RSS ${rss}, waiting for a core ${waited}, machine load ${run.load.toFixed(1)}\n`,
  );
}

function rowsOf(
  section: string,
  budgeted: boolean,
  base: Run,
  steps: readonly { factor: number; run: Run }[],
  held: number,
  lostStreams: number,
): BenchRow[] {
  const byName = (name: string) => base.results.find((r) => r.name === name);
  const checks = byName('session checks');
  const uploads = byName('uploads');
  const peakRss = Math.max(...base.usage.map((u) => u.peakRssMb));
  const passed = steps.filter((s) => passes(s.run));
  const best = passed.at(-1);
  const failed = steps.find((s) => !passes(s.run));
  const stepPeakRss = Math.max(...steps.flatMap((s) => s.run.usage.map((u) => u.peakRssMb)));
  const ceiling = best
    ? `${Math.round(best.run.achieved).toLocaleString('en')} req/s (×${best.factor}, p99 ${ms(best.run.p99)})`
    : `below ${Math.round(steps[0]?.run.rate ?? 0)} req/s`;
  const next = failed
    ? `; ×${failed.factor}: ${Math.round(failed.run.achieved).toLocaleString('en')} of ${failed.run.rate.toLocaleString('en')} req/s answered, p99 ${ms(failed.run.p99)}, ${failed.run.errors} errors`
    : '; no step failed';
  const p99ok = budgeted ? base.p99 < P99_BUDGET_MS : null;
  return [
    {
      section,
      metric: `traffic of ${TABLETS} tablets, ${RUN_S} s`,
      value: `${checks?.achievedRate.toFixed(0)} checks/s + ${uploads?.achievedRate.toFixed(1)} uploads/s, ${held} event streams`,
      budget: '',
      ok: null,
    },
    {
      section,
      metric: 'p50 / p99, every request',
      value: `${ms(base.p50)} / ${ms(base.p99)}`,
      budget: budgeted ? `p99 < ${P99_BUDGET_MS} ms` : '',
      ok: p99ok,
    },
    { section, metric: 'p50 / p99, session checks', value: pair(checks), budget: '', ok: null },
    { section, metric: 'p50 / p99, uploads (one order each)', value: pair(uploads), budget: '', ok: null },
    {
      section,
      metric: 'errors (not 2xx, order not accepted, failed or timed out)',
      value: `${base.errors} of ${base.requests.toLocaleString('en')}`,
      budget: budgeted ? '0' : '',
      ok: budgeted ? base.errors === 0 : null,
    },
    {
      section,
      metric: 'event streams held to the end (of 500)',
      value: `${held}${lostStreams ? `, ${lostStreams} lost` : ''}`,
      budget: budgeted ? String(TABLETS) : '',
      ok: budgeted ? held === TABLETS && lostStreams === 0 : null,
    },
    {
      section,
      metric: `server RSS, peak${base.usage.length > 1 ? ' per instance' : ''} (sampled every 250 ms)`,
      value: base.usage.map((u) => `${Math.round(u.peakRssMb)} MB`).join(' / '),
      budget: budgeted ? `< ${RSS_BUDGET_MB} MB` : '',
      ok: budgeted ? peakRss < RSS_BUDGET_MB : null,
    },
    {
      section,
      metric: `server CPU${base.usage.length > 1 ? ' per instance' : ''} (% of one core)`,
      value: base.usage.map((u) => `${Math.round(u.cpuPercent)} %`).join(' / '),
      budget: '',
      ok: null,
    },
    {
      section,
      metric: `machine load, 1-minute average at the end (${cpus().length} cores)`,
      value: base.load.toFixed(1),
      budget: '',
      ok: null,
    },
    {
      section,
      metric: `server's event loop waiting for a core${base.usage.length > 1 ? ' per instance' : ''} (% of the time)`,
      value: base.usage.map((u) => `${Math.round(u.runQueuePercent)} %`).join(' / '),
      budget: '',
      ok: null,
    },
    {
      section,
      metric: `ceiling: most req/s answered with p99 < ${P99_BUDGET_MS} ms and 0 errors (${STEP_S} s steps)`,
      value: ceiling + next,
      budget: '',
      ok: null,
    },
    {
      section,
      metric: 'server RSS, peak during the steps',
      value: `${Math.round(stepPeakRss)} MB`,
      budget: '',
      ok: null,
    },
  ];
}

function pair(result: StreamResult | undefined): string {
  return result ? `${ms(percentile(result.latencies, 50))} / ${ms(percentile(result.latencies, 99))}` : '–';
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}
