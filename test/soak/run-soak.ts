import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { delay, spawnChild, type Child } from '../../scripts/cluster/child.js';
import { freePort } from '../../scripts/cluster/free-port.js';
import { REPO_ROOT } from '../../scripts/cluster/server-instance.js';
import { launchChromium, type ChromiumKind } from '../browser/chromium.js';
import { openTill } from '../browser/harness.js';
import { flushNow, outboxCounts, readEntries, stopAllWorkers } from '../browser/outbox-kit.js';
import { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../kit/admin-token.js';
import { makeTempDir } from '../kit/temp-dir.js';
import { STATIC_DIR } from '../kit/test-server.js';
import { uncountedMove } from '../kit/uncounted-move.js';
import { MAX_SESSIONS_PAGE } from '../../src/domain/api/sessions.js';

/**
 * The chaos soak of the whole till (run by `npm run soak`, bench/soak.ts, and a short one by
 * `npm run test:soak`, test/soak/soak.test.ts). The real server runs as a child process (so it can be killed with
 * SIGKILL and started again on the same port and data), three browser contexts are three tablets
 * paired to the demo register, each with its real service worker, selling through the UI while a
 * seeded PRNG injects faults: the server killed, a tablet offline, a tablet's API aborted while it
 * believes it is online, a tab closed in the middle of a flush, the service workers stopped, a
 * second tab opened and closed, the manager closing the session and opening the next. At the end
 * every fault is undone, the outboxes drain, held orders are rescued through the till's Held
 * orders area (the manager's rescue API, with the PIN), and every sale a till showed as paid must
 * be on the server exactly once with the lines and total shown, and none made in a session after
 * its till showed that session blocked.
 */

const TABLETS = 3;
const PIN = '2468';
/** The register's check frequency during the soak (s): tablets learn a closure quickly even without push. */
const CHECK_SECONDS = 5;
/** Time a tablet may take to drain its outbox at the end (ms). */
const DRAIN_MS = 60_000;
/** A click the till cannot take within this is a sale that did not happen (ms): the guard may be blocking. */
const CLICK_MS = 4_000;
/** The receipt after Confirm: a strict IndexedDB write on a busy 2-core machine (ms). */
const RECEIPT_MS = 15_000;
/** An order upload's path (`POST /api/orders`). */
const isUpload = (url: URL): boolean => url.pathname.endsWith('/api/orders');
const RESCUE_PATH = /\/api\/sessions\/[^/]+\/rescue$/;

type FaultKind =
  | 'server killed'
  | 'tablet offline'
  | 'API aborted, online'
  | 'tab closed mid-flush'
  | 'service workers stopped'
  | 'second tab'
  | 'session closed and reopened';

const FAULT_KINDS: readonly FaultKind[] = [
  'server killed',
  'tablet offline',
  'API aborted, online',
  'tab closed mid-flush',
  'service workers stopped',
  'second tab',
  'session closed and reopened',
];

/** A fault's random figures, drawn when it is chosen (ms, and whether a close goes through closing control). */
interface FaultFigures {
  /** The server's time down after a kill. */
  downMs: number;
  /** A tablet's time offline or with its API aborted. */
  spanMs: number;
  /** From the moment the flush's upload is in flight (held 2 s by a route) to the tab's close. */
  closeAfterMs: number;
  /** From a tab's close to its reopening. */
  reopenAfterMs: number;
  /** A second tab's life. */
  secondTabMs: number;
  closingControl: boolean;
  /** Time in closing control before the close. */
  closingMs: number;
  /** From the close to the next session opened. */
  nextSessionAfterMs: number;
}

/** What a soak is asked. */
export interface SoakOptions {
  /** Sales to make (shown paid) across the tablets. */
  orders: number;
  /** The PRNG's seed: the faults, their figures and the products picked replay from it. */
  seed: number;
  /** The PostgreSQL database to run on (empty: the app migrates and seeds it), or null for SQLite in a temp folder. */
  postgres: { url: string; source: string } | null;
  browser: ChromiumKind;
  /** The first faults are one of each kind (a short run meets them all), then drawn at random. */
  everyKindFirst?: boolean;
  /** A cashier's pause between two sales, on average (ms); none by default: as fast as the till takes them. */
  thinkMs?: number;
  /** The time between two faults, drawn between these (ms); 2 to 5 s by default. */
  faultGapMs?: readonly [number, number];
  /** Where progress lines go (default: standard error). */
  say?: (line: string) => void;
  /** On SIGINT, clean up and exit the process with 130 (the command line's behaviour). */
  exitOnInterrupt?: boolean;
}

/** What a soak found: the table's rows, each tablet's counts, and the violations (none: nothing lost, nothing doubled). */
export interface SoakReport {
  seed: number;
  /** [what, value] rows of the printed table. */
  rows: [string, string][];
  /** A line per tablet: its entries by status and its sales not completed. */
  deviceRows: string[];
  /** Sales not completed, by the step that waited in vain. */
  stuck: Map<string, number>;
  /** What happened that is not a violation (a receipt timed out, a fault that could not run). */
  notes: string[];
  violations: string[];
  /** From the start to the verdict (ms). */
  totalMs: number;
}

/**
 * A sale a till showed as paid: what its receipt said, read when it was shown. Its outbox entry is
 * found at the end, when every tablet's outbox is read once (a read per sale made the run's reads
 * grow with the square of its sales).
 */
interface Sale {
  tablet: number;
  reference: string;
  /** The total the receipt showed, in minor units. */
  shownTotal: number;
  /** When its first tap was made (ms since the epoch). */
  startedAt: number;
}

/** The fields of an order line that must arrive as the till made them. */
interface LineKey {
  productId: number | string;
  name: string;
  quantity: number;
  unitPrice: number;
  taxRate: number;
  discount: number;
}

/** One simulated tablet: a browser context (its own IndexedDB and service worker) and its till tab. */
interface Tablet {
  index: number;
  context: BrowserContext;
  page: Page | null;
  /** Held by a sale and by the faults that must not cut one in half (a tab closed). */
  lock: Mutex;
  offline: boolean;
  /** The handler that aborts its API while it is on, to remove it. */
  abort: ((route: Route) => Promise<void>) | null;
  failedSales: number;
  /** Confirms tapped whose receipt did not come in time: each may or may not have been written. */
  receiptTimeouts: number;
  /** Its cashier's own PRNG (the products it picks). */
  random: () => number;
  /** Uploads of this tablet passed on to the server and not yet answered. */
  uploadsInFlight: number;
  /** What its blocking dialog said it blocks, each change as the cashier saw it (ms since the epoch). */
  blocks: { at: number; what: string }[];
}

/** A stored order as `GET /api/sessions/:id/orders` answers it (the fields compared). */
interface ServerOrder {
  /** The session whose list it was read from (where it landed); set by the soak. */
  landedIn: string;
  uuid: string;
  reference: string;
  amountTotal: number;
  lines: LineKey[];
}

/** A session as `GET /api/configs/:id/sessions` lists it. */
interface SessionRow {
  id: number | string;
  name: string;
  state: string;
  rescue?: boolean;
}

/**
 * Every session of the seeded config, newest first, read a page at a time (`?before=` the last id
 * of the page before): a long run makes more sessions than one page holds (a 10,000-order one
 * made over 200 closes).
 */
async function allSessions(
  manager: <T>(method: string, path: string, body?: unknown) => Promise<T>,
): Promise<SessionRow[]> {
  const sessions: SessionRow[] = [];
  for (;;) {
    const last = sessions.at(-1);
    const before = last === undefined ? '' : `&before=${last.id}`;
    const page = await manager<SessionRow[]>(
      'GET',
      `/api/configs/${SEED_CONFIG_ID}/sessions?limit=${MAX_SESSIONS_PAGE}${before}`,
    );
    sessions.push(...page);
    if (page.length < MAX_SESSIONS_PAGE) return sessions;
  }
}

/** A small FIFO lock: `run` waits for the holder before it. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task queued before it has finished; resolves with its result. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** mulberry32: a small seeded PRNG, so a run's choices (faults, times, products) replay from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `list` in a random order drawn from `random` (Fisher–Yates). */
function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** True when the dialog's sentence names session `name` (not a longer name it is the start of). */
function namesSession(sentence: string, name: string): boolean {
  const at = sentence.indexOf(name);
  return at !== -1 && !/[\w/]/.test(sentence.charAt(at + name.length));
}

function defaultSay(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The server as a shop runs it (`node --import tsx server/main.ts`), killable and restartable on one port and database. */
class ServerChild {
  private child: Child | null = null;
  /** Its last lines of standard error, kept across restarts for the report of a failed start. */
  private errors: string[] = [];
  readonly url: string;

  constructor(
    private readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.url = `http://localhost:${port}`;
  }

  /** True while the process runs. */
  running(): boolean {
    return this.child?.running() ?? false;
  }

  /** Starts it and resolves once `/api/health` answers 200; throws with its last lines when it cannot. */
  async start(): Promise<void> {
    const child = spawnChild({
      command: process.execPath,
      args: ['--import', 'tsx', 'server/main.ts'],
      cwd: REPO_ROOT,
      env: this.env,
      onLine: (line, stream) => {
        if (stream !== 'stderr') return;
        this.errors.push(line);
        if (this.errors.length > 20) this.errors.shift();
      },
    });
    this.child = child;
    const deadline = Date.now() + 60_000;
    while (!(await this.healthy())) {
      if (!child.running() || Date.now() > deadline)
        throw new Error(`the server did not start:\n${child.lastLines()}\n${this.errors.join('\n')}`);
      await delay(100);
    }
  }

  /** SIGKILL, as a crash or a power cut would: no drain, connections cut. */
  async kill(): Promise<void> {
    await this.child?.stop('SIGKILL', 5_000);
  }

  private async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return res.status === 200;
    } catch {
      return false;
    }
  }
}

/** The tally of what the tablets' requests were answered (read from each answer as it passed). */
interface Tally {
  uploadRequests: number;
  uploadsFailed: number;
  accepted: number;
  duplicate: number;
  sessionClosed: number;
  invalid: number;
  rescueRequests: number;
  rescued: number;
  rescueDuplicate: number;
  /** The uuids a rescue answered `accepted`: they may land in a session other than their own. */
  rescuedUuids: Set<string>;
}

/**
 * Runs a soak as `options` say: starts the server, the browser and the tablets, sells with faults
 * injected, drains, rescues, verifies. Resolves with the report, violations included (an empty
 * list: nothing lost, nothing doubled); rejects only when the soak itself cannot run (the server
 * does not start, Chromium is missing). Everything it started is stopped and its data removed.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  // The faults draw from one stream and each cashier from its own, every fault's figures drawn
  // when it is chosen: the schedule of faults does not depend on how fast the tablets sell.
  const random = prng(options.seed);
  const between = (min: number, max: number) => min + random() * (max - min);
  const pick = <T>(list: readonly T[], from = random): T => list[Math.floor(from() * list.length)] as T;
  const started = Date.now();
  const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
  const say = (line: string) => (options.say ?? defaultSay)(`soak ${clock()} ${line}`);

  const dataDir = makeTempDir('pos-soak-');
  let browser: Browser | null = null;
  let server: ServerChild | null = null;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await server?.kill().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  if (options.exitOnInterrupt) process.once('SIGINT', interrupted);

  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      POS_DATA_DIR: dataDir,
      POS_STATIC_DIR: STATIC_DIR,
      POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    };
    let engineSource = `SQLite in ${dataDir}`;
    if (options.postgres) {
      env.DATABASE_URL = options.postgres.url;
      engineSource = `PostgreSQL, ${options.postgres.source}`;
    }
    server = new ServerChild(Number(env.PORT), env);
    const srv = server;
    await srv.start();
    say(`server up at ${srv.url} (${engineSource})`);

    const tally: Tally = {
      uploadRequests: 0,
      uploadsFailed: 0,
      accepted: 0,
      duplicate: 0,
      sessionClosed: 0,
      invalid: 0,
      rescueRequests: 0,
      rescued: 0,
      rescueDuplicate: 0,
      rescuedUuids: new Set(),
    };
    const faults = new Map<FaultKind, number>(FAULT_KINDS.map((k) => [k, 0]));
    const violations: string[] = [];
    /** Where sales that did not complete waited in vain (the locator), with how many. */
    const stuck = new Map<string, number>();
    const notes: string[] = [];

    /** The manager's API call; retried while the server is down or restarting (a kill may be under way). */
    const manager = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          const res = await fetch(srv.url + path, {
            method,
            headers: {
              authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(10_000),
          });
          const text = await res.text();
          if (res.ok) return JSON.parse(text) as T;
          if (res.status < 500 || Date.now() > deadline)
            throw new Error(`${method} ${path} → ${res.status} ${text}`);
        } catch (error) {
          if (
            !(error instanceof TypeError || (error as Error).name === 'TimeoutError') ||
            Date.now() > deadline
          )
            throw error;
        }
        await delay(250);
      }
    };

    await manager('PATCH', `/api/configs/${SEED_CONFIG_ID}`, {
      checkSessionStateFrequency: CHECK_SECONDS,
      managerPin: PIN,
    });
    const catalog = await manager<{ name: string; price: number }[]>(
      'GET',
      `/api/configs/${SEED_CONFIG_ID}/products`,
    );
    const products = catalog.filter((p) => p.price > 0).map((p) => p.name);
    say(`${products.length} products in the catalog`);

    browser = await launchChromium(options.browser);
    const tablets: Tablet[] = [];
    for (let index = 1; index <= TABLETS; index += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const tablet: Tablet = {
        index,
        context,
        page: null,
        lock: new Mutex(),
        offline: false,
        abort: null,
        failedSales: 0,
        receiptTimeouts: 0,
        random: prng(options.seed + index * 7_919),
        blocks: [],
        uploadsInFlight: 0,
      };
      await context.route(
        (url) => isUpload(url) || RESCUE_PATH.test(url.pathname),
        (route) => observe(tablet, route, tally),
      );
      tablets.push(tablet);
    }
    await Promise.all(
      tablets.map(async (t) => {
        t.page = await openTill(t.context, srv.url);
      }),
    );
    say(`${TABLETS} tablets paired, each with its service worker`);

    const sales: Sale[] = [];
    const stop = { chaos: false };

    /** Opens the till again in a new tab of `t` (the tablet is paired: `/`, served by the worker when offline). */
    const reopen = async (t: Tablet): Promise<Page> => {
      for (let attempt = 1; ; attempt += 1) {
        const page = await t.context.newPage();
        try {
          await page.goto(`${srv.url}/`, { timeout: 20_000 });
          await page
            .getByRole('button', { name: 'Baguette tradition' })
            .or(page.getByRole('alertdialog'))
            .first()
            .waitFor({ timeout: 20_000 });
          return page;
        } catch (error) {
          await page.close().catch(() => undefined);
          if (attempt >= 3) throw error;
          await delay(1_000);
        }
      }
    };

    /** One sale through the UI (1 or 2 random products, cash exact); records it once its receipt shows. */
    const sellOne = async (t: Tablet, page: Page): Promise<void> => {
      const startedAt = Date.now();
      const count = 1 + Math.floor(t.random() * 2);
      const names = Array.from({ length: count }, () => pick(products, t.random));
      try {
        for (const name of names)
          await page.getByRole('button', { name, exact: true }).click({ timeout: CLICK_MS });
        await page.getByRole('button', { name: /^Pay/ }).first().click({ timeout: CLICK_MS });
        await page.getByRole('button', { name: /^Exact/i }).click({ timeout: CLICK_MS });
        await page
          .getByRole('button', { name: /^(Confirm|Pay)/ })
          .last()
          .click({ timeout: CLICK_MS });
      } catch (error) {
        // The guard refused the sale (a closure seen, the payment disabled): nothing was shown paid.
        t.failedSales += 1;
        // eslint-disable-next-line no-control-regex -- Playwright colours its call log with ANSI codes.
        const text = String(error).replace(/\u001b\[\d+m/g, '');
        const step = /waiting for (.*)/.exec(text)?.[1] ?? text.split('\n')[0] ?? '';
        stuck.set(step, (stuck.get(step) ?? 0) + 1);
        // The blocking dialog ends the sale by itself (Reload); otherwise start again from an empty cart.
        if ((await page.getByRole('alertdialog').count()) === 0)
          await page.reload({ timeout: 20_000 }).catch(() => undefined);
        return;
      }
      const newSale = page.getByRole('button', { name: /New sale/i });
      try {
        await newSale.waitFor({ timeout: RECEIPT_MS });
      } catch {
        t.failedSales += 1;
        t.receiptTimeouts += 1;
        notes.push(
          `tablet ${t.index}: Confirm tapped but no receipt within ${RECEIPT_MS} ms (not counted as paid)`,
        );
        await page.reload({ timeout: 20_000 }).catch(() => undefined);
        return;
      }
      // Locators see through the shadow roots.
      const refText = (await page.locator('pos-receipt .ref').first().textContent()) ?? '';
      const totalText = (await page.locator('pos-receipt tr.total td.num').first().textContent()) ?? '';
      const reference = /Order\s+(\S+)/.exec(refText)?.[1];
      if (!reference) violations.push(`tablet ${t.index}: a receipt without a reference: "${refText}"`);
      else
        sales.push({
          tablet: t.index,
          reference,
          shownTotal: Number(totalText.replace(/[^\d]/g, '')),
          startedAt,
        });
      if (sales.length % 500 === 0)
        say(`${sales.length} sales; faults so far ${[...faults.values()].reduce((a, b) => a + b, 0)}`);
      await newSale.click({ timeout: CLICK_MS }).catch(() => undefined);
    };

    let underWay = 0;
    /** Faults of the first round (see everyKindFirst) not yet undone: the tablets sell until it is over, whatever the quota. */
    const firstRound = { left: 0 };
    /** True while the tablets should go on selling. */
    const selling = () => sales.length < options.orders || firstRound.left > 0;
    /** A tablet's cashier: sells while the soak wants orders, presses Reload when the dialog says so. */
    const cashier = async (t: Tablet): Promise<void> => {
      while (selling()) {
        await t.lock.run(async () => {
          const page = t.page;
          if (!page || page.isClosed()) return delay(200);
          try {
            const dialog = page.getByRole('alertdialog');
            const openRegister = page.getByRole('button', { name: 'Open the register' });
            // One look for both (a round trip to the page costs on a loaded machine).
            if ((await dialog.or(openRegister).count()) === 0) {
              // Sales under way count against the quota, so three cashiers stop at N, not N + 2.
              if (firstRound.left === 0 && sales.length + underWay >= options.orders) return delay(100);
              underWay += 1;
              try {
                await sellOne(t, page);
              } finally {
                underWay -= 1;
              }
              return;
            }
            if ((await dialog.count()) > 0) {
              // What the till says it blocks (the session it names): no later sale may be made in it.
              const what =
                (await page
                  .locator('pos-session-dialog #what')
                  .first()
                  .textContent({ timeout: 1_000 })
                  .catch(() => '')) ?? '';
              if (what && t.blocks.at(-1)?.what !== what) t.blocks.push({ at: Date.now(), what });
              const text =
                (await dialog
                  .first()
                  .textContent({ timeout: 1_000 })
                  .catch(() => '')) ?? '';
              if (text.includes('press Reload to continue')) {
                await dialog.getByRole('button', { name: 'Reload' }).click({ timeout: CLICK_MS });
                await page.getByRole('button', { name: 'Baguette tradition' }).waitFor({ timeout: 20_000 });
              } else await delay(200);
              return;
            }
            await delay(200);
          } catch (error) {
            notes.push(`tablet ${t.index}: ${String(error).split('\n')[0]}`);
            await delay(300);
          }
        });
        // A cashier's pause between two sales, half to one and a half times thinkMs.
        await delay(options.thinkMs ? options.thinkMs * (0.5 + t.random()) : 10);
      }
    };

    /** The register's current session opened: the next one made and its float counted when needed. */
    const openNext = async (): Promise<void> => {
      const [newest] = await manager<SessionRow[]>('GET', `/api/configs/${SEED_CONFIG_ID}/sessions`);
      let session = newest?.rescue ? undefined : newest;
      if (!session || session.state === 'closed')
        session = await manager<SessionRow>('POST', `/api/configs/${SEED_CONFIG_ID}/sessions`);
      if (session.state === 'opening_control')
        await manager('PATCH', `/api/sessions/${session.id}`, uncountedMove('opened'));
    };

    /** The manager closes the register's session (sometimes through closing control first). */
    const closeCurrent = async (p: FaultFigures): Promise<void> => {
      const { currentSessionId } = await manager<{ currentSessionId: number | null }>(
        'GET',
        `/api/configs/${SEED_CONFIG_ID}`,
      );
      if (currentSessionId === null) return;
      if (p.closingControl) {
        await manager('PATCH', `/api/sessions/${currentSessionId}`, uncountedMove('closing_control'));
        await delay(p.closingMs);
      }
      const now = await manager<SessionRow>('GET', `/api/sessions/${currentSessionId}`);
      if (now.state !== 'closed')
        await manager('PATCH', `/api/sessions/${currentSessionId}`, uncountedMove('closed'));
    };

    let serverBusy = false;
    /** Tabs closed while one of their uploads was in flight (the others found nothing to cut). */
    let closedInFlight = 0;
    let sessionBusy = false;
    const networkBusy = new Set<number>();

    /** Injects one fault of `kind`; resolves once it has been undone. */
    const inject = async (kind: FaultKind, t: Tablet, p: FaultFigures): Promise<void> => {
      switch (kind) {
        case 'server killed': {
          if (serverBusy) return;
          serverBusy = true;
          try {
            await srv.kill();
            faults.set(kind, (faults.get(kind) ?? 0) + 1);
            const down = p.downMs;
            say(`fault: server killed (-9), back in ${(down / 1000).toFixed(1)} s`);
            await delay(down);
            await srv.start();
            say('server restarted');
          } finally {
            serverBusy = false;
          }
          return;
        }
        case 'tablet offline':
        case 'API aborted, online': {
          if (networkBusy.has(t.index)) return;
          networkBusy.add(t.index);
          try {
            const span = p.spanMs;
            faults.set(kind, (faults.get(kind) ?? 0) + 1);
            say(`fault: tablet ${t.index} ${kind} for ${(span / 1000).toFixed(1)} s`);
            if (kind === 'tablet offline') {
              t.offline = true;
              await t.context.setOffline(true);
              await delay(span);
              await t.context.setOffline(false);
              t.offline = false;
            } else {
              const abort = (route: Route) => route.abort('connectionrefused');
              t.abort = abort;
              await t.context.route('**/api/**', abort);
              await delay(span);
              await t.context.unroute('**/api/**', abort);
              t.abort = null;
            }
          } finally {
            networkBusy.delete(t.index);
          }
          return;
        }
        case 'tab closed mid-flush': {
          // Between two sales (never half a sale), while an upload is held in flight.
          await t.lock.run(async () => {
            const page = t.page;
            if (!page || page.isClosed()) return;
            const slow = async (route: Route) => {
              // In flight from the page's side already: the close below cuts it.
              t.uploadsInFlight += 1;
              await delay(2_000);
              t.uploadsInFlight -= 1;
              await route.fallback().catch(() => undefined);
            };
            await t.context.route(isUpload, slow);
            try {
              faults.set(kind, (faults.get(kind) ?? 0) + 1);
              // A sale of its own starts the flush this close cuts (the page asks for one after Pay).
              if (selling()) await sellOne(t, page);
              else await flushNow(page).catch(() => undefined);
              const inFlightBy = Date.now() + 1_500;
              while (t.uploadsInFlight === 0 && Date.now() < inFlightBy) await delay(25);
              await delay(p.closeAfterMs);
              if (t.uploadsInFlight > 0) closedInFlight += 1;
              say(
                `fault: tablet ${t.index} tab closed mid-flush (${t.uploadsInFlight > 0 ? 'an upload in flight' : 'no upload in flight: offline, server down or nothing pending'})`,
              );
              t.page = null;
              // The worker runs the flush, not the page: closing the tab alone would let the held
              // upload go on. A tablet whose app is closed mid-flush loses both.
              await stopAllWorkers(page).catch((e: unknown) => notes.push(`stopAllWorkers: ${String(e)}`));
              await page.close();
              await delay(p.reopenAfterMs);
            } finally {
              await t.context.unroute(isUpload, slow).catch(() => undefined);
            }
            t.page = await reopen(t);
          });
          return;
        }
        case 'service workers stopped': {
          const page = t.page;
          if (!page || page.isClosed()) return;
          faults.set(kind, (faults.get(kind) ?? 0) + 1);
          say('fault: every service worker stopped (CDP)');
          await stopAllWorkers(page).catch((e: unknown) => notes.push(`stopAllWorkers: ${String(e)}`));
          return;
        }
        case 'second tab': {
          faults.set(kind, (faults.get(kind) ?? 0) + 1);
          say(`fault: tablet ${t.index} second tab`);
          const second = await reopen(t).catch(() => null);
          await delay(p.secondTabMs);
          await second?.close().catch(() => undefined);
          return;
        }
        case 'session closed and reopened': {
          if (sessionBusy) return;
          sessionBusy = true;
          try {
            faults.set(kind, (faults.get(kind) ?? 0) + 1);
            say('fault: the manager closes the session');
            await closeCurrent(p);
            await delay(p.nextSessionAfterMs);
            await openNext();
            say('the manager opened the next session');
          } finally {
            sessionBusy = false;
          }
          return;
        }
      }
    };

    const running = new Set<Promise<void>>();
    // With everyKindFirst, the first faults are one of each kind in a seeded order, so a short run
    // meets them all; then they are drawn at random.
    const firstKinds = options.everyKindFirst ? shuffled(FAULT_KINDS, random) : [];
    firstRound.left = firstKinds.length;
    const chaos = async (): Promise<void> => {
      while (!stop.chaos) {
        await delay(between(...(options.faultGapMs ?? [2_000, 5_000])));
        if (stop.chaos) break;
        const first = firstKinds.length > 0;
        const kind = firstKinds.shift() ?? pick(FAULT_KINDS);
        // A fault of the first round goes to a tablet free to take it (a tablet already offline
        // or without its tab would skip it).
        const free = tablets.filter((t) => !networkBusy.has(t.index) && t.page && !t.page.isClosed());
        const target = first && free.length > 0 ? pick(free) : pick(tablets);
        const figures: FaultFigures = {
          downMs: between(500, 5_000),
          spanMs: between(2_000, 8_000),
          closeAfterMs: between(50, 300),
          reopenAfterMs: between(300, 2_000),
          secondTabMs: between(1_000, 3_000),
          closingControl: random() < 0.4,
          closingMs: between(500, 2_000),
          nextSessionAfterMs: between(500, 3_000),
        };
        const run = inject(kind, target, figures)
          .catch((error: unknown) => {
            notes.push(`fault ${kind}: ${String(error).split('\n')[0]}`);
          })
          .finally(() => {
            running.delete(run);
            if (first) firstRound.left -= 1;
          });
        running.add(run);
      }
    };

    const sellingFrom = Date.now();
    const chaosDone = chaos();
    await Promise.all(tablets.map(cashier));
    const sellingMs = Date.now() - sellingFrom;
    stop.chaos = true;
    await chaosDone;
    say(`${sales.length} sales shown paid in ${(sellingMs / 1000).toFixed(1)} s; undoing the faults`);
    await Promise.all([...running]);

    // Every fault undone: the server up, each tablet online with its API and a till tab.
    if (!srv.running()) await srv.start();
    for (const t of tablets) {
      if (t.offline) await t.context.setOffline(false);
      t.offline = false;
      if (t.abort) await t.context.unroute('**/api/**', t.abort);
      t.abort = null;
      if (!t.page || t.page.isClosed()) t.page = await reopen(t);
    }
    await openNext();

    // Drain: a flush asked every half second (as the next sale would) until nothing is pending.
    const drainFrom = Date.now();
    await Promise.all(
      tablets.map(async (t) => {
        const page = t.page as Page;
        for (;;) {
          const counts = await outboxCounts(page);
          if (counts.pending === 0) return;
          if (Date.now() - drainFrom > DRAIN_MS) {
            violations.push(
              `tablet ${t.index}: ${counts.pending} orders still pending after ${DRAIN_MS / 1000} s`,
            );
            return;
          }
          await flushNow(page).catch(() => undefined);
          await delay(500);
        }
      }),
    );
    say(`drained in ${((Date.now() - drainFrom) / 1000).toFixed(1)} s`);

    // Held orders: the manager rescues them on each tablet, behind the PIN (POST /api/sessions/:id/rescue).
    let heldBeforeRescue = 0;
    for (const t of tablets) {
      const page = t.page as Page;
      const held = (await outboxCounts(page)).held;
      heldBeforeRescue += held;
      if (held === 0) continue;
      say(`tablet ${t.index}: rescuing ${held} held orders`);
      try {
        await rescueOnTill(page);
        const after = await outboxCounts(page);
        if (after.held > 0)
          violations.push(`tablet ${t.index}: ${after.held} orders still held after the rescue`);
      } catch (error) {
        violations.push(`tablet ${t.index}: the rescue failed: ${String(error).split('\n')[0]}`);
      }
    }

    // Verify.
    const sessions = await allSessions(manager);
    const stored: ServerOrder[] = [];
    for (const s of sessions)
      for (const o of await manager<ServerOrder[]>('GET', `/api/sessions/${s.id}/orders`))
        stored.push({ ...o, landedIn: String(s.id) });
    // The server stores a uuid and a reference once each (primary key, unique index): what can
    // go wrong is an order missing there, or one sale written twice on a tablet (two entries, two
    // uuids), which only the tablets' outboxes show.
    const onServer = new Map(stored.map((o) => [o.uuid, o]));
    const saleRefs = new Map<string, number>();
    for (const sale of sales)
      saleRefs.set(
        `${sale.tablet} ${sale.reference}`,
        (saleRefs.get(`${sale.tablet} ${sale.reference}`) ?? 0) + 1,
      );
    for (const [key, n] of saleRefs)
      if (n > 1)
        violations.push(`receipt ${key.split(' ')[1]} shown ${n} times on tablet ${key.split(' ')[0]}`);
    const deviceRows: string[] = [];
    const onDevices = new Set<string>();
    let rejected = 0;
    for (const t of tablets) {
      const entries = await readEntries(t.page as Page);
      for (const e of entries) onDevices.add(e.uuid);
      const byReference = new Map(entries.map((e) => [e.order.reference, e]));
      const shownHere = new Set<string>();
      for (const sale of sales.filter((x) => x.tablet === t.index)) {
        shownHere.add(sale.reference);
        const entry = byReference.get(sale.reference);
        if (!entry) {
          violations.push(
            `LOST: receipt ${sale.reference} shown on tablet ${t.index} but no outbox entry has it`,
          );
          continue;
        }
        if (sale.shownTotal !== entry.order.amountTotal)
          violations.push(
            `${sale.reference}: the receipt showed ${sale.shownTotal}, its order totals ${entry.order.amountTotal}`,
          );
        const o = onServer.get(entry.uuid);
        if (!o) {
          violations.push(
            `LOST: ${sale.reference} (${entry.uuid}, tablet ${t.index}) was shown paid but is not on the server`,
          );
          continue;
        }
        const madeIn = sessions.find((s) => String(s.id) === String(entry.sessionId));
        const block =
          madeIn && t.blocks.find((b) => b.at < sale.startedAt && namesSession(b.what, madeIn.name));
        if (block)
          violations.push(
            `SOLD WHILE BLOCKED: ${sale.reference} (tablet ${t.index}) was made in session ${madeIn.name} after the till showed "${block.what}"`,
          );
        if (o.landedIn !== String(entry.sessionId) && !tally.rescuedUuids.has(entry.uuid))
          violations.push(
            `${sale.reference}: made in session ${String(entry.sessionId)}, landed in ${o.landedIn} without a rescue`,
          );
        if (o.amountTotal !== entry.order.amountTotal)
          violations.push(
            `${sale.reference}: total ${o.amountTotal} on the server, ${entry.order.amountTotal} on the till`,
          );
        if (JSON.stringify(o.lines.map(lineKey)) !== JSON.stringify(entry.order.lines.map(lineKey)))
          violations.push(`${sale.reference}: its lines differ on the server from what the till showed`);
      }
      const counts = { pending: 0, synced: 0, held: 0, rejected: 0 };
      const unseen: string[] = [];
      for (const e of entries) {
        counts[e.status] += 1;
        if (e.status === 'rejected') {
          rejected += 1;
          violations.push(
            `tablet ${t.index}: ${e.order.reference} rejected: ${e.lastError?.code ?? ''} ${e.lastError?.message ?? ''}`,
          );
        }
        if (e.status === 'synced' && !onServer.has(e.uuid))
          violations.push(
            `tablet ${t.index}: ${e.order.reference} synced on the tablet but not on the server`,
          );
        if (!shownHere.has(e.order.reference)) unseen.push(`${e.order.reference} (${e.status})`);
      }
      // A sale whose receipt did not come in time was written or not; any other entry without a
      // receipt seen is a sale written twice (a second tap, a retried Pay).
      if (unseen.length > t.receiptTimeouts)
        violations.push(
          `DOUBLED? tablet ${t.index}: ${unseen.length} entries without a receipt seen (${unseen.join(', ')}), ${t.receiptTimeouts} receipt timeouts`,
        );
      else for (const u of unseen) notes.push(`tablet ${t.index}: ${u} was written, its receipt timed out`);
      if (counts.pending > 0) violations.push(`tablet ${t.index}: ${counts.pending} pending at the end`);
      if (counts.held > 0) violations.push(`tablet ${t.index}: ${counts.held} held at the end`);
      deviceRows.push(
        `tablet ${t.index}: ${entries.length} orders, synced ${counts.synced}, pending ${counts.pending}, held ${counts.held}, rejected ${counts.rejected}, sales not completed ${t.failedSales}`,
      );
    }
    for (const o of stored)
      if (!onDevices.has(o.uuid))
        violations.push(`${o.reference} (${o.uuid}) is on the server but on no tablet`);
    const rescueSessions = sessions.filter((s) => s.rescue).length;
    const totalMs = Date.now() - started;

    const rows: [string, string][] = [
      ['seed', String(options.seed)],
      ['engine', engineSource],
      [
        'browser',
        `Debian's Chromium (${options.browser === 'shell' ? 'headless shell' : 'full'}), ${TABLETS} tablets`,
      ],
      ['orders asked', String(options.orders)],
      ['orders made (shown paid, receipt read)', String(sales.length)],
      [
        'sales not completed (guard refused, tab gone)',
        String(tablets.reduce((n, t) => n + t.failedSales, 0)),
      ],
      ['orders on the server', String(onServer.size)],
      ['upload requests (failed in transit)', `${tally.uploadRequests} (${tally.uploadsFailed})`],
      ['answered accepted', String(tally.accepted)],
      ['duplicates refused (server answered duplicate)', String(tally.duplicate + tally.rescueDuplicate)],
      ['answered session_closed (held by the tablet)', String(tally.sessionClosed)],
      ['answered invalid', String(tally.invalid)],
      ['held before the rescue', String(heldBeforeRescue)],
      [
        'rescued (requests; into rescue sessions)',
        `${tally.rescued} (${tally.rescueRequests}; ${rescueSessions} rescue sessions)`,
      ],
      ['rejected on the tablets', String(rejected)],
      [
        'blocking dialogs seen (no sale may follow in the session they name)',
        String(tablets.reduce((n, t) => n + t.blocks.length, 0)),
      ],
      ['sessions (incl. rescue)', String(sessions.length)],
      ...FAULT_KINDS.map((k): [string, string] => [
        `fault: ${k}`,
        k === 'tab closed mid-flush'
          ? `${faults.get(k) ?? 0} (${closedInFlight} with an upload in flight)`
          : String(faults.get(k) ?? 0),
      ]),
      ['faults in all', String([...faults.values()].reduce((a, b) => a + b, 0))],
      ['selling time', `${(sellingMs / 1000).toFixed(1)} s`],
      ['duration (start to verdict)', `${(totalMs / 1000).toFixed(1)} s`],
      ['violations', String(violations.length)],
    ];
    return { seed: options.seed, rows, deviceRows, stuck, notes, violations, totalMs };
  } finally {
    process.removeListener('SIGINT', interrupted);
    await cleanup();
  }
}

/** Prints `report` as the command line shows it: the table, the tablets, the stuck steps, notes and violations. */
export function printSoakReport(report: SoakReport, print: (line: string) => void = console.log): void {
  print('\n| what | value |\n| --- | --- |');
  for (const [what, value] of report.rows) print(`| ${what} | ${value} |`);
  print('');
  for (const line of report.deviceRows) print(line);
  if (report.stuck.size > 0) {
    print('\nsales not completed, by the step that waited in vain:');
    for (const [step, n] of report.stuck) print(`- ${n} × ${step}`);
  }
  if (report.notes.length > 0) {
    print(`\nnotes (${report.notes.length}, not violations):`);
    for (const n of report.notes.slice(0, 30)) print(`- ${n}`);
    if (report.notes.length > 30) print(`- … ${report.notes.length - 30} more`);
  }
  if (report.violations.length > 0) {
    print(`\nVIOLATIONS (${report.violations.length}), seed ${report.seed}:`);
    for (const v of report.violations) print(`- ${v}`);
  } else
    print(`\nnothing lost, nothing doubled (seed ${report.seed}, ${(report.totalMs / 1000).toFixed(1)} s)`);
}

/** The line fields compared between till and server, in a fixed key order. */
function lineKey(l: LineKey): LineKey {
  return {
    productId: String(l.productId),
    name: l.name,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    taxRate: l.taxRate,
    discount: l.discount ?? 0,
  };
}

/**
 * Passes an upload or rescue of a tablet on to the server (unless the tablet is offline: the
 * route sees its requests before the browser's network does) and tallies what each order was
 * answered. A request whose answer cannot reach the tab any more (closed) still counts: the
 * server did its work.
 */
async function observe(tablet: Tablet, route: Route, tally: Tally): Promise<void> {
  if (tablet.offline) return route.abort('internetdisconnected').catch(() => undefined);
  const rescue = RESCUE_PATH.test(new URL(route.request().url()).pathname);
  if (rescue) tally.rescueRequests += 1;
  else tally.uploadRequests += 1;
  let response;
  if (!rescue) tablet.uploadsInFlight += 1;
  try {
    response = await route.fetch({ timeout: 30_000 });
  } catch {
    if (!rescue) tally.uploadsFailed += 1;
    return route.abort('connectionfailed').catch(() => undefined);
  } finally {
    if (!rescue) tablet.uploadsInFlight -= 1;
  }
  try {
    const body = (await response.json()) as { results?: { uuid: string; status: string }[] };
    for (const r of body.results ?? []) {
      if (rescue) {
        if (r.status === 'accepted') {
          tally.rescued += 1;
          tally.rescuedUuids.add(r.uuid);
        } else if (r.status === 'duplicate') tally.rescueDuplicate += 1;
      } else if (r.status === 'accepted') tally.accepted += 1;
      else if (r.status === 'duplicate') tally.duplicate += 1;
      else if (r.status === 'session_closed') tally.sessionClosed += 1;
      else tally.invalid += 1;
    }
  } catch {
    // Not JSON (a 503 page while the server starts): nothing to tally.
  }
  await route.fulfill({ response }).catch(() => undefined);
}

/** The manager's rescue on a till: Held orders, the PIN, Rescue; resolves once nothing is held. */
/** The rescue on a till is given up when its held count has not moved for this long (ms). */
const RESCUE_STALL_MS = 30_000;

async function rescueOnTill(page: Page): Promise<void> {
  const panel = page.getByRole('dialog', { name: 'Held orders' });
  await page.getByRole('button', { name: /^Held orders/ }).click({ timeout: 10_000 });
  await panel.waitFor({ timeout: 10_000 });
  await panel.getByLabel('Manager PIN').fill(PIN);
  await panel.getByRole('button', { name: 'Unlock' }).click();
  await panel.getByRole('table').waitFor({ timeout: 10_000 });
  await panel.getByRole('button', { name: 'Rescue' }).click();
  // A rescue request per closed session: hundreds of held orders over dozens of sessions take
  // longer than any fixed wait (a 10,000-order run was cut at 30 s with 330 held per tablet), so
  // the wait ends when nothing was rescued for RESCUE_STALL_MS.
  let held = (await outboxCounts(page)).held;
  let movedAt = Date.now();
  while (held > 0 && Date.now() - movedAt < RESCUE_STALL_MS) {
    await delay(250);
    const now = (await outboxCounts(page)).held;
    if (now !== held) movedAt = Date.now();
    held = now;
  }
  await panel
    .getByRole('button', { name: 'Close' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
}
