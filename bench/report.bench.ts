import { randomUUID } from 'node:crypto';
import { buildOrder } from '../src/domain/build-order.js';
import { cartTotals } from '../src/domain/order-totals.js';
import type { OrderLine, Payment, PosOrder } from '../src/domain/pos-order.js';
import { SEED_CATALOG } from '../server/db/seed-catalog.js';
import { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../test/kit/admin-token.js';
import { pairDevice } from '../test/kit/pair-device.js';
import { launchServer, type LaunchedServer, type LaunchOptions } from '../test/kit/test-server.js';
import { uncountedMove } from '../test/kit/uncounted-move.js';
import { percentile, skipped, type BenchRow } from './bench-row.js';
import { benchPostgres, postgresMissing } from './kit/bench-postgres.js';

export const title = 'session report';

/** Orders in the session reported on. */
const ORDERS = 10_000;
/** Orders per upload (the API's most). */
const BATCH = 500;
/** Cash moves in the session. */
const MOVES = 200;
/** Reports timed after one untimed (the first warms the server's code and the database's caches). */
const TIMED = 10;
/** The budget of one report, server time (ms). */
const BUDGET_MS = 200;

/**
 * The report of a session of 10,000 orders (1 to 4 lines each, card, cash with change, or both;
 * under cash control, 200 cash moves), `GET /api/sessions/:id/report`, on a server in this process
 * on SQLite, then on PostgreSQL (benchPostgres; skipped, with the reason, without it). The time is
 * the server's own, from its request log (from the request's arrival to the answer sent), median of
 * 10 after one untimed, with the spread and the client's median on 127.0.0.1 beside it.
 */
export async function run(): Promise<BenchRow[]> {
  const rows = await engineRows('SQLite', (options) => launchServer(options));
  const missing = postgresMissing();
  if (missing) return [...rows, skipped('session report, PostgreSQL', missing)];
  const postgres = await benchPostgres();
  try {
    const database = await postgres.newDatabase('pos_report');
    try {
      rows.push(
        {
          section: 'session report, PostgreSQL',
          metric: 'PostgreSQL used',
          value: postgres.source,
          budget: '',
          ok: null,
        },
        ...(await engineRows('PostgreSQL', (options) =>
          launchServer({ ...options, databaseUrl: database.url }),
        )),
      );
    } finally {
      await database.drop();
    }
  } finally {
    await postgres.dispose();
  }
  return rows;
}

/** The rows of one engine: a server started by `launch`, filled, then asked for the report. */
async function engineRows(
  engine: string,
  launch: (options: LaunchOptions) => Promise<LaunchedServer>,
): Promise<BenchRow[]> {
  const section = `session report, ${engine}`;
  const log: string[] = [];
  const server = await launch({ requestLog: (line) => log.push(line) });
  try {
    const sessionId = await fill(server.url);
    const path = `/api/sessions/${sessionId}/report`;
    const client: number[] = [];
    let count = 0;
    for (let i = 0; i <= TIMED; i++) {
      const started = performance.now();
      const answer = await fetch(server.url + path, { headers: admin() });
      const body = (await answer.json()) as { orders: { count: number } };
      if (i > 0) client.push(performance.now() - started);
      count = body.orders.count;
    }
    const timed = log
      .filter((line) => line.startsWith(`GET ${path} 200 `))
      .slice(1)
      .map((line) => Number(/ ([\d.]+) ms$/.exec(line)?.[1]));
    const median = percentile(timed, 50);
    return [
      {
        section,
        metric: 'orders in the session (as the report counts them)',
        value: count.toLocaleString('en'),
        budget: '',
        ok: null,
      },
      {
        section,
        metric: `GET /api/sessions/:id/report, server time, median of ${TIMED} (min–max)`,
        value: `${median.toFixed(1)} ms (${Math.min(...timed).toFixed(1)}–${Math.max(...timed).toFixed(1)})`,
        budget: `< ${BUDGET_MS} ms`,
        ok: median < BUDGET_MS,
      },
      {
        section,
        metric: 'the same from the client on 127.0.0.1, median',
        value: `${percentile(client, 50).toFixed(1)} ms`,
        budget: '',
        ok: null,
      },
    ];
  } finally {
    await server.close();
  }
}

function admin(): Record<string, string> {
  return { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
}

async function send(
  base: string,
  method: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<unknown> {
  const answer = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : admin()),
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/**
 * Opens a session under cash control with a counted float and uploads the orders (batches of
 * 500) and the cash moves through the API, as a till's outbox sends them. Returns the session's id.
 */
async function fill(base: string): Promise<number> {
  const device = await pairDevice(base, { configId: SEED_CONFIG_ID });
  const config = (await (
    await fetch(`${base}/api/configs/${SEED_CONFIG_ID}`, { headers: admin() })
  ).json()) as {
    currentSessionId: number | null;
  };
  if (config.currentSessionId !== null)
    await send(base, 'PATCH', `/api/sessions/${config.currentSessionId}`, uncountedMove('closed'));
  await send(base, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { cashControl: true });
  const session = (await send(base, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, {
    state: 'opening_control',
  })) as {
    id: number;
  };
  await send(base, 'PATCH', `/api/sessions/${session.id}`, { state: 'opened', openingCash: 20_000 });
  for (let start = 0; start < ORDERS; start += BATCH) {
    const orders = Array.from({ length: Math.min(BATCH, ORDERS - start) }, (_, i) =>
      benchOrder(session.id, device.deviceNumber, start + i + 1),
    );
    await send(base, 'POST', '/api/orders', { orders }, device.token);
  }
  const moves = Array.from({ length: MOVES }, (_, i) => ({
    uuid: randomUUID(),
    sessionId: session.id,
    deviceNumber: device.deviceNumber,
    amount: i % 2 === 0 ? 1_000 + i : -(500 + i),
    reason: i % 2 === 0 ? 'Change float' : 'Bank deposit',
    createdAt: new Date(Date.UTC(2026, 11, 5, 9) + i * 60_000).toISOString(),
  }));
  await send(base, 'POST', '/api/cash-moves', { moves }, device.token);
  return session.id;
}

/** Order number `n` of the bench: 1 to 4 lines of the seeded catalog, some discounted, paid three ways in turn. */
function benchOrder(sessionId: number, deviceNumber: number, n: number): PosOrder {
  const lines: OrderLine[] = Array.from({ length: 1 + (n % 4) }, (_, i) => {
    const index = (n * 7 + i * 13) % SEED_CATALOG.length;
    const product = SEED_CATALOG[index];
    if (!product) throw new Error(`no catalog product ${index}`);
    return {
      productId: index + 1,
      name: product.name,
      quantity: 1 + ((n + i) % 3),
      unitPrice: product.price,
      taxRate: product.taxRate,
      discount: (n + i) % 10 === 0 ? 10 : 0,
    };
  });
  const total = cartTotals(lines).amountTotal;
  const payments: Payment[] =
    n % 3 === 0
      ? [{ method: 'card', amount: total }]
      : n % 3 === 1
        ? [{ method: 'cash', amount: total + (n % 500) }]
        : [
            { method: 'card', amount: Math.max(1, Math.floor(total / 2)) },
            { method: 'cash', amount: total - Math.max(1, Math.floor(total / 2)) + 50 },
          ];
  return buildOrder(
    {
      uuid: randomUUID(),
      sessionId,
      deviceNumber,
      currency: 'EUR',
      createdAt: new Date(Date.UTC(2026, 11, 5, 8) + n * 1_000).toISOString(),
      lines,
      payments,
    },
    n,
  );
}
