import { describe, expect, it } from 'vitest';
import { META_STORE } from '../../src/store/db.js';
import { leaseKey } from '../../src/sync/meta-lease.js';
import { LEASE_TTL_MS, createWithLock } from '../../src/sync/with-lock.js';
import { openTestDb, testClock } from '../store/fixtures.js';
import { OUTBOX_FLUSH_LOCK, SESSION_CHECK_LOCK } from '../../src/domain/api/names.js';

/** A promise and its resolver. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('createWithLock without Web Locks (in-memory mutex + lease)', () => {
  it('runs callers one at a time, in order', async () => {
    const withLock = createWithLock({ locks: null });
    const order: string[] = [];
    const hold = gate();
    const a = withLock('x', async () => {
      order.push('a start');
      await hold.promise;
      order.push('a end');
      return 'a';
    });
    const b = withLock('x', async () => {
      order.push('b');
      return 'b';
    });
    hold.open();
    expect(await Promise.all([a, b])).toEqual([
      { acquired: true, value: 'a' },
      { acquired: true, value: 'b' },
    ]);
    expect(order).toEqual(['a start', 'a end', 'b']);
  });

  it('ifAvailable skips at once while the lock is held, without running the callback', async () => {
    const withLock = createWithLock({ locks: null });
    const hold = gate();
    const first = withLock('x', () => hold.promise);
    let ran = false;
    expect(await withLock('x', async () => (ran = true), { ifAvailable: true })).toEqual({ acquired: false });
    expect(ran).toBe(false);
    hold.open();
    await first;
    expect(await withLock('x', async () => 1, { ifAvailable: true })).toEqual({ acquired: true, value: 1 });
  });

  it('different names do not exclude each other; a throwing callback releases the lock', async () => {
    const withLock = createWithLock({ locks: null });
    const hold = gate();
    const x = withLock('x', () => hold.promise);
    expect(await withLock('y', async () => 2, { ifAvailable: true })).toEqual({ acquired: true, value: 2 });
    hold.open();
    await x;
    await expect(withLock('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withLock('x', async () => 3, { ifAvailable: true })).toEqual({ acquired: true, value: 3 });
  });

  it('two realms sharing a database exclude each other through the lease in meta', async () => {
    const db = await openTestDb();
    const clock = testClock();
    const pageRealm = createWithLock({ locks: null, db: () => db, now: clock.now, owner: 'page' });
    const workerRealm = createWithLock({ locks: null, db: () => db, now: clock.now, owner: 'worker' });
    const hold = gate();
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = pageRealm(OUTBOX_FLUSH_LOCK, async () => {
      entered();
      await hold.promise;
    });
    await inside;
    expect(await db.get(META_STORE, leaseKey(OUTBOX_FLUSH_LOCK))).toEqual({
      owner: 'page',
      expiresAt: clock.at + LEASE_TTL_MS,
    });
    expect(await workerRealm(OUTBOX_FLUSH_LOCK, async () => 'ran', { ifAvailable: true })).toEqual({
      acquired: false,
    });
    hold.open();
    await first;
    expect(await db.get(META_STORE, leaseKey(OUTBOX_FLUSH_LOCK))).toBeUndefined();
    expect(await workerRealm(OUTBOX_FLUSH_LOCK, async () => 'ran', { ifAvailable: true })).toEqual({
      acquired: true,
      value: 'ran',
    });
  });

  it('an expired lease of a realm that died is taken over', async () => {
    const db = await openTestDb();
    const clock = testClock();
    await db.put(META_STORE, { owner: 'dead tab', expiresAt: clock.at + 1_000 }, leaseKey('x'));
    const withLock = createWithLock({ locks: null, db: () => db, now: clock.now, owner: 'worker' });
    expect(await withLock('x', async () => 1, { ifAvailable: true })).toEqual({ acquired: false });
    clock.advance(1_000);
    expect(await withLock('x', async () => 1, { ifAvailable: true })).toEqual({ acquired: true, value: 1 });
  });
});

describe('createWithLock with Web Locks', () => {
  it('delegates to locks.request with ifAvailable and maps a null lock to a skip', async () => {
    const calls: { name: string; ifAvailable: boolean | undefined }[] = [];
    let granted = true;
    const locks = {
      request: async (
        name: string,
        options: { ifAvailable?: boolean },
        callback: (lock: unknown) => Promise<unknown>,
      ) => {
        calls.push({ name, ifAvailable: options.ifAvailable });
        return callback(granted ? { name, mode: 'exclusive' } : null);
      },
    } as unknown as LockManager;
    const withLock = createWithLock({ locks });
    expect(await withLock(SESSION_CHECK_LOCK, async () => 7, { ifAvailable: true })).toEqual({
      acquired: true,
      value: 7,
    });
    granted = false;
    expect(await withLock(SESSION_CHECK_LOCK, async () => 7, { ifAvailable: true })).toEqual({
      acquired: false,
    });
    expect(calls).toEqual([
      { name: SESSION_CHECK_LOCK, ifAvailable: true },
      { name: SESSION_CHECK_LOCK, ifAvailable: true },
    ]);
  });
});
