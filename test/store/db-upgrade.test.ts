import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, ORDERS_STORE, openPosDb, type PosDbSchema } from '../../src/store/db.js';
import { countByStatus, listByStatus } from '../../src/store/outbox-repo.js';
import { addPending } from './fixtures.js';

describe('database versions', () => {
  it('C07 five pending orders survive closing and reopening the database', async () => {
    const name = `c07-${crypto.randomUUID()}`;
    const db = await openPosDb({}, name);
    const entries = await addPending(db, 5);
    db.close();
    const again = await openPosDb({}, name);
    expect((await listByStatus(again, 'pending')).map((e) => e.uuid)).toEqual(entries.map((e) => e.uuid));
  });

  it('C07 five pending orders are still pending after an upgrade to a newer version', async () => {
    const name = `c07-up-${crypto.randomUUID()}`;
    const db = await openPosDb({}, name);
    const entries = await addPending(db, 5);
    db.close();
    // A hypothetical next version adds an index: the kind of change `upgrade` will branch on.
    const upgraded = await openDB<PosDbSchema>(name, DB_VERSION + 1, {
      upgrade(database, oldVersion, _newVersion, tx) {
        if (oldVersion < DB_VERSION + 1) tx.objectStore(ORDERS_STORE).createIndex('queuedAt' as never, 'queuedAt');
      },
    });
    expect(await countByStatus(upgraded)).toEqual({ pending: 5, synced: 0, held: 0, rejected: 0 });
    expect((await listByStatus(upgraded, 'pending')).map((e) => e.order)).toEqual(entries.map((e) => e.order));
    upgraded.close();
  });

  it('an open connection closes itself when a newer version asks to upgrade (an old tab never wedges a new one)', async () => {
    const name = `vc-${crypto.randomUUID()}`;
    let told = 0;
    const old = await openPosDb({ versionchange: () => (told += 1) }, name);
    await addPending(old, 1);
    const newer = await openDB(name, DB_VERSION + 1);
    expect(told).toBe(1);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
  });
});
