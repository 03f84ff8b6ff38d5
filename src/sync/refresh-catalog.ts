import { CATALOG_REFRESH_LOCK } from '../domain/api/names.js';
import { readCatalogAnswer } from '../domain/catalog.js';
import type { Id } from '../domain/ids.js';
import { getCatalogVersion, storeCatalog } from '../store/catalog-repo.js';
import { getMeta } from '../store/meta-repo.js';
import { fetchJson } from './fetch-json.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * How long a catalog fetch may take (ms): 5,000 products are about 1 MB of JSON, which a slow
 * shop network still moves in a few seconds; past this the next check tries again.
 */
export const CATALOG_TIMEOUT_MS = 20_000;

/**
 * What {@link refreshCatalogIfNewer} did: `unknown` (the answer carried no version: an older
 * server), `current` (the stored catalog is of that version or newer), `busy` (another fetch is
 * in flight on this device), `stored`, `stale` (a newer catalog was stored while this one was
 * fetched: left as is), or `failed` (the fetch or the write failed; the stored catalog is kept
 * and the next check tries again).
 */
export type CatalogRefresh = 'unknown' | 'current' | 'busy' | 'stored' | 'stale' | 'failed';

/**
 * Called with the `catalogVersion` of a session answer (check or push): when it is newer than the
 * stored catalog's (or the stored one has none), fetches `GET /api/configs/:configId/products`
 * with the device token (deps.fetch), stores the products with that version in one transaction
 * and broadcasts `catalog-changed`. One fetch at a time per device (lock
 * {@link CATALOG_REFRESH_LOCK}; a second caller skips, the next check asks again). Never
 * rejects: a failure is logged and leaves the stored catalog as it was.
 */
export async function refreshCatalogIfNewer(
  deps: SyncDeps,
  version: number | undefined,
): Promise<CatalogRefresh> {
  try {
    if (version === undefined) return 'unknown';
    if (!(await isNewer(deps, version))) return 'current';
    const result = await deps.withLock(CATALOG_REFRESH_LOCK, () => fetchAndStore(deps, version), {
      ifAvailable: true,
    });
    return result.acquired ? result.value : 'busy';
  } catch (error) {
    console.warn('pos-shell: the catalog could not be refreshed', error);
    return 'failed';
  }
}

async function isNewer(deps: SyncDeps, version: number): Promise<boolean> {
  const stored = await getCatalogVersion(deps.db);
  return stored === undefined || version > stored;
}

/** Decides again under the lock (a fetch may have just stored it), then fetches and stores. */
async function fetchAndStore(deps: SyncDeps, version: number): Promise<CatalogRefresh> {
  if (!(await isNewer(deps, version))) return 'current';
  const configId = await getMeta(deps.db, 'configId');
  if (configId === undefined) return 'current';
  const products = await fetchCatalog(deps, configId);
  if (!products) return 'failed';
  if (!(await storeCatalog(deps.db, products, { configId, version }))) return 'stale';
  deps.broadcast({ type: 'catalog-changed', version });
  return 'stored';
}

/** The config's products as a till sells them, or null (logged) when the fetch failed. */
async function fetchCatalog(deps: SyncDeps, configId: Id) {
  const url = `${deps.origin ?? ''}/api/configs/${encodeURIComponent(String(configId))}/products`;
  const init: RequestInit = { method: 'GET', headers: { accept: 'application/json' }, cache: 'no-store' };
  const outcome = await fetchJson(deps.fetch, url, init, deps.catalogTimeoutMs ?? CATALOG_TIMEOUT_MS);
  if (outcome.kind !== 'response') {
    console.warn(`pos-shell: the catalog fetch failed (${outcome.kind})`);
    return null;
  }
  const answer = outcome.status === 200 ? readCatalogAnswer(outcome.body) : null;
  if (!answer) {
    console.warn(`pos-shell: the catalog fetch was answered ${outcome.status} without a catalog`);
    return null;
  }
  if (answer.unreadable > 0)
    console.warn(`pos-shell: ${answer.unreadable} catalog entries could not be read and were left out`);
  return answer.products;
}
