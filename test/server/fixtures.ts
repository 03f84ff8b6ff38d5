import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Id } from '../../src/domain/ids.js';
import { lineTotal } from '../../src/domain/order-totals.js';
import {
  OrdersUploadResultSchema,
  type OrderLine,
  type OrderResult,
  type Payment,
  type PosOrder,
} from '../../src/domain/pos-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { SEED_CATALOG } from '../../server/db/seed-catalog.js';
import type { RunningServer } from '../../server/start-server.js';
import { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../kit/admin-token.js';
import {
  newPairingCode as newCode,
  pairDevice as pairKitDevice,
  type PairedDevice,
} from '../kit/pair-device.js';
import { launchServer, type LaunchOptions } from '../kit/test-server.js';
import { uncountedMove } from '../kit/uncounted-move.js';

/**
 * What the server suite builds on: a server with device 1 paired ({@link startTestServer},
 * {@link useTestServer}), {@link call} as whoever makes a request in real life, valid orders and
 * session moves. Servers, databases, tokens and pairing come from test/kit, shared with the browser
 * suite and the benches; the names below are re-exported so a test imports them from one place.
 */

export { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../kit/admin-token.js';
export type { PairedDevice } from '../kit/pair-device.js';
export { makeTempDir } from '../kit/temp-dir.js';
export { openTestDatabase, TEST_ENGINE, testDatabase } from '../kit/test-database.js';
export { uncountedMove } from '../kit/uncounted-move.js';

/**
 * A server on 127.0.0.1:0 over a fresh temp data dir and a fresh database on TEST_ENGINE,
 * with device 1 of the seeded config paired (`device`); `stop()` closes it and deletes the dir and
 * the database.
 */
export interface TestServer extends RunningServer {
  dataDir: string;
  device: PairedDevice;
  stop: () => Promise<void>;
}

/** Tokens {@link call} sends by default, per server URL. */
const credentials = new Map<string, { admin: string; device: string }>();

/**
 * Starts a real server (test/kit launchServer: a real SQLite file in a fresh temp dir, or a
 * database of its own on the test cluster, the admin token TEST_ADMIN_TOKEN) and pairs device 1 of
 * the seeded config. Tests pair many tablets from one address and send unknown tokens on purpose,
 * so the pairing limit and the unknown tokens' limit are 1,000 a minute unless `options` say; the
 * limits themselves are tested with the default.
 */
export async function startTestServer(options: LaunchOptions = {}): Promise<TestServer> {
  const launched = await launchServer({
    pairingAttemptsPerMinute: 1_000,
    tokenFailuresPerMinute: 1_000,
    ...options,
  });
  try {
    const device = await pairKitDevice(launched.url);
    credentials.set(launched.url, { admin: TEST_ADMIN_TOKEN, device: device.token });
    return { ...launched.running(), dataDir: launched.dataDir, device, stop: launched.close };
  } catch (error) {
    await launched.close();
    throw error;
  }
}

/**
 * Registers the hooks of a file that shares one server (see {@link startTestServer}): started
 * before its first test, stopped and removed after its last. `use` gets it, so the file keeps a
 * plain variable: `let server: TestServer; useTestServer((s) => (server = s));`
 */
export function useTestServer(use: (server: TestServer) => void, options: LaunchOptions = {}): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(options);
    use(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
}

/** A JSON answer: status, headers and the parsed body (undefined when not JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers untyped and check their shape with expect
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A new pairing code of config `configId`, made with the admin token. */
export async function newPairingCode(base: string, configId: Id): Promise<string> {
  return (await newCode(base, configId)).code;
}

/** Pairs a new device of config `configId` (a code, then `POST /api/pair`). */
export async function pairDevice(base: string, configId: Id, previousToken?: string): Promise<PairedDevice> {
  return pairKitDevice(base, { configId, ...(previousToken ? { previousToken } : {}) });
}

/**
 * Who a {@link call} is made as: a token, `null` for none. By default a call is made by whoever
 * makes it in real life: order uploads by the server's paired device 1, everything else by the
 * manager (admin token). Access tests always say.
 */
export interface CallAs {
  token?: string | null;
  headers?: Record<string, string>;
}

/**
 * Calls the API with `fetch`; a body is sent as JSON unless `raw` gives text and content type.
 * `as` chooses the token (see {@link CallAs}).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Answer: the shape is what the test checks
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  raw?: { text: string; contentType?: string },
  as: CallAs = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...as.headers };
  const known = credentials.get(base);
  const byDefault = known ? (method === 'POST' && path === '/api/orders' ? known.device : known.admin) : null;
  const token = as.token !== undefined ? as.token : byDefault;
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (raw) {
    payload = raw.text;
    if (raw.contentType) headers['content-type'] = raw.contentType;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(base + path, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/**
 * Uploads `orders` to the server at `base` (`POST /api/orders`) as its device 1, or as the device
 * of `token`; expects 200 and answers the results, one per order.
 */
export async function uploadOrders(base: string, orders: unknown[], token?: string): Promise<OrderResult[]> {
  const answer = await call(base, 'POST', '/api/orders', { orders }, undefined, token ? { token } : {});
  expect(answer.status).toBe(200);
  return OrdersUploadResultSchema.parse(answer.body).results;
}

/** What each result says: its error's code, else its status (`accepted`, `duplicate`…). */
export const statuses = (results: readonly OrderResult[]) => results.map((r) => r.error?.code ?? r.status);

/** The seeded catalog as the server numbers it (ids 1..n in seed order). */
export const CATALOG = SEED_CATALOG.map((p, index) => ({ ...p, id: index + 1 }));

let nextSequence = 1;

/** What {@link makeOrder} may be told; everything has a working default. */
export interface OrderSpec {
  sessionId: Id;
  uuid?: string;
  deviceNumber?: number;
  sequence?: number;
  currency?: string;
  createdAt?: string;
  /** Indexes into {@link CATALOG} with quantities; default two products. */
  items?: { index: number; quantity: number }[];
  /** `exact` card payment, or cash `tendered` (minor units, ≥ total) giving change. */
  pay?: { method: 'card' } | { method: 'cash'; tendered?: number };
}

/**
 * A valid order for `sessionId` from the seeded catalog, with right totals (buildOrder), a fresh
 * uuid and a reference with a sequence unique in this test process.
 */
export function makeOrder(spec: OrderSpec): PosOrder {
  const items = spec.items ?? [
    { index: 0, quantity: 2 },
    { index: 9, quantity: 1 },
  ];
  const lines: OrderLine[] = items.map(({ index, quantity }) => {
    const product = CATALOG[index];
    if (!product) throw new Error(`no catalog product ${index}`);
    return {
      productId: product.id,
      name: product.name,
      quantity,
      unitPrice: product.price,
      taxRate: product.taxRate,
      discount: 0,
    };
  });
  const total = lines.reduce((sum, l) => sum + lineTotal(l), 0);
  const pay = spec.pay ?? { method: 'card' };
  const payments: Payment[] = [
    { method: pay.method, amount: pay.method === 'cash' ? (pay.tendered ?? total) : total },
  ];
  return buildOrder(
    {
      uuid: spec.uuid ?? randomUUID(),
      sessionId: spec.sessionId,
      deviceNumber: spec.deviceNumber ?? 1,
      currency: spec.currency ?? 'EUR',
      createdAt: spec.createdAt ?? new Date().toISOString(),
      lines,
      payments,
    },
    spec.sequence ?? nextSequence++,
  );
}

/** What {@link makeRefund} may be told; by default the whole of `of`, paid back in cash. */
export interface RefundSpec {
  sessionId: Id;
  /** The original: its lines are given back (refundOf names it), unless `items` say otherwise. */
  of?: PosOrder;
  /** Units to give back of the original's lines (`line` is an index into `of.lines`), positive. */
  back?: { line: number; quantity: number }[];
  /** Without an original: indexes into {@link CATALOG} with the units given back (positive). */
  items?: { index: number; quantity: number }[];
  uuid?: string;
  deviceNumber?: number;
  method?: 'cash' | 'card';
  /** Extra fields (`managerProof`, `reason`, another `refundOf`). */
  extra?: Partial<PosOrder>;
}

/**
 * A valid refund for `sessionId`: lines with negative quantities copied from `of` (its unit
 * prices, discounts and tax rates) or from the catalog, the money given back in one payment of
 * `method` (none when it totals 0), right totals (buildOrder), `refundOf` the original's uuid.
 */
export function makeRefund(spec: RefundSpec): PosOrder {
  const { of } = spec;
  const lines: OrderLine[] = of
    ? (spec.back ?? of.lines.map((l, line) => ({ line, quantity: l.quantity }))).map(({ line, quantity }) => {
        const sold = of.lines[line];
        if (!sold) throw new Error(`no line ${line} on the original`);
        return { ...sold, quantity: -quantity };
      })
    : makeOrder({ sessionId: spec.sessionId, items: spec.items }).lines.map((l) => ({
        ...l,
        quantity: -l.quantity,
      }));
  const total = lines.reduce((sum, l) => sum + lineTotal(l), 0);
  const payments: Payment[] = total === 0 ? [] : [{ method: spec.method ?? 'cash', amount: total }];
  const refund = buildOrder(
    {
      uuid: spec.uuid ?? randomUUID(),
      sessionId: spec.sessionId,
      deviceNumber: spec.deviceNumber ?? 1,
      currency: 'EUR',
      createdAt: new Date().toISOString(),
      lines,
      payments,
    },
    nextSequence++,
  );
  return { ...refund, ...(of ? { refundOf: of.uuid } : {}), ...spec.extra };
}

/** Walks the config's current session to `closed` (via opened when in opening_control). */
export async function closeCurrentSession(base: string, configId: Id = SEED_CONFIG_ID): Promise<void> {
  const config = await call(base, 'GET', `/api/configs/${configId}`);
  const id = config.body.currentSessionId as Id | null;
  if (id === null) return;
  const session = await call<PosSession>(base, 'GET', `/api/sessions/${id}`);
  if (session.body.state === 'opening_control')
    await call(base, 'PATCH', `/api/sessions/${id}`, uncountedMove('opened'));
  await call(base, 'PATCH', `/api/sessions/${id}`, uncountedMove('closed'));
}

/** Closes the config's current session and opens a new one in `state`; returns it. */
export async function freshSession(
  base: string,
  state: 'opened' | 'opening_control' = 'opened',
): Promise<PosSession> {
  await closeCurrentSession(base);
  const opened = await call<PosSession>(base, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, { state });
  if (opened.status !== 201)
    throw new Error(`could not open a session: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body;
}

/** Moves session `id` to `state` as the manager (uncountedMove); throws unless the server says 200. */
export async function moveSession(base: string, id: Id, state: string): Promise<PosSession> {
  const answer = await call<PosSession>(base, 'PATCH', `/api/sessions/${id}`, uncountedMove(state));
  if (answer.status !== 200) throw new Error(`could not move session ${id} to ${state}: ${answer.status}`);
  return answer.body;
}
