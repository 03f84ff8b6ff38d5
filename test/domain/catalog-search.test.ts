import { describe, expect, it } from 'vitest';
import { catalogSearch, searchCatalog } from '../../src/domain/catalog-search.js';
import type { Product } from '../../src/domain/product.js';

const product = (id: number, name: string, category: string, barcode: string | null = null): Product => ({
  id,
  name,
  price: 100,
  taxRate: 550,
  category,
  barcode,
});

const CAFE = product(1, 'Café crème', 'Drinks', '4006381333931');
const CROISSANT = product(2, 'Croissant', 'Bakery');
const TEA = product(3, 'Thé vert', 'Drinks', '4006381333948');
const catalog = [CAFE, CROISSANT, TEA];

const names = (found: readonly Product[] | null) => found?.map((p) => p.name) ?? null;

describe('searching the catalog as the cashier types', () => {
  it('finds a name typed without its accents or capitals ("cafe" finds "Café crème")', () => {
    expect(names(searchCatalog(catalogSearch(catalog), 'CAFE'))).toEqual(['Café crème']);
    expect(names(searchCatalog(catalogSearch(catalog), 'the'))).toEqual(['Thé vert']);
  });

  it('finds a product by the start of its barcode only when only digits are typed, never by digits inside it', () => {
    const search = catalogSearch(catalog);
    expect(names(searchCatalog(search, '400638133393'))).toEqual(['Café crème']);
    expect(names(searchCatalog(search, '4006381333'))).toEqual(['Café crème', 'Thé vert']);
    expect(names(searchCatalog(search, '333931'))).toEqual([]);
  });

  it('keeps the catalog order, not the order of the match', () => {
    expect(names(searchCatalog(catalogSearch(catalog), 'r'))).toEqual([
      'Café crème',
      'Croissant',
      'Thé vert',
    ]);
  });

  it('a blank query is no search (the grid shows a category), not a search that finds nothing', () => {
    expect(searchCatalog(catalogSearch(catalog), '   ')).toBeNull();
  });

  it('lists each category once, in the order it first appears, so the tabs do not repeat or jump', () => {
    expect(catalogSearch(catalog).categories).toEqual(['Drinks', 'Bakery']);
  });

  it('a search built for one catalog never answers with products of another (a newer catalog is searched afresh)', () => {
    const newer = [product(2, 'Croissant au beurre', 'Bakery')];
    expect(names(searchCatalog(catalogSearch(newer), 'beurre'))).toEqual(['Croissant au beurre']);
    expect(names(searchCatalog(catalogSearch(catalog), 'beurre'))).toEqual([]);
  });
});
