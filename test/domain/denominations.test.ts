import { describe, expect, it } from 'vitest';
import { countedTotal, denominationsOf } from '../../src/domain/denominations.js';

describe('denominationsOf', () => {
  it('lists the euro’s coins from 1 cent to 2 euros, then its notes from 5 to 500 euros', () => {
    const eur = denominationsOf('EUR');
    expect(eur.filter((d) => d.kind === 'coin').map((d) => d.value)).toEqual([1, 2, 5, 10, 20, 50, 100, 200]);
    expect(eur.filter((d) => d.kind === 'note').map((d) => d.value)).toEqual([
      500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
    ]);
  });

  it('counts yen in yen (no minor unit) and keeps both dollar coin and dollar note', () => {
    expect(denominationsOf('JPY').map((d) => d.value)).toEqual([
      1, 5, 10, 50, 100, 500, 1_000, 2_000, 5_000, 10_000,
    ]);
    expect(denominationsOf('USD').filter((d) => d.value === 100)).toEqual([
      { value: 100, kind: 'coin' },
      { value: 100, kind: 'note' },
    ]);
  });

  it('sorts every known currency smallest first and has no duplicate piece', () => {
    for (const currency of ['EUR', 'USD', 'GBP', 'CHF', 'JPY']) {
      const list = denominationsOf(currency);
      expect(list.length).toBeGreaterThan(5);
      const values = list.map((d) => d.value);
      expect([...values].sort((a, b) => a - b)).toEqual(values);
      expect(new Set(list.map((d) => `${d.kind}${d.value}`)).size).toBe(list.length);
    }
  });

  it('knows no pieces for another currency, nor for a name like an object’s key', () => {
    expect(denominationsOf('SEK')).toEqual([]);
    expect(denominationsOf('toString')).toEqual([]);
    expect(denominationsOf('eur')).toEqual([]);
  });
});

describe('countedTotal', () => {
  const eur = denominationsOf('EUR');

  it('sums quantity × value in minor units, a missing quantity counting 0', () => {
    // 3 × 2 cents + 4 × 2 euros + 1 × 50 euros.
    const quantities = eur.map((d) => (d.value === 2 ? 3 : d.value === 200 ? 4 : d.value === 5_000 ? 1 : 0));
    expect(countedTotal(eur, quantities)).toBe(6 + 800 + 5_000);
    expect(countedTotal(eur, [])).toBe(0);
    expect(countedTotal(eur, [7])).toBe(7);
  });

  it('refuses a negative or fractional quantity instead of counting it', () => {
    expect(() => countedTotal(eur, [-1])).toThrow(RangeError);
    expect(() => countedTotal(eur, [1.5])).toThrow(RangeError);
    expect(() => countedTotal(eur, [Number.NaN])).toThrow(RangeError);
  });

  it('refuses a total an integer cannot hold exactly', () => {
    const notes = eur.map((d) => (d.value === 50_000 ? Number.MAX_SAFE_INTEGER : 0));
    expect(() => countedTotal(eur, notes)).toThrow(RangeError);
  });
});
