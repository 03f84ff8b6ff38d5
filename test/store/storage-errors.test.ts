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
    get: async () => 1,
    put: () => Promise.reject(quota),
    add: () => Promise.reject(quota),
  };
  return { transaction: () => ({ objectStore: () => store, done }) } as unknown as PosDb;
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

  it('C17 a sale on a full disk is refused with storage_full (not shown as paid)', async () => {
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
});
