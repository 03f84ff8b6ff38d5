import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { DB_VERSION, ORDERS_STORE, openPosDb, type PosDbSchema } from '../../src/store/db.js';
import { countByStatus, listByStatus, pruneSyncedBefore } from '../../src/store/outbox-repo.js';
import { addPending, makeDraft, openVersion1 } from './fixtures.js';
import { buildOrder } from '../../src/domain/build-order.js';
import {
  getCatalogVersion,
  listCatalog,
  readCatalog,
  replaceCatalog,
  storeCatalog,
} from '../../src/store/catalog-repo.js';
import { setMeta } from '../../src/store/meta-repo.js';

describe('database versions', () => {
  it('five pending orders survive closing and reopening the database', async () => {
    const name = `c07-${crypto.randomUUID()}`;
    const db = await openPosDb({}, name);
    const entries = await addPending(db, 5);
    db.close();
    const again = await openPosDb({}, name);
    expect((await listByStatus(again, 'pending')).map((e) => e.uuid)).toEqual(entries.map((e) => e.uuid));
  });

  it('five pending orders are still pending after an upgrade to a newer version', async () => {
    const name = `c07-up-${crypto.randomUUID()}`;
    const db = await openPosDb({}, name);
    const entries = await addPending(db, 5);
    db.close();
    // A hypothetical next version adds an index: the kind of change `upgrade` will branch on.
    const upgraded = await openDB<PosDbSchema>(name, DB_VERSION + 1, {
      upgrade(database, oldVersion, _newVersion, tx) {
        if (oldVersion < DB_VERSION + 1)
          tx.objectStore(ORDERS_STORE).createIndex('queuedAt' as never, 'queuedAt');
      },
    });
    expect(await countByStatus(upgraded)).toEqual({ pending: 5, synced: 0, held: 0, rejected: 0 });
    expect(await listByStatus(upgraded, 'pending')).toEqual(entries);
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

  it('upgrading a version-1 database (as the first build made it) keeps five pending orders pending', async () => {
    const name = `c07-v1-${crypto.randomUUID()}`;
    const v1 = await openVersion1(name);
    const entry = (i: number, status: string, syncedAt: number | null) => {
      const order = buildOrder(makeDraft(), i + 1);
      return {
        uuid: order.uuid,
        sessionId: 42,
        status,
        order,
        queuedAt: i,
        attempts: 0,
        lastAttemptAt: null,
        lastError: null,
        syncedAt,
        landedSessionId: null,
      };
    };
    const rows = [0, 1, 2, 3, 4].map((i) => entry(i, 'pending', null)).concat([entry(5, 'synced', 5)]);
    for (const row of rows) await v1.put('orders', row);
    v1.close();

    const db = await openPosDb({}, name);
    expect(db.version).toBe(DB_VERSION);
    expect(await countByStatus(db)).toEqual({ pending: 5, synced: 1, held: 0, rejected: 0 });
    // Each comes back as it was stored, now marked an order (version 4).
    expect(await listByStatus(db, 'pending')).toEqual(rows.slice(0, 5).map((r) => ({ ...r, kind: 'order' })));
    // Retention finds the entries confirmed before the upgrade by `statusQueuedAt`.
    expect(await pruneSyncedBefore(db, 10)).toBe(1);
    expect((await countByStatus(db)).pending).toBe(5);
    // Version 5 dropped the `status` index (the counts above come from `statusQueuedAt`), version 6
    // the `statusSyncedAt` index that version 2 made.
    expect([...db.transaction(ORDERS_STORE).store.indexNames].sort()).toEqual([
      'sessionId',
      'statusQueuedAt',
    ]);
    db.close();
  });

  it('a fresh database has the same indexes as an upgraded one (no `status` or `statusSyncedAt` index written at every status change)', async () => {
    const db = await openPosDb({}, `fresh-${crypto.randomUUID()}`);
    expect([...db.transaction(ORDERS_STORE).store.indexNames].sort()).toEqual([
      'sessionId',
      'statusQueuedAt',
    ]);
    await addPending(db, 3);
    expect(await countByStatus(db)).toEqual({ pending: 3, synced: 0, held: 0, rejected: 0 });
    db.close();
  });

  it('an upgrade blocked by an old connection that ignores versionchange tells the caller, then completes when it closes', async () => {
    const name = `blocked-${crypto.randomUUID()}`;
    const old = await openVersion1(name); // and no versionchange handler: it never closes on its own
    let blocked = 0;
    const opening = openPosDb({ blocked: () => (blocked += 1) }, name);
    await vi.waitFor(() => expect(blocked).toBe(1), { timeout: 2_000, interval: 5 });
    old.close();
    const db = await opening;
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('a catalog an older build stored (no version) survives the opening and reads as unversioned, so the next check fetches it again', async () => {
    const name = `catalog-v1-${crypto.randomUUID()}`;
    const v1 = await openVersion1(name);
    const baguette = { id: 1, name: 'Baguette', price: 120, taxRate: 550, category: 'Bakery', barcode: null };
    await v1.put('catalog', baguette);
    await v1.put('meta', 1, 'configId');
    v1.close();

    const db = await openPosDb({}, name);
    expect(await listCatalog(db)).toEqual([baguette]);
    expect(await getCatalogVersion(db)).toBeUndefined();
    expect(await storeCatalog(db, [{ ...baguette, price: 150 }], { configId: 1, version: 1 })).toBe(true);
    expect(await readCatalog(db)).toEqual({ products: [{ ...baguette, price: 150 }], version: 1 });
    db.close();
  });

  it('a catalog a version-2 build stored one record per product is read whole after the upgrade, in the order of its ids', async () => {
    const name = `catalog-v2-${crypto.randomUUID()}`;
    const v1 = await openVersion1(name);
    v1.close();
    const v2 = await openDB(name, 2, {
      upgrade(_database, _old, _new, tx) {
        tx.objectStore('orders').createIndex('statusSyncedAt', ['status', 'syncedAt']);
      },
    });
    const product = (id: number | string, productName: string) => ({
      id,
      name: productName,
      price: 100,
      taxRate: 550,
      category: 'Bakery',
      barcode: null,
    });
    const stored = [
      product(10, 'Tarte'),
      product('x1', 'Pain'),
      product(2, 'Croissant'),
      product(9, 'Brioche'),
    ];
    for (const p of stored) await v2.put('catalog', p);
    await v2.put('meta', 1, 'configId');
    await v2.put('meta', { configId: 1, version: 6 }, 'catalogVersion');
    v2.close();

    const db = await openPosDb({}, name);
    expect(await readCatalog(db)).toEqual({
      products: [product(2, 'Croissant'), product(9, 'Brioche'), product(10, 'Tarte'), product('x1', 'Pain')],
      version: 6,
    });
    db.close();
  });

  it('a fresh database has an empty catalog, not a missing one', async () => {
    const db = await openPosDb({}, `catalog-fresh-${crypto.randomUUID()}`);
    expect(await readCatalog(db)).toEqual({ products: [], version: undefined });
    db.close();
  });

  it('a versioned catalog is not overwritten by an unversioned answer (the start-up refresh cannot say it is newer)', async () => {
    const db = await openPosDb({}, `catalog-${crypto.randomUUID()}`);
    const baguette = { id: 1, name: 'Baguette', price: 120, taxRate: 550, category: 'Bakery', barcode: null };
    await setMeta(db, 'configId', 1);
    await storeCatalog(db, [baguette], { configId: 1, version: 4 });
    expect(await replaceCatalog(db, [])).toBe(false);
    expect(await storeCatalog(db, [], { configId: 1, version: 4 })).toBe(false);
    expect(await readCatalog(db)).toEqual({ products: [baguette], version: 4 });
    db.close();
  });
});
