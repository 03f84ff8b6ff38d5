import { describe, expect, it } from 'vitest';
import { handlePageMessage, type PageMessageDeps } from '../../sw/handle-page-message.js';
import { listCatalog, readCatalog, storeCatalog } from '../../src/store/catalog-repo.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json } from '../sync/fake-api.js';
import { makeSyncDeps } from '../sync/sync-fixtures.js';

const BAGUETTE = { id: 1, name: 'Baguette', price: 120, taxRate: 550, category: 'Bakery', barcode: null };
const CROISSANT = { id: 2, name: 'Croissant', price: 140, taxRate: 550, category: 'Bakery', barcode: null };

/** A worker of a tablet of config 1 holding catalog version 3, whose server is at `version`. */
async function worker(version: number) {
  const db = await openTestDb();
  const clock = testClock();
  await setMeta(db, 'configId', 1);
  await seedSession(db, { now: clock.at, nextCheckAt: clock.at });
  await storeCatalog(db, [BAGUETTE], { configId: 1, version: 3 });
  const api = fakeFetch((r) =>
    r.url.pathname === '/api/configs/1/products'
      ? json([BAGUETTE, CROISSANT])
      : json(makeSession({ catalogVersion: version })),
  );
  const sync = makeSyncDeps(db, api.fetch, clock, { checkTimeoutMs: 2_000, catalogTimeoutMs: 2_000 });
  const deps: PageMessageDeps = { syncDeps: async () => sync, skipWaiting: async () => undefined };
  const paths = () => api.requests.map((r) => `${r.method} ${r.url.pathname}`);
  return { db, sync, deps, paths };
}

describe('the worker keeps the catalog current', () => {
  it('a heartbeat whose check names a newer catalog version fetches it, stores it and tells every page', async () => {
    const w = await worker(4);
    await handlePageMessage({ type: 'heartbeat' }, w.deps);
    expect(w.paths()).toEqual(['GET /api/sessions/42', 'GET /api/configs/1/products']);
    expect(await readCatalog(w.db)).toEqual({ products: [BAGUETTE, CROISSANT], version: 4 });
    expect(w.sync.messages).toContainEqual({ type: 'catalog-changed', version: 4 });
  });

  it('a pushed session naming a newer version fetches it without waiting for the schedule', async () => {
    const w = await worker(3);
    await handlePageMessage({ type: 'session-pushed', session: makeSession({ catalogVersion: 5 }) }, w.deps);
    expect(w.paths()).toEqual(['GET /api/configs/1/products']);
    expect((await readCatalog(w.db)).version).toBe(5);
  });

  it('a check naming the version the tablet holds fetches nothing', async () => {
    const w = await worker(3);
    await handlePageMessage({ type: 'check-now' }, w.deps);
    expect(w.paths()).toEqual(['GET /api/sessions/42']);
    expect(await listCatalog(w.db)).toEqual([BAGUETTE]);
  });
});
