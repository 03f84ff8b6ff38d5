import { ProductSchema, type Product } from './product.js';

/** What a catalog answer gave: the products a till sells, and how many entries it could not read. */
export interface CatalogAnswer {
  products: Product[];
  /** Entries left out as not a product this build can read (archived ones are left out silently). */
  unreadable: number;
}

/**
 * Reads the body of `GET /api/configs/:id/products` for a till: the products that pass
 * ProductSchema and are not archived (an archived product leaves the grid), in the server's order;
 * the others are counted, so the caller can say so. Null when the body is not a list
 * (not a catalog at all).
 */
export function readCatalogAnswer(body: unknown): CatalogAnswer | null {
  if (!Array.isArray(body)) return null;
  const products: Product[] = [];
  let unreadable = 0;
  for (const item of body) {
    const parsed = ProductSchema.safeParse(item);
    if (!parsed.success) unreadable += 1;
    else if (parsed.data.archived !== true) products.push(parsed.data);
  }
  return { products, unreadable };
}
