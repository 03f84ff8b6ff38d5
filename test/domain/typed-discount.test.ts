import { describe, expect, it } from 'vitest';
import { readTypedDiscount } from '../../src/domain/typed-discount.js';

describe('readTypedDiscount', () => {
  it('reads a whole percent exactly, with or without %, and a zero fraction', () => {
    for (const [text, percent] of [
      ['15', 15],
      [' 15 ', 15],
      ['15%', 15],
      ['15 %', 15],
      ['0', 0],
      ['100', 100],
      ['012', 12],
      ['20.0', 20],
      ['20,00', 20],
    ] as const) {
      expect(readTypedDiscount(text), text).toEqual({ ok: true, percent });
    }
  });

  it('refuses what it cannot take exactly, with the reason, instead of rounding or clamping', () => {
    for (const [text, problem] of [
      ['150', 'over_100'],
      ['99999999999', 'over_100'],
      ['100.5', 'over_100'],
      ['12.5', 'not_whole'],
      ['12,5', 'not_whole'],
      ['-10', 'negative'],
      ['−10', 'negative'],
      ['-0.5', 'negative'],
      ['abc', 'not_a_number'],
      ['1e2', 'not_a_number'],
      ['+5', 'not_a_number'],
      ['1 0', 'not_a_number'],
      ['', 'empty'],
      ['   ', 'empty'],
    ] as const) {
      expect(readTypedDiscount(text), text).toEqual({ ok: false, problem });
    }
  });
});
