import { api, pairDevice, startTestServer, type TestServer } from '../test/browser/harness.js';
import { TEST_ADMIN_TOKEN } from '../test/kit/admin-token.js';
import { makeOrder } from '../test/server/fixtures.js';
import { percentile, type BenchRow } from './bench-row.js';
import { firstLoadFiles, gzipSizes, kb } from './kit/first-load.js';

export const title = 'back office on a long session';

/** Orders in the session: a very busy day on one register. */
const ORDERS = 10_000;
/** Reads timed per request kind. */
const READS = 20;
/** Our budget (ms) for one live refresh's reads at ORDERS orders, p95: it runs every 10 s per manager tab. */
const BUDGET_REFRESH_MS = 100;
/**
 * Our budget for the JS of admin.html's first load, gzip -9 (the entry and what it imports or
 * preloads): the sign-in, the shell and Registers; the other sections load when first shown.
 */
const FIRST_LOAD_JS_BUDGET_BYTES = 25 * 1024;

/** Wall time (ms) and body size (bytes) of one admin GET. */
async function timedGet(server: TestServer, path: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(server.url + path, {
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

/** The back office's first-load JS, from the build in dist/ (`npm run bench` builds first). */
async function firstLoadRow(): Promise<BenchRow> {
  const files = (await firstLoadFiles('admin.html')).filter((f) => f.endsWith('.js'));
  const js = await gzipSizes(files, '.js');
  return {
    section: 'back office',
    metric: `first-load JS, gzip (${files.length} ${files.length === 1 ? 'chunk' : 'chunks'})`,
    value: kb(js),
    budget: `< ${FIRST_LOAD_JS_BUDGET_BYTES / 1024} KB`,
    ok: js < FIRST_LOAD_JS_BUDGET_BYTES,
  };
}

/**
 * The back office's first-load JS (gzip -9 of admin.html's scripts and their static imports, as
 * the page bench counts the till's), then what its live refresh (every 10 s while visible) costs
 * on a session of 10,000 orders, over real HTTP to the real server and SQLite file: the session
 * summary (totals by payment method, summed in SQLite), the newest page of 50 orders the list
 * shows, and for comparison the whole list, which the back office read at every refresh before
 * it was paged. The orders are uploaded by a paired device in batches of 500, as tablets send them.
 */
export async function run(): Promise<BenchRow[]> {
  const firstLoad = await firstLoadRow();
  const server = await startTestServer();
  try {
    const device = await pairDevice(server);
    for (let start = 0; start < ORDERS; start += 500) {
      const orders = Array.from({ length: 500 }, (_, i) =>
        makeOrder({
          sessionId: 1,
          deviceNumber: device.deviceNumber,
          sequence: start + i + 1,
          pay: (start + i) % 3 === 0 ? { method: 'card' } : { method: 'cash', tendered: 5_000 },
        }),
      );
      await api(server, 'POST', '/api/orders', { orders }, { token: device.token });
    }
    const measure = async (path: string) => {
      const runs: { ms: number; bytes: number }[] = [];
      for (let i = 0; i < READS; i += 1) runs.push(await timedGet(server, path));
      return {
        p50: percentile(
          runs.map((r) => r.ms),
          50,
        ),
        p95: percentile(
          runs.map((r) => r.ms),
          95,
        ),
        bytes: runs[0]?.bytes ?? 0,
      };
    };
    const summary = await measure('/api/sessions/1/summary');
    const page = await measure('/api/sessions/1/orders?limit=50');
    const sessions = await measure('/api/configs/1/sessions');
    const all = await measure('/api/sessions/1/orders');
    const refreshP95 = summary.p95 + page.p95 + sessions.p95;
    return [
      firstLoad,
      {
        section: title,
        metric: `session summary, ${ORDERS} orders (p50 / p95)`,
        value: `${summary.p50.toFixed(1)} / ${summary.p95.toFixed(1)} ms`,
        budget: '',
        ok: null,
      },
      {
        section: title,
        metric: 'newest 50 orders (p50 / p95, size)',
        value: `${page.p50.toFixed(1)} / ${page.p95.toFixed(1)} ms, ${kb(page.bytes)}`,
        budget: '',
        ok: null,
      },
      {
        section: title,
        metric: 'one live refresh: sessions + summary + newest 50, p95 summed',
        value: `${refreshP95.toFixed(1)} ms`,
        budget: `< ${BUDGET_REFRESH_MS} ms`,
        ok: refreshP95 < BUDGET_REFRESH_MS,
      },
      {
        section: title,
        metric: 'for comparison: every order (p50, size)',
        value: `${all.p50.toFixed(1)} ms, ${kb(all.bytes)}`,
        budget: '',
        ok: null,
      },
    ];
  } finally {
    await server.close();
  }
}
