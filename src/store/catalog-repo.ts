import type { Id } from '../domain/ids.js';
import { sameId } from '../domain/same-id.js';
import type { Product } from '../domain/product.js';
import { CATALOG_KEY, CATALOG_STORE, META_STORE, type MetaValues, type PosDb } from './db.js';
import { inKeyOrder } from './in-key-order.js';

/** Which catalog a list of products is: the config's catalog version it was read at. */
export interface CatalogStamp {
  configId: Id;
  /** The server's `catalogVersion` (a positive integer) the products are at least as new as. */
  version: number;
}

/**
 * Replaces the whole stored catalog with `products`, without a version, in one transaction. A
 * catalog stored with a version is left as it is: an answer read without one (the start-up
 * refresh) cannot say it is newer. Resolves true when it was written.
 */
export async function replaceCatalog(db: PosDb, products: readonly Product[]): Promise<boolean> {
  const tx = db.transaction([CATALOG_STORE, META_STORE], 'readwrite');
  const [stamp, configId] = await Promise.all([
    tx.objectStore(META_STORE).get('catalogVersion'),
    tx.objectStore(META_STORE).get('configId'),
  ]);
  const written = versionFor(stamp, configId) === undefined;
  if (written) writeProducts(tx.objectStore(CATALOG_STORE), products);
  await tx.done;
  return written;
}

/**
 * Stores `products` as the catalog of `stamp` in one transaction over the products and their
 * version, unless the catalog stored for that config is already of this version or a newer one
 * (an older answer never overwrites a newer catalog). Resolves true when it was written; rejects
 * when IndexedDB fails (the stored catalog is then unchanged).
 */
export async function storeCatalog(
  db: PosDb,
  products: readonly Product[],
  stamp: CatalogStamp,
): Promise<boolean> {
  const tx = db.transaction([CATALOG_STORE, META_STORE], 'readwrite');
  const meta = tx.objectStore(META_STORE);
  const stored = versionFor(await meta.get('catalogVersion'), stamp.configId);
  const written = stored === undefined || stamp.version > stored;
  if (written) {
    writeProducts(tx.objectStore(CATALOG_STORE), products);
    const value: MetaValues['catalogVersion'] = { configId: stamp.configId, version: stamp.version };
    meta.put(value, 'catalogVersion').catch(() => undefined);
  }
  await tx.done;
  return written;
}

/**
 * The version of the stored catalog, undefined when it has none: stored without one, or of
 * another config than the one the tablet is paired with now.
 */
export async function getCatalogVersion(db: PosDb): Promise<number | undefined> {
  const tx = db.transaction(META_STORE);
  const [stamp, configId] = await Promise.all([tx.store.get('catalogVersion'), tx.store.get('configId')]);
  await tx.done;
  return versionFor(stamp, configId);
}

/** The stored catalog, in the order of the products' ids (inKeyOrder); empty when none is stored. */
export async function listCatalog(db: PosDb): Promise<Product[]> {
  return (await db.get(CATALOG_STORE, CATALOG_KEY)) ?? [];
}

/** The stored catalog and its version (undefined when it has none), read in one transaction. */
export async function readCatalog(db: PosDb): Promise<{ products: Product[]; version: number | undefined }> {
  const tx = db.transaction([CATALOG_STORE, META_STORE]);
  const meta = tx.objectStore(META_STORE);
  const [products, stamp, configId] = await Promise.all([
    tx.objectStore(CATALOG_STORE).get(CATALOG_KEY),
    meta.get('catalogVersion'),
    meta.get('configId'),
  ]);
  await tx.done;
  // Not validated again: the products were checked when stored (readCatalogAnswer), and the
  // store is ours.
  return { products: products ?? [], version: versionFor(stamp, configId) };
}

function versionFor(stamp: unknown, configId: unknown): number | undefined {
  if (typeof stamp !== 'object' || stamp === null) return undefined;
  const { configId: of, version } = stamp as Partial<CatalogStamp>;
  if (of === undefined || configId === undefined || !sameId(of, configId as Id)) return undefined;
  return typeof version === 'number' ? version : undefined;
}

/** The part of the catalog object store a write uses. */
interface CatalogStoreHandle {
  put(value: Product[], key: typeof CATALOG_KEY): Promise<unknown>;
}

function writeProducts(store: CatalogStoreHandle, products: readonly Product[]): void {
  // A failure surfaces through `tx.done`; the catch keeps the request's rejection from going unhandled.
  store.put(inKeyOrder(products), CATALOG_KEY).catch(() => undefined);
}
