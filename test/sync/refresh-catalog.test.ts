import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import {
  getCatalogVersion,
  listCatalog,
  replaceCatalog,
  storeCatalog,
} from '../../src/store/catalog-repo.js';
import { storePairing } from '../../src/store/device-repo.js';
import type { PosDb } from '../../src/store/db.js';
import { applyPushedSession } from '../../src/sync/apply-pushed-session.js';
import { createAuthorizedFetch } from '../../src/sync/authorized-fetch.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { refreshCatalogIfNewer } from '../../src/sync/refresh-catalog.js';
import { makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, hangs, json, networkDown, type Handler, type SeenRequest } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';
import { waitFor } from '../kit/wait-for.js';

const BAGUETTE: Product = {
  id: 1,
  name: 'Baguette',
  price: 120,
  taxRate: 550,
  category: 'Bakery',
  barcode: null,
};
const CROISSANT: Product = {
  id: 2,
  name: 'Croissant',
  price: 140,
  taxRate: 550,
  category: 'Bakery',
  barcode: null,
};
const DEVICE_TOKEN = 'pos_dev_catalog';

/** The server side of a paired till: its session (with `catalogVersion`) and its products. */
function catalogServer(state: { version?: number; products: Product[]; products404?: boolean }) {
  let productsHandler: Handler = () => json(state.products);
  const server = fakeFetch((request) => {
    if (request.url.pathname === '/api/sessions/42')
      return json(makeSession(state.version === undefined ? {} : { catalogVersion: state.version }));
    if (request.url.pathname === '/api/configs/1/products') return productsHandler(request);
    return json({ error: { code: 'not_found', message: request.url.pathname } }, 404);
  });
  return {
    ...server,
    state,
    /** Answers the catalog fetches with `handler` from now on. */
    productsBy(handler: Handler) {
      productsHandler = handler;
    },
    catalogFetches: (): SeenRequest[] =>
      server.requests.filter((r) => r.url.pathname === '/api/configs/1/products'),
  };
}

/** A paired tablet of config 1 (token, session 42 due now) holding `stored` at `version`. */
async function setup(
  server: ReturnType<typeof catalogServer>,
  stored: { products: Product[]; version?: number } = { products: [BAGUETTE] },
) {
  const db = await openTestDb();
  const clock = testClock();
  await storePairing(db, { token: DEVICE_TOKEN, deviceId: 'd', deviceNumber: 3, configId: 1 });
  await seedSession(db, { now: clock.at, nextCheckAt: clock.at });
  if (stored.version === undefined) await replaceCatalog(db, stored.products);
  else await storeCatalog(db, stored.products, { configId: 1, version: stored.version });
  // The fetch the worker uses: the device token on every API request.
  const fetch = createAuthorizedFetch({
    fetch: server.fetch,
    db: () => db,
    origin: 'http://till.test',
    now: clock.now,
  });
  // Timeouts long enough for a loaded machine; the test of a hung server shortens its own.
  return {
    db,
    clock,
    deps: makeSyncDeps(db, fetch, clock, { checkTimeoutMs: 2_000, catalogTimeoutMs: 2_000 }),
  };
}

async function names(db: PosDb): Promise<string[]> {
  return (await listCatalog(db)).map((p) => p.name);
}

describe('the catalog follows the session check', () => {
  it('a check naming a newer version fetches the catalog with the device token, stores it with that version and tells the pages', async () => {
    const server = catalogServer({ version: 4, products: [BAGUETTE, CROISSANT] });
    const { db, deps } = await setup(server, { products: [BAGUETTE], version: 3 });
    await checkIfDue(deps);
    expect(server.catalogFetches()).toHaveLength(1);
    expect(await names(db)).toEqual(['Baguette', 'Croissant']);
    expect(await getCatalogVersion(db)).toBe(4);
    expect(deps.messages).toContainEqual({ type: 'catalog-changed', version: 4 });
  });

  it('the catalog request carries the device token (a device route: the server refuses it without)', async () => {
    const seen: (string | null)[] = [];
    const server = catalogServer({ version: 2, products: [CROISSANT] });
    const db = await openTestDb();
    const clock = testClock();
    await storePairing(db, { token: DEVICE_TOKEN, deviceId: 'd', deviceNumber: 3, configId: 1 });
    await seedSession(db, { now: clock.at, nextCheckAt: clock.at });
    const fetch = createAuthorizedFetch({
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        return server.fetch(input, init);
      },
      db: () => db,
      origin: 'http://till.test',
      now: clock.now,
    });
    await checkIfDue(makeSyncDeps(db, fetch, clock, { checkTimeoutMs: 2_000, catalogTimeoutMs: 2_000 }));
    expect(server.catalogFetches()).toHaveLength(1);
    expect(seen).toEqual([`Bearer ${DEVICE_TOKEN}`, `Bearer ${DEVICE_TOKEN}`]);
  });

  it('an older server without catalogVersion: no catalog request, the stored catalog stays as it is', async () => {
    const server = catalogServer({ products: [CROISSANT] });
    const { db, deps } = await setup(server);
    await checkIfDue(deps);
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/api/sessions/42']);
    expect(await names(db)).toEqual(['Baguette']);
    expect(deps.messages.filter((m) => m.type === 'catalog-changed')).toEqual([]);
  });

  it('a catalog stored without a version (an older build, the first start) is fetched at the first check that names one', async () => {
    const server = catalogServer({ version: 1, products: [CROISSANT] });
    const { db, deps } = await setup(server, { products: [BAGUETTE] });
    await checkIfDue(deps);
    expect(await names(db)).toEqual(['Croissant']);
    expect(await getCatalogVersion(db)).toBe(1);
  });

  it('the same version again makes no catalog request', async () => {
    const server = catalogServer({ version: 3, products: [CROISSANT] });
    const { db, clock, deps } = await setup(server, { products: [BAGUETTE], version: 3 });
    await checkIfDue(deps);
    clock.advance(60_000);
    await checkIfDue(deps);
    expect(server.catalogFetches()).toHaveLength(0);
    expect(await names(db)).toEqual(['Baguette']);
  });

  it('an older answer never overwrites a newer catalog (a version below the stored one is ignored)', async () => {
    const server = catalogServer({ version: 2, products: [CROISSANT] });
    const { db, deps } = await setup(server, { products: [BAGUETTE], version: 5 });
    await checkIfDue(deps);
    expect(server.catalogFetches()).toHaveLength(0);
    expect(await names(db)).toEqual(['Baguette']);
    expect(await getCatalogVersion(db)).toBe(5);
  });

  it('an older answer never overwrites a newer catalog stored while it was on its way', async () => {
    const server = catalogServer({ version: 6, products: [CROISSANT] });
    const { db, deps } = await setup(server, { products: [BAGUETTE], version: 5 });
    let answer: () => void = () => undefined;
    server.productsBy(() => new Promise((resolve) => (answer = () => resolve(json([CROISSANT])))));
    const refresh = refreshCatalogIfNewer(deps, 6);
    await waitFor('the catalog request', () => server.catalogFetches().length === 1, 2_000, 1);
    await storeCatalog(db, [BAGUETTE], { configId: 1, version: 7 }); // another runner got 7 meanwhile
    answer();
    expect(await refresh).toBe('stale');
    expect(await names(db)).toEqual(['Baguette']);
    expect(await getCatalogVersion(db)).toBe(7);
    expect(deps.messages.filter((m) => m.type === 'catalog-changed')).toEqual([]);
  });

  it.each([
    ['the network is down', networkDown],
    ['the server answers 500', () => json({ error: { code: 'server_error', message: 'boom' } }, 500)],
    ['the answer is not a catalog', () => json({ products: 'no' })],
    ['the server does not answer in time', hangs],
  ] satisfies [string, Handler][])(
    'the stored catalog is never lost on a failed fetch (%s), and the next check tries again',
    async (_, failure) => {
      const server = catalogServer({ version: 4, products: [CROISSANT] });
      const { db, clock, deps: slow } = await setup(server, { products: [BAGUETTE], version: 3 });
      const deps = { ...slow, catalogTimeoutMs: 50 };
      server.productsBy(failure);
      await checkIfDue(deps);
      expect(await names(db)).toEqual(['Baguette']);
      expect(await getCatalogVersion(db)).toBe(3);
      expect(deps.messages.filter((m) => m.type === 'catalog-changed')).toEqual([]);
      server.productsBy(() => json([CROISSANT]));
      clock.advance(60_000);
      await checkIfDue(deps);
      expect(server.catalogFetches()).toHaveLength(2);
      expect(await names(db)).toEqual(['Croissant']);
      expect(await getCatalogVersion(db)).toBe(4);
    },
  );

  it('two fetches never run at once: a second caller while one is in flight makes no request', async () => {
    const server = catalogServer({ version: 4, products: [CROISSANT] });
    const { db, deps } = await setup(server, { products: [BAGUETTE], version: 3 });
    let answer: () => void = () => undefined;
    server.productsBy(() => new Promise((resolve) => (answer = () => resolve(json([CROISSANT])))));
    const first = refreshCatalogIfNewer(deps, 4);
    await waitFor('the catalog request', () => server.catalogFetches().length === 1, 2_000, 1);
    expect(await refreshCatalogIfNewer(deps, 4)).toBe('busy');
    expect(await applyPushedSession(deps, makeSession({ catalogVersion: 4 }))).toBeDefined();
    answer();
    expect(await first).toBe('stored');
    expect(server.catalogFetches()).toHaveLength(1);
    expect(await names(db)).toEqual(['Croissant']);
  });

  it('archived products and entries the till cannot read stay off the stored catalog', async () => {
    const server = catalogServer({
      version: 2,
      products: [BAGUETTE, { ...CROISSANT, archived: true }, { id: 3, name: '' } as unknown as Product],
    });
    const { db, deps } = await setup(server, { products: [], version: 1 });
    expect(await refreshCatalogIfNewer(deps, 2)).toBe('stored');
    expect(await names(db)).toEqual(['Baguette']);
  });

  it('a catalog of the config the tablet was paired with before counts as none: the next check fetches its own', async () => {
    const server = catalogServer({ version: 1, products: [CROISSANT] });
    const { db, deps } = await setup(server);
    await storeCatalog(db, [BAGUETTE], { configId: 9, version: 8 });
    expect(await getCatalogVersion(db)).toBeUndefined();
    await checkIfDue(deps);
    expect(await names(db)).toEqual(['Croissant']);
    expect(await getCatalogVersion(db)).toBe(1);
  });
});

describe('the catalog follows the push stream', () => {
  it('a pushed session with a newer catalogVersion fetches the catalog at once; the same push again does nothing', async () => {
    const server = catalogServer({ version: 3, products: [CROISSANT] });
    const { db, deps } = await setup(server, { products: [BAGUETTE], version: 3 });
    const pushed = makeSession({ catalogVersion: 4 });
    await applyPushedSession(deps, pushed);
    expect(await names(db)).toEqual(['Croissant']);
    expect(await getCatalogVersion(db)).toBe(4);
    await applyPushedSession(deps, pushed);
    expect(server.catalogFetches()).toHaveLength(1);
    expect(server.requests.filter((r) => r.url.pathname === '/api/sessions/42')).toHaveLength(0);
  });

  it('a push of another session never fetches the catalog', async () => {
    const server = catalogServer({ version: 3, products: [CROISSANT] });
    const { db, deps } = await setup(server, { products: [BAGUETTE], version: 3 });
    await applyPushedSession(deps, makeSession({ id: 7, catalogVersion: 9 }));
    expect(server.catalogFetches()).toHaveLength(0);
    expect(await names(db)).toEqual(['Baguette']);
  });
});
