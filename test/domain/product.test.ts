import { describe, expect, it } from 'vitest';
import { isValidBarcode, isValidEan13, ProductFieldsSchema } from '../../src/domain/product.js';

describe('isValidEan13', () => {
  it('accepts codes with a right GS1 check digit', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('5901234123457')).toBe(true);
    expect(isValidEan13('0000000000000')).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length, non-digits', () => {
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidEan13('40063813339310')).toBe(false);
    expect(isValidEan13('40063813339a1')).toBe(false);
  });
});

describe('isValidBarcode', () => {
  it('accepts EAN-13, EAN-8 and UPC-A codes with a right check digit', () => {
    expect(isValidBarcode('4006381333931')).toBe(true);
    expect(isValidBarcode('96385074')).toBe(true); // EAN-8
    expect(isValidBarcode('73513537')).toBe(true); // EAN-8
    expect(isValidBarcode('036000291452')).toBe(true); // UPC-A
    expect(isValidBarcode('012345678905')).toBe(true); // UPC-A
  });

  it('a mistyped digit of any of the three lengths is refused, not stored as another product', () => {
    expect(isValidBarcode('96385075')).toBe(false);
    expect(isValidBarcode('036000291453')).toBe(false);
    expect(isValidBarcode('4006381333932')).toBe(false);
  });

  it('refuses lengths a till cannot scan and anything but digits', () => {
    for (const code of ['', '1234567', '123456789', '12345678901', '12345678901234', '9638507a', ' 96385074'])
      expect(isValidBarcode(code)).toBe(false);
  });
});

describe('ProductFieldsSchema', () => {
  const good = { name: '  Croissant ', price: 120, taxRate: 550, category: 'Bakery' };

  it('trims the name and category and takes a product without a barcode', () => {
    expect(ProductFieldsSchema.parse(good)).toEqual({ ...good, name: 'Croissant', category: 'Bakery' });
  });

  it('refuses what a shop would regret storing: empty name, negative or fractional price, tax over 100 %, bad barcode', () => {
    for (const bad of [
      { ...good, name: '   ' },
      { ...good, name: 'x'.repeat(121) },
      { ...good, price: -1 },
      { ...good, price: 1.5 },
      { ...good, price: 1_000_000_001 },
      { ...good, taxRate: 10_001 },
      { ...good, category: '' },
      { ...good, category: 'c'.repeat(61) },
      { ...good, barcode: '4006381333932' },
      { ...good, name: 'two\nlines' },
      { ...good, extra: 1 },
    ])
      expect(ProductFieldsSchema.safeParse(bad).success).toBe(false);
  });
});
