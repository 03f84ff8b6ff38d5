import type { Product } from './product.js';

/** Lower case without accents, so "cafe" finds "Café". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/**
 * A catalog made ready for search as you type: each product's name folded once
 * ({@link foldForSearch}), and its categories in the order they first appear. Built once per
 * catalog, so a keystroke folds only the query and a render lists no categories again.
 */
export interface CatalogSearch {
  readonly products: readonly Product[];
  /** `foldedNames[i]` is `products[i].name` folded. */
  readonly foldedNames: readonly string[];
  readonly categories: readonly string[];
}

/** Builds the {@link CatalogSearch} of `products` (not changed). */
export function catalogSearch(products: readonly Product[]): CatalogSearch {
  return {
    products,
    foldedNames: products.map((p) => foldForSearch(p.name)),
    categories: [...new Set(products.map((p) => p.category))],
  };
}

/**
 * The products whose folded name contains the folded `query`, or, when the query is only digits,
 * whose barcode starts with it, in catalog order. Null when the query folds to nothing (blank):
 * no search, the grid shows a category instead.
 */
export function searchCatalog(search: CatalogSearch, query: string): Product[] | null {
  const q = foldForSearch(query.trim());
  if (!q) return null;
  const digits = /^\d+$/.test(q);
  const found: Product[] = [];
  search.products.forEach((p, i) => {
    if (search.foldedNames[i]?.includes(q) === true || (digits && p.barcode?.startsWith(q) === true))
      found.push(p);
  });
  return found;
}
