import { describe, expect, it } from 'vitest';
import type { PosDb } from '../../src/store/db.js';
import { PosError } from '../../src/domain/pos-error.js';
import { addOrder, countByStatus, toStorageError } from '../../src/store/outbox-repo.js';
import { addPending, makeDraft, openTestDb } from './fixtures.js';

/** A database whose sale transaction fails like a full disk: the request and the transaction reject. */
function fullDisk(): PosDb {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  const done = Promise.reject(quota);
  done.catch(() => undefined);
  const store = {
    // The session record (number key) is opened; the sequence (string key) is 1.
    get: async (key: unknown) => (typeof key === 'number' ? { id: key, state: 'opened' } : 1),
    put: () => Promise.reject(quota),
    add: () => Promise.reject(quota),
  };
  return {
    transaction: () => ({ objectStore: () => store, commit: () => undefined, done }),
  } as unknown as PosDb;
}

describe('storage errors map to PosError codes', () => {
  it('QuotaExceededError → storage_full', () => {
    expect(toStorageError(new DOMException('full', 'QuotaExceededError')).code).toBe('storage_full');
  });

  it('any other failure → storage_failed; a PosError passes through', () => {
    expect(toStorageError(new DOMException('gone', 'InvalidStateError')).code).toBe('storage_failed');
    expect(toStorageError('weird').code).toBe('storage_failed');
    const own = new PosError('validation_failed', 'x');
    expect(toStorageError(own)).toBe(own);
  });

  it('a sale on a full disk is refused with storage_full (not shown as paid)', async () => {
    await expect(addOrder(fullDisk(), makeDraft(), 1)).rejects.toMatchObject({ code: 'storage_full' });
  });

  it('a sale on a closed database is refused with storage_failed; earlier orders are intact', async () => {
    const db = await openTestDb();
    await addPending(db, 2);
    db.close();
    await expect(addOrder(db, makeDraft(), 1)).rejects.toMatchObject({ code: 'storage_failed' });
    const reopened = await (await import('../../src/store/db.js')).openPosDb({}, db.name);
    expect((await countByStatus(reopened)).pending).toBe(2);
  });

  it('a write that throws inside the sale transaction leaves no trace: the sequence is not consumed', async () => {
    const db = await openTestDb();
    const [first] = await addPending(db, 1);
    const realTransaction = db.transaction.bind(db);
    const failing = new Proxy(db, {
      get(target, key) {
        if (key !== 'transaction') return Reflect.get(target, key);
        return (...args: Parameters<PosDb['transaction']>) => {
          const tx = realTransaction(...args);
          const objectStore = tx.objectStore.bind(tx);
          return Object.assign(tx, {
            objectStore: (name: string) => {
              const store = objectStore(name as never);
              if (name !== 'orders') return store;
              return Object.assign(store, {
                add: () => {
                  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
                },
              });
            },
          });
        };
      },
    });
    await expect(addOrder(failing, makeDraft(), 2)).rejects.toMatchObject({ code: 'storage_full' });
    const next = await addOrder(db, makeDraft(), 3);
    expect(next.order.reference.endsWith('-0002')).toBe(true);
    expect(first?.order.reference.endsWith('-0001')).toBe(true);
    expect((await countByStatus(db)).pending).toBe(2);
  });
});
