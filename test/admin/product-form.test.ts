import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/admin/admin-types.js';
import {
  formatTaxRate,
  matchProducts,
  productFieldOf,
  productFormValues,
  productFromForm,
  type ProductFormValues,
} from '../../src/admin/product-form.js';

const form = (values: Partial<ProductFormValues> = {}): ProductFormValues => ({
  name: 'Croissant',
  category: 'Viennoiserie',
  price: '1.20',
  taxRate: '5.5',
  barcode: '',
  ...values,
});

function refusals(result: ReturnType<typeof productFromForm>): Record<string, string> {
  if (!('errors' in result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.product)}`);
  return Object.fromEntries(Object.entries(result.errors).map(([field, words]) => [field, words?.() ?? '']));
}

const product = (values: Partial<Product> = {}): Product => ({
  id: 1,
  name: 'Croissant',
  category: 'Viennoiserie',
  price: 120,
  taxRate: 550,
  barcode: null,
  ...values,
});

describe('the product form', () => {
  it('sends the price in minor units and the tax in basis points, the name and category trimmed', () => {
    expect(productFromForm(form({ name: '  Croissant ', barcode: '4006381333931' }), 'EUR')).toEqual({
      product: {
        name: 'Croissant',
        category: 'Viennoiserie',
        price: 120,
        taxRate: 550,
        barcode: '4006381333931',
      },
    });
    expect(productFromForm(form({ price: '450', taxRate: '10' }), 'JPY')).toEqual({
      product: { name: 'Croissant', category: 'Viennoiserie', price: 450, taxRate: 1000, barcode: null },
    });
  });

  it('refuses 2.505 € at the price instead of rounding it, and names every bad field at once', () => {
    const found = refusals(
      productFromForm(
        form({ name: ' ', category: '', price: '2.505', taxRate: '101', barcode: '12345' }),
        'EUR',
      ),
    );
    expect(Object.keys(found).sort()).toEqual(['barcode', 'category', 'name', 'price', 'taxRate']);
    expect(found.price).toBe(
      'Price: an amount from 0 to €10,000,000.00 with at most 2 decimals, such as 2.50',
    );
    expect(found.taxRate).toBe('Tax: a rate in percent from 0 to 100 with at most 2 decimals, such as 5.5');
  });

  it('refuses decimals in a currency that has none, a negative price, a price over the limit', () => {
    expect(refusals(productFromForm(form({ price: '4.5' }), 'JPY')).price).toBe(
      'Price: a whole amount from 0 to ¥1,000,000,000, without decimals',
    );
    expect(Object.keys(refusals(productFromForm(form({ price: '-1' }), 'EUR')))).toEqual(['price']);
    expect(Object.keys(refusals(productFromForm(form({ price: '10000000.01' }), 'EUR')))).toEqual(['price']);
    expect('product' in productFromForm(form({ price: '10000000' }), 'EUR')).toBe(true);
  });

  it('refuses a name over 120 characters and a tax with a third decimal', () => {
    expect(Object.keys(refusals(productFromForm(form({ name: 'x'.repeat(121) }), 'EUR')))).toEqual(['name']);
    expect(Object.keys(refusals(productFromForm(form({ taxRate: '5.555' }), 'EUR')))).toEqual(['taxRate']);
  });

  it('shows a product back as typed, so opening Edit and saving changes nothing', () => {
    const values = productFormValues(product({ barcode: '4006381333931' }), 'EUR', 'fr');
    expect(values).toEqual({
      name: 'Croissant',
      category: 'Viennoiserie',
      price: '1,20',
      taxRate: '5,5',
      barcode: '4006381333931',
    });
    expect(productFromForm(values, 'EUR')).toEqual({
      product: {
        name: 'Croissant',
        category: 'Viennoiserie',
        price: 120,
        taxRate: 550,
        barcode: '4006381333931',
      },
    });
  });

  it('maps the server’s field path to its field, and nothing else', () => {
    expect(productFieldOf('taxRate')).toBe('taxRate');
    expect(productFieldOf('barcode.0')).toBe('barcode');
    expect(productFieldOf('archived')).toBeNull();
    expect(productFieldOf(undefined)).toBeNull();
  });

  it('prints a tax rate in percent in the page’s language', () => {
    expect(formatTaxRate(550, 'en')).toBe('5.5%');
    expect(formatTaxRate(2000, 'fr')).toMatch(/^20\s%$/);
  });
});

describe('the product search', () => {
  const list = [
    product({ id: 1, name: 'Croissant', category: 'Viennoiserie' }),
    product({ id: 2, name: 'Baguette', category: 'Pain', barcode: '4006381333931' }),
  ];
  it('finds by name or category in any case, by barcode digits, and shows all for an empty search', () => {
    expect(matchProducts(list, 'CROIS').map((p) => p.id)).toEqual([1]);
    expect(matchProducts(list, 'pain').map((p) => p.id)).toEqual([2]);
    expect(matchProducts(list, '33393').map((p) => p.id)).toEqual([2]);
    expect(matchProducts(list, '  ').map((p) => p.id)).toEqual([1, 2]);
    expect(matchProducts(list, 'zzz')).toEqual([]);
  });
});
