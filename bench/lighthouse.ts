import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../test/kit/admin-token.js';
import { newPairingCode } from '../test/kit/pair-device.js';
import { startServerProcess } from '../test/kit/server-process.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/browser/chromium.js';

/**
 * `npm run bench:lighthouse`: Lighthouse 12.2.3 (mobile preset: its default form factor, screen
 * and simulated throttling) with Debian's Chromium on the till, opened through a pairing link as a
 * new tablet opens it, and on the back office, against the real server over dist/ (run
 * `npm run build` first). Each page runs {@link RUNS} times; prints the medians, the spread of the
 * performance score and LCP, and every audit that failed in any run. Exits 0 whatever the figures:
 * budgets are reported, not asserted, as `npm run bench` does. `LIGHTHOUSE_KEEP=<dir>` keeps each
 * run's full report (JSON) in that folder.
 */

/**
 * Lighthouse lives in a package of its own, installed on first use: with its dependencies it is
 * about 150 packages and 110 MB, and CI's `npm ci` of the project ends about 20 s before its
 * 10-minute limit, so the project's install must not carry it. Its lock file pins every version.
 */
const LIGHTHOUSE_DIR = join(process.cwd(), 'bench', 'lighthouse');
const LIGHTHOUSE_CLI = join(LIGHTHOUSE_DIR, 'node_modules', 'lighthouse', 'cli', 'index.js');
/** Lighthouse varies from run to run (its CPU benchmark sees a shared machine): the median of three. */
const RUNS = 3;
/** Categories of the budgets; SEO has none. */
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
/** An audit below this score is one Lighthouse's own report shows as failed. */
const PASS_SCORE = 0.9;

/** The part of a Lighthouse result (LHR) read here. */
interface LighthouseResult {
  lighthouseVersion: string;
  environment: { hostUserAgent: string; benchmarkIndex: number };
  runWarnings: string[];
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null; auditRefs: { id: string; group?: string }[] }>;
  audits: Record<string, Audit>;
}

interface Audit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  numericValue?: number;
  displayValue?: string;
  metricSavings?: Record<string, number | undefined>;
  details?: { overallSavingsMs?: number; overallSavingsBytes?: number };
}

/** What one page is: its name, its budgets and how to get the URL of each run. */
interface Target {
  name: string;
  /** A fresh URL per run: a pairing code serves once. */
  url: () => Promise<string>;
  /** A row saying the runs measured the page meant (the till paired, not an error screen); none when there is nothing to check. */
  check?: (runs: number) => Promise<string>;
  budgets: { performance: number; accessibility: number; bestPractices: number; lcpMs?: number };
}

/** One run's figures. */
interface Figures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  transferBytes: number;
  failed: Audit[];
}

/** Installs bench/lighthouse's locked packages when they are missing; no install script runs and no browser is downloaded. */
function ensureLighthouse(): void {
  if (existsSync(LIGHTHOUSE_CLI)) return;
  process.stderr.write('bench:lighthouse: installing Lighthouse in bench/lighthouse (first use)…\n');
  const done = spawnSync(
    'npm',
    ['ci', '--prefix', LIGHTHOUSE_DIR, '--ignore-scripts', '--no-audit', '--no-fund'],
    {
      stdio: 'inherit',
      // Lighthouse drives the Chromium the system installed. None of the locked packages has an
      // install script and puppeteer-core, one of them, downloads no browser; --ignore-scripts and
      // these variables keep it so should a later lock bring a package that would.
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROME_DOWNLOAD: '1' },
    },
  );
  if (done.status !== 0 || !existsSync(LIGHTHOUSE_CLI))
    throw new Error(`npm ci --prefix bench/lighthouse failed (exit ${String(done.status)})`);
}

/**
 * Runs the Lighthouse CLI once on `url` and returns its result. The CLI, not the Node API: the
 * script then needs none of Lighthouse's types, so the project's typecheck passes where the
 * package is not installed (CI).
 */
async function lighthouse(url: string, chromePath: string): Promise<LighthouseResult> {
  const dir = await mkdtemp(join(tmpdir(), 'pos-lighthouse-'));
  const output = join(dir, 'report.json');
  try {
    const args = [
      LIGHTHOUSE_CLI,
      url,
      '--output=json',
      `--output-path=${output}`,
      `--only-categories=${CATEGORIES.join(',')}`,
      '--quiet',
      `--chrome-flags=--headless=new ${CHROMIUM_ARGS.join(' ')}`,
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: chromePath },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    if (code !== 0) throw new Error(`lighthouse exited ${String(code)}: ${err.trim().slice(-2000)}`);
    const text = await readFile(output, 'utf8');
    // LIGHTHOUSE_KEEP=<dir> keeps each report there, to read its traces and long tasks.
    const keep = process.env.LIGHTHOUSE_KEEP;
    if (keep) await writeFile(join(keep, `report-${Date.now()}.json`), text);
    const result = JSON.parse(text) as LighthouseResult;
    if (result.runtimeError)
      throw new Error(`lighthouse: ${result.runtimeError.code} ${result.runtimeError.message}`);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The audits of the three categories that scored below {@link PASS_SCORE} (informative and not-applicable ones have no score). */
function failedAudits(result: LighthouseResult): Audit[] {
  const ids = new Set(CATEGORIES.flatMap((c) => result.categories[c]?.auditRefs.map((ref) => ref.id) ?? []));
  return [...ids]
    .map((id) => result.audits[id])
    .filter((a): a is Audit => a !== undefined && a.score !== null && a.score < PASS_SCORE);
}

/** The figures of one result; a category or metric Lighthouse could not compute is NaN. */
function figures(result: LighthouseResult): Figures {
  const score = (id: string) => Math.round((result.categories[id]?.score ?? Number.NaN) * 100);
  const value = (id: string) => result.audits[id]?.numericValue ?? Number.NaN;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcpMs: value('first-contentful-paint'),
    lcpMs: value('largest-contentful-paint'),
    tbtMs: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    transferBytes: value('total-byte-weight'),
    failed: failedAudits(result),
  };
}

/** Median of an odd count (the middle value), the lower middle of an even one. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** `97 (95–98)`: the median, then the lowest and highest of the runs. */
function withSpread(values: readonly number[], format: (n: number) => string): string {
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

/** What an audit would save, as Lighthouse gives it: metric savings, time, bytes; "" when none. */
function savings(audit: Audit): string {
  const parts: string[] = [];
  for (const [metric, saved] of Object.entries(audit.metricSavings ?? {}))
    if (saved)
      parts.push(metric === 'CLS' ? `${metric} ${saved.toFixed(3)}` : `${metric} ${Math.round(saved)} ms`);
  // Lighthouse 12 gives the time saved per metric; the overall time only repeats one of them.
  const ms = audit.details?.overallSavingsMs;
  const bytes = audit.details?.overallSavingsBytes;
  if (ms && parts.length === 0) parts.push(`${Math.round(ms)} ms`);
  if (bytes) parts.push(`${(bytes / 1024).toFixed(1)} KB`);
  return parts.join(', ');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const integer = (n: number) => String(n);

/** The Markdown rows of one page: section, metric, value, budget, ok (the `npm run bench` table). */
function pageRows(target: Target, runs: readonly Figures[]): string[] {
  const pick = (key: keyof Omit<Figures, 'failed'>) => runs.map((r) => r[key]);
  const row = (metric: string, value: string, budget = '', ok: boolean | null = null) =>
    `| ${target.name} | ${metric} | ${value} | ${budget} | ${ok === null ? '' : ok ? 'yes' : 'NO'} |`;
  const { budgets } = target;
  const perf = median(pick('performance'));
  const a11y = median(pick('accessibility'));
  const bp = median(pick('bestPractices'));
  const lcp = median(pick('lcpMs'));
  return [
    row(
      `performance score, median of ${runs.length} (min–max)`,
      withSpread(pick('performance'), integer),
      `≥ ${budgets.performance}`,
      perf >= budgets.performance,
    ),
    row(
      'accessibility score, median',
      integer(a11y),
      `${budgets.accessibility}`,
      a11y >= budgets.accessibility,
    ),
    row('best practices score, median', integer(bp), `${budgets.bestPractices}`, bp >= budgets.bestPractices),
    row('First Contentful Paint, median', seconds(median(pick('fcpMs')))),
    row(
      'Largest Contentful Paint, median (min–max)',
      withSpread(pick('lcpMs'), seconds),
      budgets.lcpMs === undefined ? '' : `< ${seconds(budgets.lcpMs)}`,
      budgets.lcpMs === undefined ? null : lcp < budgets.lcpMs,
    ),
    row('Total Blocking Time, median', `${Math.round(median(pick('tbtMs')))} ms`),
    row('Cumulative Layout Shift, median', median(pick('cls')).toFixed(3)),
    row('transfer size, median', `${(median(pick('transferBytes')) / 1024).toFixed(1)} KB`),
  ];
}

/** The failed audits of one page, each once, with the runs it failed in and its savings in the last of them. */
function failedRows(target: Target, runs: readonly Figures[]): string[] {
  const seen = new Map<string, { audit: Audit; count: number }>();
  for (const run of runs)
    for (const audit of run.failed) {
      const entry = seen.get(audit.id);
      seen.set(audit.id, { audit, count: (entry?.count ?? 0) + 1 });
    }
  return [...seen.values()].map(
    ({ audit, count }) =>
      `| ${target.name} | ${audit.id} | ${audit.title.replaceAll('|', '\\|')} | ${audit.displayValue ?? ''} | ${savings(audit)} | ${count} of ${runs.length} |`,
  );
}

/**
 * How many devices of the seeded config have paired and sent a session check: one per till run
 * when each run's page redeemed its code and started the till.
 */
async function checkedTablets(url: string): Promise<number> {
  const answer = await fetch(`${url}/api/configs/${SEED_CONFIG_ID}/devices`, {
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  if (!answer.ok) throw new Error(`devices: ${answer.status} ${await answer.text()}`);
  const devices = (await answer.json()) as { pairedAt: string | null; lastReport: unknown }[];
  return devices.filter((d) => d.pairedAt !== null && d.lastReport !== null).length;
}

/** `Chromium 156.0.8078.114`: the browser's own version (its user agent gives only the major one). */
function browserVersion(chromePath: string): string {
  const out = spawnSync(chromePath, ['--version'], { encoding: 'utf8' }).stdout;
  return out.split(' built ')[0]?.trim() || chromePath;
}

async function main(): Promise<void> {
  const chromePath = process.env.CHROME_PATH ?? CHROMIUM_PATH;
  if (!existsSync(chromePath)) throw new Error(`no Chromium at ${chromePath} (set CHROME_PATH)`);
  if (!existsSync(join(process.cwd(), 'dist', 'index.html')))
    throw new Error('no dist/: run `npm run build` first');
  ensureLighthouse();
  const server = await startServerProcess();
  const rows: string[] = [];
  const failed: string[] = [];
  let version = '';
  const benchmarkIndexes: number[] = [];
  try {
    const targets: Target[] = [
      {
        name: 'till (pairing link)',
        url: async () => `${server.url}${(await newPairingCode(server.url)).pairPath}`,
        budgets: { performance: 98, accessibility: 100, bestPractices: 100, lcpMs: 1_500 },
        check: async (count) => {
          const checked = await checkedTablets(server.url);
          return `| till (pairing link) | tablets paired that checked their session (one per run) | ${checked} | ${count} | ${checked === count ? 'yes' : 'NO'} |`;
        },
      },
      {
        name: 'back office (/admin)',
        url: async () => `${server.url}/admin`,
        budgets: { performance: 100, accessibility: 100, bestPractices: 100 },
      },
    ];
    for (const target of targets) {
      const runs: Figures[] = [];
      for (let i = 1; i <= RUNS; i++) {
        process.stderr.write(`bench:lighthouse: ${target.name}, run ${i} of ${RUNS}…\n`);
        const result = await lighthouse(await target.url(), chromePath);
        for (const warning of result.runWarnings) process.stderr.write(`  warning: ${warning}\n`);
        version = result.lighthouseVersion;
        benchmarkIndexes.push(Math.round(result.environment.benchmarkIndex));
        runs.push(figures(result));
      }
      rows.push(...pageRows(target, runs));
      if (target.check) rows.push(await target.check(runs.length));
      failed.push(...failedRows(target, runs));
    }
  } finally {
    await server.stop();
  }
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
  console.log(
    `Lighthouse ${version} (benchmark index ${Math.min(...benchmarkIndexes)}–${Math.max(...benchmarkIndexes)}), ${browserVersion(chromePath)}; ${cpus().length} cores, load average ${load}\n`,
  );
  console.log(
    ['| section | metric | value | budget | ok |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'),
  );
  console.log(
    `\n${['| page | failed audit | title | value | savings | failed in |', '| --- | --- | --- | --- | --- | --- |', ...failed].join('\n')}`,
  );
}

await main();
