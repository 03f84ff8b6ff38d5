import { availableParallelism } from 'node:os';
import type { Browser } from 'playwright-core';
import { CHANNEL_NAME } from '../src/domain/api/names.js';
import { MAX_ORDERS_PER_BATCH } from '../src/sync/flush-outbox.js';
import { launchChromium } from '../test/browser/chromium.js';
import { openTill, serverOrders, startTestServer, waitFor } from '../test/browser/harness.js';
import { countStatus, injectPending } from '../test/browser/outbox-kit.js';
import { skipped, type BenchRow } from './bench-row.js';
import { benchPostgres, postgresMissing, type BenchPostgres } from './kit/bench-postgres.js';
import { cpuByKind, cpuSpent, type CpuByKind } from './kit/process-sampler.js';
import { countStatements, type StatementCount } from './kit/statement-counter.js';

export const title = 'outbox flush';

/** Queue sizes flushed, each from a fresh device to a fresh server. */
const SIZES = [1_000, 10_000] as const;
/** The budget for the largest queue (ms), on either engine. */
const BUDGET_10K_MS = 3_000;
/** PostgreSQL's time for the largest queue may be at most this many times SQLite's. */
const BUDGET_PG_RATIO = 1.5;
/** Orders a batch of the worker's flush carries (sw/): the statements per upload are per this many. */
const BATCH = MAX_ORDERS_PER_BATCH;
/** Cores the machine offers: the CPU a flush can use is at most this many times its time. */
const CORES = availableParallelism();
/** A task of the page longer than this during the flush is one the cashier could feel (ms). */
const LONG_TASK_MS = 50;

type Engine = 'SQLite' | 'PostgreSQL';

/** One flush measured: its time, what the server saw and what the database was asked. */
interface Flush {
  ms: number;
  uploads: number;
  once: boolean;
  count: StatementCount;
  /** The page's long tasks (ms) while the worker flushed: its IndexedDB writes and broadcasts reach the page. */
  longTasks: number[];
  /**
   * CPU time (ms) used during the flush: `server` is this process (the server, and the bench's
   * own polling, which is little), the rest Chromium's processes by kind.
   */
  cpu: CpuByKind;
}

/**
 * Flushes N queued orders from the real page and service worker to the real server on loopback
 * on SQLite and on PostgreSQL (benchPostgres says which cluster), each size on both
 * engines one after the other: the orders are put in IndexedDB while the device is offline, then
 * the clock starts when it goes online (the worker's flush is woken by `online`, as in a shop) and
 * stops when the worker announces all N `synced` (each confirmed by the server; IndexedDB is then
 * counted too). Reports time, orders/s, upload requests, the statements the server sent its
 * database per upload request, and whether each order was delivered exactly once (one upload per
 * uuid, N stored). The server runs in this process, so its statements can be counted.
 */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const browser = await launchChromium('full');
  let postgres: BenchPostgres | null = null;
  try {
    const missing = postgresMissing();
    if (missing) rows.push(skipped('flush, PostgreSQL', missing));
    else {
      postgres = await benchPostgres();
      process.stderr.write(`  PostgreSQL: ${postgres.source}\n`);
      rows.push({
        section: 'flush',
        metric: 'PostgreSQL used',
        value: postgres.source,
        budget: '',
        ok: null,
      });
    }
    const engines: Engine[] = postgres ? ['SQLite', 'PostgreSQL'] : ['SQLite'];
    for (const size of SIZES) {
      const times = new Map<Engine, number>();
      for (const engine of engines) {
        const database = engine === 'PostgreSQL' && postgres ? await postgres.newDatabase('pos_flush') : null;
        try {
          const flush = await flushOnce(browser, size, database?.url);
          times.set(engine, flush.ms);
          rows.push(...flushRows(size, engine, flush));
        } finally {
          await database?.drop();
        }
      }
      if (!postgres) continue;
      const ratio = (times.get('PostgreSQL') ?? Number.NaN) / (times.get('SQLite') ?? Number.NaN);
      const section = `flush ${size.toLocaleString('en')} orders`;
      const budgeted = size === 10_000;
      rows.push({
        section,
        metric: 'time, PostgreSQL ÷ SQLite',
        value: `${ratio.toFixed(2)}×`,
        budget: budgeted ? `≤ ${BUDGET_PG_RATIO}×` : '',
        ok: budgeted ? ratio <= BUDGET_PG_RATIO : null,
      });
    }
  } finally {
    await browser.close();
    await postgres?.dispose();
  }
  return rows;
}

/** The rows of one flush of `size` orders on `engine`. */
function flushRows(size: number, engine: Engine, flush: Flush): BenchRow[] {
  const section = `flush ${size.toLocaleString('en')} orders, ${engine}`;
  const budgeted = size === 10_000;
  const perUpload = flush.count.statements / flush.uploads;
  const rows: BenchRow[] = [
    {
      section,
      metric: 'time',
      value: `${(flush.ms / 1000).toFixed(2)} s`,
      budget: budgeted ? `< ${BUDGET_10K_MS / 1000} s` : '',
      ok: budgeted ? flush.ms < BUDGET_10K_MS : null,
    },
    {
      section,
      metric: 'orders/s',
      value: Math.round((size / flush.ms) * 1000).toLocaleString('en'),
      budget: '',
      ok: null,
    },
    {
      section,
      metric: 'upload requests',
      value: String(flush.uploads),
      budget: `${size / BATCH} (batches of ${BATCH})`,
      ok: null,
    },
    {
      section,
      metric: 'statements per upload request (all sent during the flush ÷ uploads)',
      value: perUpload.toFixed(1),
      budget: '',
      ok: null,
    },
  ];
  if (engine === 'PostgreSQL') {
    rows.push({
      section,
      metric: 'database time per upload request (queries summed, round trips included)',
      value: `${(flush.count.pgMs / flush.uploads).toFixed(1)} ms`,
      budget: '',
      ok: null,
    });
  }
  const cpuTotal = [...flush.cpu.values()].reduce((sum, ms) => sum + ms, 0);
  const byKind = [...flush.cpu]
    .filter(([, ms]) => ms >= 10)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(2)}`)
    .join(', ');
  rows.push({
    section,
    metric: `CPU used during the flush, s (of the ${CORES} cores × the time: ${((CORES * flush.ms) / 1000).toFixed(2)} s)`,
    value: `${(cpuTotal / 1000).toFixed(2)}: ${byKind}`,
    budget: '',
    ok: null,
  });
  const longest = Math.max(0, ...flush.longTasks);
  rows.push({
    section,
    metric: `the page's long tasks during the flush: count, longest`,
    value: `${flush.longTasks.length}, ${longest.toFixed(0)} ms`,
    budget: `none over ${LONG_TASK_MS} ms`,
    ok: longest <= LONG_TASK_MS,
  });
  rows.push({
    section,
    metric: 'delivered exactly once',
    value: flush.once ? 'yes' : 'no',
    budget: 'yes',
    ok: flush.once,
  });
  return rows;
}

/** Flushes `size` orders from a fresh device to a fresh server (on PostgreSQL at `databaseUrl`, else SQLite). */
async function flushOnce(browser: Browser, size: number, databaseUrl: string | undefined): Promise<Flush> {
  const server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  try {
    const page = await openTill(context, server.url);
    await context.setOffline(true);
    const entries = await injectPending(page, size);
    await waitFor(`${size} pending`, async () => (await countStatus(page, 'pending')) === size, 30_000);
    // The clock stops at the worker's own `outbox-changed` broadcast saying all N are synced
    // (read in the page, no IndexedDB involved), then the database is counted once to be sure.
    // Polling IndexedDB for the count while the flush writes competed with the flush itself.
    await page.evaluate(`(() => {
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__benchLongTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
      const channel = new BroadcastChannel(${JSON.stringify(CHANNEL_NAME)});
      channel.onmessage = (event) => {
        if (event.data?.type === 'outbox-changed') window.__benchSynced = event.data.counts.synced;
      };
    })()`);
    const uploadsBefore = server.uploads.length;
    const cpuBefore = cpuByKind(process.pid);
    const serverBefore = process.cpuUsage();
    const { result: ms, count } = await countStatements(async () => {
      const start = performance.now();
      await context.setOffline(false);
      // A function, not a string: the till's CSP forbids eval, which a string predicate needs.
      await page.waitForFunction(
        (n) => ((window as unknown as { __benchSynced?: number }).__benchSynced ?? 0) >= n,
        size,
        { timeout: 120_000, polling: 10 },
      );
      return performance.now() - start;
    });
    const serverCpu = process.cpuUsage(serverBefore);
    const cpu = cpuSpent(cpuBefore, cpuByKind(process.pid));
    cpu.set('server', (serverCpu.user + serverCpu.system) / 1000);
    const longTasks = await page.evaluate(
      () => (window as unknown as { __benchLongTasks?: number[] }).__benchLongTasks ?? [],
    );
    await waitFor(
      `${size} synced in IndexedDB`,
      async () => (await countStatus(page, 'synced')) === size,
      10_000,
    );
    const stored = await serverOrders(server, 1);
    const storedIds = new Set(stored.map((o) => o.uuid));
    const once =
      stored.length === size &&
      storedIds.size === size &&
      entries.every((e) => storedIds.has(e.uuid) && server.uploadCount(e.uuid) === 1);
    process.stderr.write(
      `  ${size} orders on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}: ${(ms / 1000).toFixed(2)} s\n`,
    );
    return { ms, uploads: server.uploads.length - uploadsBefore, once, count, longTasks, cpu };
  } finally {
    await context.close();
    await server.close();
  }
}
