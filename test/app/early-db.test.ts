import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as EarlyDbModule from '../../src/app/early-db.js';
import { DB_NAME, DB_VERSION, openPosDb, type OpenPosDbHooks } from '../../src/store/db.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { openVersion1 } from '../store/fixtures.js';

type EarlyDb = typeof EarlyDbModule;

/** early-db.ts opens as it is evaluated: each test evaluates it afresh over an empty IndexedDB. */
async function freshEarlyDb(): Promise<EarlyDb> {
  vi.resetModules();
  return import('../../src/app/early-db.js');
}

/** Resolves once a connection at a newer version opened: the early one was told to close first. */
function upgradeElsewhere(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION + 1);
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

describe('the till connection asked for as the page starts (early-db)', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the first start takes the early connection and the stored till read as soon as it opened', async () => {
    // What the till will read, stored before the page starts.
    const before = await openPosDb();
    await setMeta(before, 'configName', 'Bakery counter');
    before.close();

    const early = await freshEarlyDb();
    const db = await early.openTillDb({});
    expect(db.version).toBe(DB_VERSION);
    // Written after the connection opened: the early read was asked for before, so it has the old name.
    const renamed = setMeta(db, 'configName', 'Front counter');
    expect((await early.readTillStored(db)).till.configName).toBe('Bakery counter');
    await renamed;
    // Taken once: a second read of the same connection reads again.
    expect((await early.readTillStored(db)).till.configName).toBe('Front counter');
    db.close();
  });

  it('a till started again opens a new connection, not the closed early one', async () => {
    const early = await freshEarlyDb();
    const first = await early.openTillDb({});
    first.close();
    const second = await early.openTillDb({});
    expect(second).not.toBe(first);
    await expect(setMeta(second, 'configName', 'Till 2')).resolves.toBeUndefined();
    second.close();
  });

  it('a newer tab that wanted the database before the till took the connection is still told to the till', async () => {
    const early = await freshEarlyDb();
    await upgradeElsewhere(); // the early connection had to close for it
    const versionchange = vi.fn();
    const hooks: OpenPosDbHooks = { versionchange };
    await early.openTillDb(hooks);
    expect(versionchange).toHaveBeenCalledTimes(1);
  });

  it('an older tab that blocks the upgrade before the till took the connection is told to the till, once', async () => {
    // An older build's tab holds version 1 and ignores `versionchange`.
    const older = await openVersion1(DB_NAME);
    const early = await freshEarlyDb();
    await early.storedTillSettled(); // the early open is blocked meanwhile (told, or 150 ms at most)
    const blocked = vi.fn();
    const opening = early.openTillDb({ blocked });
    expect(blocked).toHaveBeenCalledTimes(1);
    older.close(); // the older tab is closed: the upgrade goes on
    const db = await opening;
    expect(db.version).toBe(DB_VERSION);
    expect(blocked).toHaveBeenCalledTimes(1);
    db.close();
  });

  it('what the connection tells after the till took it goes straight to the till, once', async () => {
    const early = await freshEarlyDb();
    const versionchange = vi.fn();
    await early.openTillDb({ versionchange });
    expect(versionchange).not.toHaveBeenCalled();
    await upgradeElsewhere();
    expect(versionchange).toHaveBeenCalledTimes(1);
  });

  it('a failed early open rejects when the till takes it, not before', async () => {
    const failing = vi.spyOn(IDBFactory.prototype, 'open').mockImplementation(() => {
      throw new DOMException('storage is off', 'UnknownError');
    });
    const early = await freshEarlyDb();
    failing.mockRestore();
    await expect(early.openTillDb({})).rejects.toThrow('storage is off');
  });

  it('the shell goes in once the stored till is read, so its first render has the catalog', async () => {
    const before = await openPosDb();
    await setMeta(before, 'configName', 'Bakery counter');
    before.close();
    const early = await freshEarlyDb();
    await early.storedTillSettled();
    const db = await early.openTillDb({});
    // Already read: it settles before a promise made after it.
    const first = await Promise.race([
      early.readTillStored(db).then((stored) => stored.till.configName),
      Promise.resolve().then(() => 'not read yet'),
    ]);
    expect(first).toBe('Bakery counter');
    db.close();
  });

  it('the shell does not wait for an open that an older tab blocks: it renders to say so', async () => {
    const older = await openVersion1(DB_NAME);
    const early = await freshEarlyDb();
    let opened = false;
    const opening = early.openTillDb({});
    void opening.then(() => (opened = true));
    await early.storedTillSettled();
    expect(opened).toBe(false); // settled while the open still waits for the older tab
    older.close();
    (await opening).close();
  });

  it('the shell does not wait at all where there is no IndexedDB', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error: a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      const early = await freshEarlyDb();
      let settled = false;
      void early.storedTillSettled().then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(settled).toBe(true);
    } finally {
      globalThis.indexedDB = saved;
    }
  });
});
