import type { Product } from '../domain/product.js';
import { CATALOG_STORE, type PosDb } from './db.js';

/** Replaces the whole stored catalog with `products` in one transaction. */
export async function replaceCatalog(db: PosDb, products: readonly Product[]): Promise<void> {
  const tx = db.transaction(CATALOG_STORE, 'readwrite');
  // Failures surface through `tx.done`; the catches keep each request's rejection from going unhandled.
  tx.store.clear().catch(() => undefined);
  for (const p of products) tx.store.put(p).catch(() => undefined);
  await tx.done;
}

/** The stored catalog, in key order. */
export async function listCatalog(db: PosDb): Promise<Product[]> {
  return db.getAll(CATALOG_STORE);
}
