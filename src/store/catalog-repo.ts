import type { Product } from '../domain/product.js';
import { CATALOG_STORE, type PosDb } from './db.js';

/** Replaces the whole stored catalog with `products` in one transaction. */
export async function replaceCatalog(db: PosDb, products: readonly Product[]): Promise<void> {
  const tx = db.transaction(CATALOG_STORE, 'readwrite');
  void tx.store.clear();
  for (const p of products) void tx.store.put(p);
  await tx.done;
}

/** The stored catalog, in key order. */
export async function listCatalog(db: PosDb): Promise<Product[]> {
  return db.getAll(CATALOG_STORE);
}
