import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import { PosError } from '../../src/domain/pos-error.js';
import { addCashMove } from '../../src/store/cash-move-repo.js';
import { DB_VERSION, openPosDb } from '../../src/store/db.js';
import { countByStatus, getEntry, listByStatus, listBySession } from '../../src/store/outbox-repo.js';
import { getSessionRecord, putSessionRecord } from '../../src/store/session-repo.js';
import { addPending, makeDraft, makeMove, openTestDb } from './fixtures.js';

const NOW = 1_700_000_000_000;

describe('addCashMove', () => {
  it('writes the move pending, as it will be sent, counted with the orders', async () => {
    const db = await openTestDb();
    await addPending(db, 1, { now: NOW });
    const move = makeMove();
    const entry = await addCashMove(db, move, 'EUR', NOW + 5);
    expect(await getEntry(db, move.uuid)).toEqual({
      kind: 'cash-move',
      uuid: move.uuid,
      sessionId: 42,
      status: 'pending',
      move,
      currency: 'EUR',
      queuedAt: NOW + 5,
      attempts: 0,
      lastAttemptAt: null,
      lastError: null,
      syncedAt: null,
      landedSessionId: null,
    });
    expect(entry.move).toEqual(move);
    expect(await countByStatus(db)).toEqual({ pending: 2, synced: 0, held: 0, rejected: 0 });
    expect((await listByStatus(db, 'pending')).map((e) => e.kind)).toEqual(['order', 'cash-move']);
  });

  it('refuses a move while the stored session is not opened, and writes nothing (rule 1)', async () => {
    for (const state of ['opening_control', 'closing_control', 'closed'] as const) {
      const db = await openTestDb();
      const record = await getSessionRecord(db, 42);
      if (record) await putSessionRecord(db, { ...record, state });
      const refused = addCashMove(db, makeMove(), 'EUR', NOW);
      await expect(refused).rejects.toBeInstanceOf(PosError);
      await expect(refused).rejects.toMatchObject({ code: 'session_not_open' });
      expect(await listBySession(db, 42)).toEqual([]);
    }
  });

  it('refuses a move of a session the device has no record of, and writes nothing', async () => {
    const db = await openTestDb();
    await expect(addCashMove(db, makeMove({ sessionId: 99 }), 'EUR', NOW)).rejects.toMatchObject({
      code: 'session_not_open',
    });
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 0, held: 0, rejected: 0 });
  });

  it('refuses a move without a reason, of 0 or beyond 10^10, and writes nothing (never clamped)', async () => {
    const db = await openTestDb();
    for (const bad of [{ reason: '   ' }, { amount: 0 }, { amount: -10_000_000_001 }, { amount: 1.5 }]) {
      await expect(addCashMove(db, makeMove(bad), 'EUR', NOW)).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 0, held: 0, rejected: 0 });
  });
});

describe('the outbox database upgraded to version 4 (kinds)', () => {
  it('an old outbox database is upgraded without losing its orders: every status kept, each marked an order', async () => {
    const name = `v2-${crypto.randomUUID()}`;
    const v2 = await openDB(name, 2, {
      upgrade(database) {
        const orders = database.createObjectStore('orders', { keyPath: 'uuid' });
        orders.createIndex('status', 'status');
        orders.createIndex('sessionId', 'sessionId');
        orders.createIndex('statusQueuedAt', ['status', 'queuedAt']);
        orders.createIndex('statusSyncedAt', ['status', 'syncedAt']);
        database.createObjectStore('session', { keyPath: 'id' });
        database.createObjectStore('catalog', { keyPath: 'id' });
        database.createObjectStore('meta');
      },
    });
    const statuses = ['pending', 'pending', 'held', 'rejected', 'synced'] as const;
    const rows = statuses.map((status, i) => {
      const order = buildOrder(makeDraft(), i + 1);
      return {
        uuid: order.uuid,
        sessionId: 42,
        status,
        order,
        queuedAt: i,
        attempts: status === 'pending' ? 0 : 1,
        lastAttemptAt: status === 'pending' ? null : i,
        lastError: status === 'held' ? { code: 'session_closed', message: 'closed' } : null,
        syncedAt: status === 'synced' ? i : null,
        landedSessionId: null,
      };
    });
    for (const row of rows) await v2.put('orders', row);
    await v2.put('meta', 7, 'seq:42');
    v2.close();

    const db = await openPosDb({}, name);
    expect(db.version).toBe(DB_VERSION);
    expect(await countByStatus(db)).toEqual({ pending: 2, synced: 1, held: 1, rejected: 1 });
    const after = await Promise.all(rows.map((r) => getEntry(db, r.uuid)));
    expect(after).toEqual(rows.map((r) => ({ ...r, kind: 'order' })));
    expect(await db.get('meta', 'seq:42')).toBe(7);
    db.close();
  });
});
