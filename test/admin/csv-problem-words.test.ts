import { describe, expect, it } from 'vitest';
import { csvProblemWords } from '../../src/admin/csv-problem-words.js';
import { productFieldRule } from '../../src/admin/product-form.js';
import { CSV_PROBLEM_REASONS } from '../../src/domain/pos-error.js';

describe("a refused CSV row's problem in the manager's words", () => {
  it('says each reason in a sentence of its own (a reason no sentence covers, or two reasons sharing one, fail)', () => {
    const sentences = CSV_PROBLEM_REASONS.map((reason) =>
      csvProblemWords({ reason, column: 'name', otherLine: 7 }, 'EUR', 'en'),
    );
    for (const words of sentences) expect(words.length).toBeGreaterThan(10);
    expect(new Set(sentences).size).toBe(CSV_PROBLEM_REASONS.length);
  });

  it("says a value its column refuses with the product form's rule for that field, the price's decimals by currency", () => {
    expect(csvProblemWords({ reason: 'price', column: 'price' }, 'EUR')).toBe(
      productFieldRule('price', 'EUR'),
    );
    expect(csvProblemWords({ reason: 'price', column: 'price' }, 'JPY')).toMatch(/whole amount/);
    expect(csvProblemWords({ reason: 'tax_rate', column: 'tax_rate' }, 'EUR')).toBe(
      productFieldRule('taxRate', 'EUR'),
    );
    expect(csvProblemWords({ reason: 'barcode', column: 'barcode' }, 'EUR')).toMatch(/check digit/);
  });

  it('names the earlier row a duplicate or a second change of one product is about, and which column repeats', () => {
    expect(
      csvProblemWords({ reason: 'duplicate_in_file', column: 'barcode', otherLine: 1234 }, 'EUR', 'en'),
    ).toBe('This barcode is also on line 1,234.');
    expect(
      csvProblemWords({ reason: 'duplicate_in_file', column: 'name', otherLine: 3 }, 'EUR', 'en'),
    ).toMatch(/^This name is also on line 3 /);
    expect(csvProblemWords({ reason: 'same_product_twice', column: 'name', otherLine: 4 }, 'EUR', 'en')).toBe(
      'Line 4 is already this product.',
    );
  });
});
