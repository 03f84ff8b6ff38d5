import type { Product } from './product.js';

/** Lower case without accents, so "cafe" finds "Café". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/**
 * A catalog made ready for search as you type: each product's name folded once, on the first
 * search ({@link foldForSearch}; not before the first render, where 5,000 names cost ~10 ms), and
 * its categories in the order they first appear. Built once per catalog, so a keystroke folds
 * only the query and a render lists no categories again.
 */
export interface CatalogSearch {
  readonly products: readonly Product[];
  /** `foldedNames[i]` is `products[i].name` folded. */
  readonly foldedNames: readonly string[];
  readonly categories: readonly string[];
}

/** Builds the {@link CatalogSearch} of `products` (not changed). */
export function catalogSearch(products: readonly Product[]): CatalogSearch {
  let foldedNames: string[] | null = null;
  return {
    products,
    get foldedNames() {
      return (foldedNames ??= products.map((p) => foldForSearch(p.name)));
    },
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
  const { foldedNames } = search;
  search.products.forEach((p, i) => {
    if (foldedNames[i]?.includes(q) === true || (digits && p.barcode?.startsWith(q) === true)) found.push(p);
  });
  return found;
}
