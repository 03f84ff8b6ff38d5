import { describe, expect, it, vi } from 'vitest';
import { META_STORE, ORDERS_STORE, SESSION_STORE } from '../../src/store/db.js';
import { getMeta, sequenceKey } from '../../src/store/meta-repo.js';
import { getSessionRecord, putSessionRecord } from '../../src/store/session-repo.js';
import {
  addOrder,
  countByStatus,
  getEntry,
  listBySession,
  listByStatus,
  refundBar,
  updateEntries,
} from '../../src/store/outbox-repo.js';
import { buildOrder } from '../../src/domain/build-order.js';
import { refundLineKey } from '../../src/domain/pos-order.js';
import type { ServerOriginal } from '../../src/domain/refund-draft.js';
import { addPending, makeDraft, openTestDb, testClock } from './fixtures.js';

describe('addOrder', () => {
  it('writes the order and the next sequence in ONE strict read-write transaction (orders, meta, and the session it checks)', async () => {
    const db = await openTestDb();
    const spy = vi.spyOn(db, 'transaction');
    await addOrder(db, makeDraft(), 1);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith([ORDERS_STORE, META_STORE, SESSION_STORE], 'readwrite', {
      durability: 'strict',
    });
    expect(await getMeta(db, sequenceKey(42))).toBe(2);
  });

  it('refuses a sale unless the stored state of its session is opened (rule 1, where the order is written)', async () => {
    const db = await openTestDb();
    for (const state of ['closing_control', 'closed', 'missing', 'unknown'] as const) {
      const record = await getSessionRecord(db, 42);
      if (!record) throw new Error('no record');
      await putSessionRecord(db, { ...record, state });
      await expect(addOrder(db, makeDraft(), 1)).rejects.toMatchObject({ code: 'session_not_open' });
    }
    await expect(addOrder(db, makeDraft({ sessionId: 99 }), 1)).rejects.toMatchObject({
      code: 'session_not_open',
    });
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 0, held: 0, rejected: 0 });
    expect(await getMeta(db, sequenceKey(42))).toBeUndefined();
  });

  it('stores a pending entry with the built order (reference, totals) and the injected time', async () => {
    const db = await openTestDb();
    const draft = makeDraft();
    const entry = await addOrder(db, draft, 1_234);
    expect(entry).toMatchObject({
      uuid: draft.uuid,
      sessionId: 42,
      status: 'pending',
      queuedAt: 1_234,
      attempts: 0,
      lastError: null,
      syncedAt: null,
    });
    expect(entry.order).toMatchObject({
      reference: '00042-003-0001',
      amountTotal: 120,
      amountPaid: 120,
      amountReturn: 0,
    });
    expect(await getEntry(db, draft.uuid)).toEqual(entry);
  });

  it('sequences increase per session and references stay unique, even for concurrent sales', async () => {
    const db = await openTestDb();
    const entries = await Promise.all(
      Array.from({ length: 6 }, (_, i) => addOrder(db, makeDraft({ sessionId: i % 2 ? 7 : 42 }), i)),
    );
    const references = entries.map((e) => e.order.reference);
    expect(new Set(references).size).toBe(6);
    expect(references.filter((r) => r.startsWith('00042-')).sort()).toEqual([
      '00042-003-0001',
      '00042-003-0002',
      '00042-003-0003',
    ]);
    expect(references.filter((r) => r.startsWith('00007-')).sort()).toEqual([
      '00007-003-0001',
      '00007-003-0002',
      '00007-003-0003',
    ]);
  });

  it('refuses an empty cart with validation_failed and writes nothing', async () => {
    const db = await openTestDb();
    await expect(addOrder(db, makeDraft({ lines: [] }), 1)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 0, held: 0, rejected: 0 });
    expect(await getMeta(db, sequenceKey(42))).toBeUndefined();
  });

  it('a failed write (same uuid twice) is a storage_failed error and does not consume a sequence', async () => {
    const db = await openTestDb();
    const draft = makeDraft();
    await addOrder(db, draft, 1);
    await expect(addOrder(db, draft, 2)).rejects.toMatchObject({ name: 'PosError', code: 'storage_failed' });
    expect(await getMeta(db, sequenceKey(42))).toBe(2);
  });
});

describe('outbox queries', () => {
  it('listByStatus returns the oldest first, and its limit keeps the oldest (not the smallest uuids)', async () => {
    const db = await openTestDb();
    const entries = await addPending(db, 20, { now: 1_000 });
    const oldest = entries.slice(0, 5).map((e) => e.uuid);
    expect((await listByStatus(db, 'pending', 5)).map((e) => e.uuid)).toEqual(oldest);
    expect((await listByStatus(db, 'pending')).map((e) => e.uuid)).toEqual(entries.map((e) => e.uuid));
  });

  it('updateEntries merges patches in one transaction, skips vanished entries, deletes nothing', async () => {
    const db = await openTestDb();
    const [a, b] = await addPending(db, 2);
    await updateEntries(db, [
      { uuid: a?.uuid ?? '', patch: { status: 'synced', syncedAt: 5 } },
      { uuid: 'not-there', patch: { status: 'rejected' } },
    ]);
    expect(await getEntry(db, a?.uuid ?? '')).toMatchObject({
      status: 'synced',
      syncedAt: 5,
      order: a?.order,
    });
    expect(await getEntry(db, b?.uuid ?? '')).toMatchObject({ status: 'pending' });
    expect(await getEntry(db, 'not-there')).toBeUndefined();
    expect(await countByStatus(db)).toEqual({ pending: 1, synced: 1, held: 0, rejected: 0 });
    expect(await listBySession(db, 42)).toHaveLength(2);
  });

  it('IndexedDB tests use an injected clock, never global fake timers', async () => {
    expect(vi.isFakeTimers()).toBe(false);
    const clock = testClock(42_000);
    const db = await openTestDb();
    const entry = await addOrder(db, makeDraft(), clock.now());
    clock.advance(5);
    expect(entry.queuedAt).toBe(42_000);
    expect(clock.now()).toBe(42_005);
    expect(vi.isFakeTimers()).toBe(false);
  });
});

describe('addOrder with a refund', () => {
  /** A refund draft of `units` baguettes of `original` (1.20 each, cash). */
  const refundDraftOf = (original: { uuid: string; reference: string }, units: number) =>
    makeDraft({
      lines: [
        { productId: 1, name: 'Baguette', quantity: -units, unitPrice: 120, taxRate: 550, discount: 0 },
      ],
      payments: [{ method: 'cash', amount: -120 * units }],
      refund: { uuid: original.uuid, reference: original.reference },
    });

  it('checks the quantities again in its own transaction, so two refunds racing on one tablet never give back more than was sold', async () => {
    const db = await openTestDb();
    const sale = await addOrder(db, makeDraft(), 1); // one baguette
    const results = await Promise.allSettled([
      addOrder(db, refundDraftOf(sale.order, 1), 2),
      addOrder(db, refundDraftOf(sale.order, 1), 3),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'over_refund' });
    // The refused one left no trace: no entry, no sequence taken.
    expect(
      (await listBySession(db, 42)).map((e) => (e.kind === 'order' ? (e.order.refundOf ?? null) : e.kind)),
    ).toEqual([null, sale.uuid]);
    expect(await getMeta(db, sequenceKey(42))).toBe(3);
  });

  it('keeps the original’s reference beside the refund for its receipt, and refuses a refund of an order not in the outbox', async () => {
    const db = await openTestDb();
    const sale = await addOrder(db, makeDraft(), 1);
    const refund = await addOrder(db, refundDraftOf(sale.order, 1), 2);
    expect(refund).toMatchObject({ refundOfReference: sale.order.reference, order: { refundOf: sale.uuid } });
    expect(refund.order).not.toHaveProperty('refundOfReference');
    await expect(
      addOrder(db, refundDraftOf({ uuid: crypto.randomUUID(), reference: '00042-003-0099' }, 1), 3),
    ).rejects.toMatchObject({ code: 'unknown_original' });
  });
});

describe('addOrder refuses, in its transaction, a refund of a sale that will not reach the server', () => {
  const refundIn42 = (original: { uuid: string; reference: string }) =>
    makeDraft({
      lines: [{ productId: 1, name: 'Baguette', quantity: -1, unitPrice: 120, taxRate: 550, discount: 0 }],
      payments: [{ method: 'cash', amount: -120 }],
      refund: { uuid: original.uuid, reference: original.reference },
    });

  it('a sale held since the refund panel opened: the money would go back for a sale the server never gets', async () => {
    const db = await openTestDb();
    const sale = await addOrder(db, makeDraft(), 1);
    await updateEntries(db, [{ uuid: sale.uuid, patch: { status: 'held' } }]);
    await expect(addOrder(db, refundIn42(sale.order), 2)).rejects.toMatchObject({ code: 'unknown_original' });
    expect(await listBySession(db, 42)).toHaveLength(1);
  });

  it('a sale still waiting to be sent from an earlier session (the next flush holds it): refused, nothing written', async () => {
    const db = await openTestDb();
    const sale = await addOrder(db, makeDraft({ sessionId: 7 }), 1);
    expect(refundBar(sale, 42)).toBe('unsent');
    await expect(addOrder(db, refundIn42(sale.order), 2)).rejects.toMatchObject({ code: 'unknown_original' });
    expect(await listBySession(db, 42)).toHaveLength(0);
    // Once sent, the same sale is refunded.
    await updateEntries(db, [{ uuid: sale.uuid, patch: { status: 'synced', syncedAt: 3 } }]);
    expect(refundBar({ ...sale, status: 'synced' }, 42)).toBeNull();
    await expect(addOrder(db, refundIn42(sale.order), 4)).resolves.toMatchObject({
      order: { refundOf: sale.uuid },
    });
  });
});

describe('addOrder with a refund of an order fetched from the server', () => {
  /** Another tablet's sale of 3 baguettes in session 41, as the server stores it. */
  const sale = buildOrder(
    makeDraft({
      sessionId: 41,
      deviceNumber: 5,
      lines: [{ productId: 1, name: 'Baguette', quantity: 3, unitPrice: 120, taxRate: 550, discount: 0 }],
      payments: [{ method: 'cash', amount: 360 }],
    }),
    7,
  );
  const key = refundLineKey({ productId: 1, unitPrice: 120, discount: 0, taxRate: 550 });
  /** The server's answer: `refunded` baguettes taken back by its stored refunds, `counted` their uuids. */
  const fromServer = (refunded: number, counted: string[] = []): ServerOriginal => ({
    order: sale,
    refunded: new Map([[key, refunded]]),
    counted: new Set(counted),
  });
  const refundOf = (server: ServerOriginal, units: number) =>
    makeDraft({
      lines: [
        { productId: 1, name: 'Baguette', quantity: -units, unitPrice: 120, taxRate: 550, discount: 0 },
      ],
      payments: [{ method: 'cash', amount: -120 * units }],
      refund: { uuid: sale.uuid, reference: sale.reference, fromServer: server },
    });

  it('accepts an original it does not hold, and two refunds racing on this tablet never give back more than the server left', async () => {
    const db = await openTestDb();
    const server = fromServer(1);
    const results = await Promise.allSettled([
      addOrder(db, refundOf(server, 2), 1),
      addOrder(db, refundOf(server, 1), 2),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'over_refund' });
    expect((await listBySession(db, 42)).filter((e) => e.kind === 'order')).toHaveLength(1);
  });

  it('does not count twice a refund of this tablet the server already counted, and counts one it has not', async () => {
    const db = await openTestDb();
    const first = await addOrder(db, refundOf(fromServer(1), 1), 1);
    // The server stored it: 2 refunded there now, and its answer names it.
    const server = fromServer(2, [first.uuid]);
    await expect(addOrder(db, refundOf(server, 1), 2)).resolves.toMatchObject({ status: 'pending' });
    await expect(addOrder(db, refundOf(server, 1), 3)).rejects.toMatchObject({ code: 'over_refund' });
  });
});
