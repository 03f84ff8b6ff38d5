import { describe, expect, it } from 'vitest';
import { isValidEan13 } from '../../src/domain/product.js';

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
