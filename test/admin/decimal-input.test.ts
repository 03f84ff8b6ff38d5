import { describe, expect, it } from 'vitest';
import { readScaledDecimal, scaledToText } from '../../src/admin/decimal-input.js';

describe('a decimal typed by a manager', () => {
  it('reads a point or a comma as the decimal mark, exactly, into whole units', () => {
    expect(readScaledDecimal('2.50', 2)).toBe(250);
    expect(readScaledDecimal(' 2,5 ', 2)).toBe(250);
    expect(readScaledDecimal('3', 2)).toBe(300);
    expect(readScaledDecimal('3.', 2)).toBe(300);
    expect(readScaledDecimal('0.07', 2)).toBe(7);
    expect(readScaledDecimal('450', 0)).toBe(450);
    expect(readScaledDecimal('1.234', 3)).toBe(1234);
    // 0.1 + 0.2 style float errors cannot happen: string arithmetic.
    expect(readScaledDecimal('1.15', 2)).toBe(115);
  });

  it('refuses a digit past the currency’s decimals instead of rounding it away (2.505 €)', () => {
    expect(readScaledDecimal('2.505', 2)).toBeNull();
    expect(readScaledDecimal('4.5', 0)).toBeNull();
    expect(readScaledDecimal('5.555', 2)).toBeNull();
  });

  it('refuses what is not a plain non-negative decimal, never reading it in part', () => {
    for (const typed of ['', ' ', '.', ',5x', '-1', '−1', '1e3', '1,234.50', '1 000', '2.50 €', 'abc', '+2'])
      expect(readScaledDecimal(typed, 2), typed).toBeNull();
    expect(readScaledDecimal('9'.repeat(20), 2)).toBeNull();
  });

  it('shows a stored amount back with the locale’s decimal mark, so editing and saving changes nothing', () => {
    expect(scaledToText(250, 2, '.')).toBe('2.50');
    expect(scaledToText(7, 2, ',')).toBe('0,07');
    expect(scaledToText(450, 0, '.')).toBe('450');
    expect(scaledToText(550, 2, '.', true)).toBe('5.5');
    expect(scaledToText(2000, 2, ',', true)).toBe('20');
    for (const minor of [0, 1, 99, 100, 12345, 1_000_000_000])
      expect(readScaledDecimal(scaledToText(minor, 2, ','), 2)).toBe(minor);
  });
});
