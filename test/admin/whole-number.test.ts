import { describe, expect, it } from 'vitest';
import { readWholeNumber } from '../../src/admin/whole-number.js';

describe('readWholeNumber', () => {
  it('reads plain digits, and digits grouped by threes as the language writes them', () => {
    expect(readWholeNumber(' 60 ', 'en')).toBe(60);
    expect(readWholeNumber('007', 'en')).toBe(7);
    expect(readWholeNumber('1,234,567', 'en')).toBe(1_234_567);
    expect(readWholeNumber('1\u202f234\u00a0567', 'fr')).toBe(1_234_567);
  });

  it.each([
    '',
    'abc',
    '12a',
    '+5',
    '-5',
    '7.5',
    '7,5',
    '1e3',
    '0x10',
    '1,0000',
    ',100',
    '１２',
    '9007199254740993',
  ])('reads nothing from %j (never a part, never rounded)', (text) => {
    expect(readWholeNumber(text, 'en')).toBeNull();
  });

  it('does not take an English group separator in French', () => {
    expect(readWholeNumber('1,234', 'fr')).toBeNull();
    expect(readWholeNumber('1 234', 'en')).toBeNull();
  });
});
