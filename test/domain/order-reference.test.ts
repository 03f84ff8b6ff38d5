import { describe, expect, it } from 'vitest';
import { formatReference } from '../../src/domain/order-reference.js';

describe('formatReference', () => {
  it('pads session, device and sequence to 5, 3 and 4 digits', () => {
    expect(formatReference(42, 3, 17)).toBe('00042-003-0017');
    expect(formatReference('42', 1, 1)).toBe('00042-001-0001');
  });

  it('keeps every digit of wider numbers', () => {
    expect(formatReference(1234567, 1000, 123456)).toBe('1234567-1000-123456');
  });

  it('keeps only the digits of a non-numeric session id', () => {
    expect(formatReference('POS/0042', 3, 1)).toBe('00042-003-0001');
    expect(formatReference('abc', 3, 1)).toBe('00000-003-0001');
  });

  it('throws RangeError for a negative or fractional part', () => {
    expect(() => formatReference(1, -1, 1)).toThrow(RangeError);
    expect(() => formatReference(1, 1, 1.5)).toThrow(RangeError);
  });
});
