import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Id } from '../../src/domain/ids.js';
import { lineTotal } from '../../src/domain/order-totals.js';
import type { OrderLine, Payment, PosOrder } from '../../src/domain/pos-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { connect, type ConnectedDatabase } from '../../server/db/connect.js';
import { migrate } from '../../server/db/migrate.js';
import { SEED_CATALOG } from '../../server/db/seed-catalog.js';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { createTestDatabase, type TestDatabase } from '../kit/postgres.js';

/**
 * The engine this run of the server suite tests: `postgres` in the `server-pg` project
 * (POS_TEST_ENGINE, set by vitest.config.ts when TEST_DATABASE_URL is), else `sqlite`.
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' =
  process.env.POS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The database of one test server on {@link TEST_ENGINE}: a fresh PostgreSQL database
 * (`databaseUrl`, dropped by `drop()`), or nothing on SQLite (the server makes its file in its
 * data dir).
 */
export async function testDatabase(): Promise<{ databaseUrl?: string; drop: () => Promise<void> }> {
  if (TEST_ENGINE === 'sqlite') return { drop: async () => undefined };
  const database: TestDatabase = await createTestDatabase();
  return { databaseUrl: database.url, drop: database.drop };
}

/** Id of the seeded POS config ("Main counter"). */
export const SEED_CONFIG_ID = 1;

/** The manager's token of every test server (docs/ACCESS.md). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A paired device as `POST /api/pair` answers it. */
export interface PairedDevice {
  token: string;
  deviceId: string;
  deviceNumber: number;
  configId: number;
}

/**
 * A migrated and seeded database of its own on {@link TEST_ENGINE}, opened without a server (for
 * tests that build the app themselves or read what is stored); `dispose()` closes and removes it.
 */
export async function openTestDatabase(): Promise<ConnectedDatabase & { dispose: () => Promise<void> }> {
  const dataDir = makeTempDir();
  const database = await testDatabase();
  const connected = await connect(
    database.databaseUrl ? { engine: 'postgres', url: database.databaseUrl } : { engine: 'sqlite', dataDir },
  );
  await migrate(connected.db, connected.dialect);
  return {
    ...connected,
    dispose: async () => {
      await connected.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A server on 127.0.0.1:0 over a fresh temp data dir and a fresh database on {@link TEST_ENGINE},
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

/** Makes a fresh temp folder; the caller removes it. */
export function makeTempDir(prefix = 'pos-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts a real server on a fresh database of {@link TEST_ENGINE} (a real SQLite file in a fresh
 * temp dir, or a database of its own on the test cluster), the admin token
 * {@link TEST_ADMIN_TOKEN}, and pairs device 1 of the seeded config.
 */
export async function startTestServer(
  options: {
    staticDir?: string;
    pairingAttemptsPerMinute?: number;
    trustProxy?: boolean;
    publicUrl?: string;
  } = {},
): Promise<TestServer> {
  const dataDir = makeTempDir();
  const database = await testDatabase();
  const server = await startServer({
    dataDir,
    ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
    staticDir: options.staticDir ?? join(dataDir, 'no-dist'),
    port: 0,
    host: '127.0.0.1',
    adminToken: TEST_ADMIN_TOKEN,
    // Tests pair many tablets from one address; the limit itself is tested with the default.
    pairingAttemptsPerMinute: options.pairingAttemptsPerMinute ?? 1_000,
    ...(options.trustProxy ? { trustProxy: true } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  credentials.set(server.url, { admin: TEST_ADMIN_TOKEN, device: '' });
  const device = await pairDevice(server.url, SEED_CONFIG_ID);
  credentials.set(server.url, { admin: TEST_ADMIN_TOKEN, device: device.token });
  return {
    ...server,
    dataDir,
    device,
    stop: async () => {
      await server.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
  const answer = await call<{ code: string }>(
    base,
    'POST',
    `/api/configs/${configId}/pairing-codes`,
    {},
    undefined,
    { token: TEST_ADMIN_TOKEN },
  );
  if (answer.status !== 201)
    throw new Error(`no pairing code: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.code;
}

/** Pairs a new device of config `configId` (a code, then `POST /api/pair`). */
export async function pairDevice(base: string, configId: Id, previousToken?: string): Promise<PairedDevice> {
  const code = await newPairingCode(base, configId);
  const answer = await call<PairedDevice>(
    base,
    'POST',
    '/api/pair',
    { code, ...(previousToken ? { previousToken } : {}) },
    undefined,
    { token: null },
  );
  if (answer.status !== 201)
    throw new Error(`pairing failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
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

/** Walks the config's current session to `closed` (via opened when in opening_control). */
export async function closeCurrentSession(base: string, configId: Id = SEED_CONFIG_ID): Promise<void> {
  const config = await call(base, 'GET', `/api/configs/${configId}`);
  const id = config.body.currentSessionId as Id | null;
  if (id === null) return;
  const session = await call<PosSession>(base, 'GET', `/api/sessions/${id}`);
  if (session.body.state === 'opening_control')
    await call(base, 'PATCH', `/api/sessions/${id}`, { state: 'opened' });
  await call(base, 'PATCH', `/api/sessions/${id}`, { state: 'closed' });
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

/** Moves session `id` to `state`; throws unless the server says 200. */
export async function moveSession(base: string, id: Id, state: string): Promise<PosSession> {
  const answer = await call<PosSession>(base, 'PATCH', `/api/sessions/${id}`, { state });
  if (answer.status !== 200) throw new Error(`could not move session ${id} to ${state}: ${answer.status}`);
  return answer.body;
}
