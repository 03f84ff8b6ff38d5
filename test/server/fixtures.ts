import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOrder } from '../../src/domain/build-order.js';
import type { Id } from '../../src/domain/ids.js';
import { lineTotal } from '../../src/domain/order-totals.js';
import type { OrderLine, Payment, PosOrder } from '../../src/domain/pos-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { SEED_CATALOG } from '../../server/db/seed-catalog.js';
import { startServer, type RunningServer } from '../../server/start-server.js';

/** Id of the seeded POS config ("Main counter"). */
export const SEED_CONFIG_ID = 1;

/** A server on 127.0.0.1:0 over a fresh temp data dir; `stop()` closes it and deletes the dir. */
export interface TestServer extends RunningServer {
  dataDir: string;
  stop: () => Promise<void>;
}

/** Makes a fresh temp folder; the caller removes it. */
export function makeTempDir(prefix = 'pos-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts a real server with a real SQLite file in a fresh temp dir (or `dataDir`). */
export async function startTestServer(options: { dataDir?: string; staticDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeTempDir();
  const server = await startServer({ dataDir, staticDir: options.staticDir ?? join(dataDir, 'no-dist'), port: 0, host: '127.0.0.1' });
  return {
    ...server,
    dataDir,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON answer: status, headers and the parsed body (undefined when not JSON). */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API with `fetch`; a body is sent as JSON unless `raw` gives text and content type. */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  raw?: { text: string; contentType?: string },
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
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
  const items = spec.items ?? [{ index: 0, quantity: 2 }, { index: 9, quantity: 1 }];
  const lines: OrderLine[] = items.map(({ index, quantity }) => {
    const product = CATALOG[index];
    if (!product) throw new Error(`no catalog product ${index}`);
    return { productId: product.id, name: product.name, quantity, unitPrice: product.price, taxRate: product.taxRate, discount: 0 };
  });
  const total = lines.reduce((sum, l) => sum + lineTotal(l), 0);
  const pay = spec.pay ?? { method: 'card' };
  const payments: Payment[] = [{ method: pay.method, amount: pay.method === 'cash' ? (pay.tendered ?? total) : total }];
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
  if (session.body.state === 'opening_control') await call(base, 'PATCH', `/api/sessions/${id}`, { state: 'opened' });
  await call(base, 'PATCH', `/api/sessions/${id}`, { state: 'closed' });
}

/** Closes the config's current session and opens a new one in `state`; returns it. */
export async function freshSession(base: string, state: 'opened' | 'opening_control' = 'opened'): Promise<PosSession> {
  await closeCurrentSession(base);
  const opened = await call<PosSession>(base, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, { state });
  if (opened.status !== 201) throw new Error(`could not open a session: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body;
}

/** Moves session `id` to `state`; throws unless the server says 200. */
export async function moveSession(base: string, id: Id, state: string): Promise<PosSession> {
  const answer = await call<PosSession>(base, 'PATCH', `/api/sessions/${id}`, { state });
  if (answer.status !== 200) throw new Error(`could not move session ${id} to ${state}: ${answer.status}`);
  return answer.body;
}
