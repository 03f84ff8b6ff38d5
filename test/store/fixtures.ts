import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import type { OrderDraft } from '../../src/domain/build-order.js';
import type { CashMove } from '../../src/domain/cash.js';
import type { Id } from '../../src/domain/ids.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import type { SessionRecord } from '../../src/domain/session-record.js';
import { recordFromSession } from '../../src/sync/build-session-record.js';
import type { SessionState } from '../../src/domain/session-state.js';
import { addCashMove } from '../../src/store/cash-move-repo.js';
import { openPosDb, type CashMoveEntry, type OrderEntry, type PosDb } from '../../src/store/db.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { addOrder } from '../../src/store/outbox-repo.js';
import { getSessionRecord, putSessionRecord } from '../../src/store/session-repo.js';

/**
 * A fresh database with a name of its own (fake-indexeddb keeps databases for the whole file),
 * where the sessions the drafts use (42 and 7) are stored `opened`, so sales can be written: rule 1
 * is checked by addOrder itself. Tests that need another state store their own record.
 */
export async function openTestDb(): Promise<PosDb> {
  const db = await openPosDb({}, `test-${crypto.randomUUID()}`);
  for (const id of [42, 7]) {
    await putSessionRecord(
      db,
      recordFromSession(
        makeSession({ id, name: `Main counter/${String(id).padStart(5, '0')}` }),
        0,
        null,
        60_000,
        'seed',
      ),
    );
  }
  return db;
}

/**
 * A database `name` as the first build (version 1) made it: four stores, three indexes. The
 * connection ignores `versionchange`, as an older build's tab did. Resolves the open connection.
 */
export function openVersion1(name: string) {
  return openDB(name, 1, {
    upgrade(database) {
      const orders = database.createObjectStore('orders', { keyPath: 'uuid' });
      orders.createIndex('status', 'status');
      orders.createIndex('sessionId', 'sessionId');
      orders.createIndex('statusQueuedAt', ['status', 'queuedAt']);
      database.createObjectStore('session', { keyPath: 'id' });
      database.createObjectStore('catalog', { keyPath: 'id' });
      database.createObjectStore('meta');
    },
  });
}

/** A test clock: `now()` returns `at`, which tests move by hand. */
export function testClock(at = 1_700_000_000_000): {
  now: () => number;
  at: number;
  advance: (ms: number) => void;
} {
  const clock = {
    at,
    now: () => clock.at,
    advance: (ms: number) => {
      clock.at += ms;
    },
  };
  return clock;
}

/** A sellable draft: one baguette (1.20, 5.5 % tax) paid 1.20 cash. */
export function makeDraft(overrides: Partial<OrderDraft> = {}): OrderDraft {
  return {
    uuid: crypto.randomUUID(),
    sessionId: 42,
    deviceNumber: 3,
    currency: 'EUR',
    createdAt: '2026-11-29T08:00:00.000Z',
    lines: [{ productId: 1, name: 'Baguette', quantity: 1, unitPrice: 120, taxRate: 550, discount: 0 }],
    payments: [{ method: 'cash', amount: 120 }],
    ...overrides,
  };
}

/** A session resource as the server sends it. */
export function makeSession(overrides: Partial<PosSession> = {}): PosSession {
  return {
    id: 42,
    name: 'Main counter/00042',
    configId: 1,
    state: 'opened',
    openedAt: '2026-11-29T07:00:00.000Z',
    closedAt: null,
    checkSessionStateFrequency: 60,
    ...overrides,
  };
}

/**
 * Makes `session` the device's current session with a stored record in `state`, next check due at
 * `nextCheckAt` (device ms), and a device id.
 */
export async function seedSession(
  db: PosDb,
  options: { state?: SessionState; nextCheckAt?: number; session?: Partial<PosSession>; now?: number } = {},
): Promise<SessionRecord> {
  const session = makeSession({ state: options.state ?? 'opened', ...options.session });
  const now = options.now ?? 1_700_000_000_000;
  const record: SessionRecord = {
    ...recordFromSession(session, now, null, 60_000, 'seed'),
    nextCheckAt: options.nextCheckAt ?? now,
  };
  await setMeta(db, 'currentSessionId', session.id);
  await setMeta(db, 'deviceId', '8a3f2c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b');
  await putSessionRecord(db, record);
  return record;
}

/**
 * Adds `count` pending orders of `sessionId`, queued 1 ms apart from `now`, as sold while the
 * session was `opened`: a record in another state is set aside for the sales and put back after.
 */
export async function addPending(
  db: PosDb,
  count: number,
  options: { sessionId?: Id; now?: number } = {},
): Promise<OrderEntry[]> {
  const sessionId = options.sessionId ?? 42;
  const before = await getSessionRecord(db, sessionId);
  if (before?.state !== 'opened') {
    await putSessionRecord(db, {
      ...(before ?? recordFromSession(makeSession({ id: sessionId }), 0, null, 60_000, 'seed')),
      state: 'opened',
    });
  }
  const entries: OrderEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    entries.push(await addOrder(db, makeDraft({ sessionId }), (options.now ?? 1_700_000_000_000) + i));
  }
  if (before && before.state !== 'opened') await putSessionRecord(db, before);
  return entries;
}

/** A cash move as the till makes it: 20.00 taken out for a bank deposit, in session 42 by device 3. */
export function makeMove(overrides: Partial<CashMove> = {}): CashMove {
  return {
    uuid: crypto.randomUUID(),
    sessionId: 42,
    deviceNumber: 3,
    amount: -2000,
    reason: 'Bank deposit',
    createdAt: '2026-11-29T08:00:00.000Z',
    ...overrides,
  };
}

/** Writes a pending cash move of `sessionId` (stored `opened`, as addPending does) at `now`. */
export async function addPendingMove(
  db: PosDb,
  options: { sessionId?: Id; now?: number; move?: Partial<CashMove> } = {},
): Promise<CashMoveEntry> {
  const sessionId = options.sessionId ?? 42;
  const before = await getSessionRecord(db, sessionId);
  if (before?.state !== 'opened') {
    await putSessionRecord(db, {
      ...(before ?? recordFromSession(makeSession({ id: sessionId }), 0, null, 60_000, 'seed')),
      state: 'opened',
    });
  }
  const entry = await addCashMove(
    db,
    makeMove({ sessionId, ...options.move }),
    'EUR',
    options.now ?? 1_700_000_000_000,
  );
  if (before && before.state !== 'opened') await putSessionRecord(db, before);
  return entry;
}
