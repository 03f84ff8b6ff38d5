import { describe, expect, it } from 'vitest';
import { pickLocale } from '../../src/app/locale.js';
import { formatMoney, formatRate, parseMoney } from '../../src/ui/money.js';

describe('pickLocale', () => {
  it('keeps the cashier’s stored choice over the browser', () => {
    expect(pickLocale('fr', ['en-US'])).toBe('fr');
    expect(pickLocale('en', ['fr-FR'])).toBe('en');
  });

  it('follows the first browser language the till speaks, by primary subtag', () => {
    expect(pickLocale(null, ['fr-BE', 'en'])).toBe('fr');
    expect(pickLocale(null, ['de-DE', 'FR'])).toBe('fr');
    expect(pickLocale(null, ['en-GB', 'fr'])).toBe('en');
  });

  it('speaks English when nothing fits, or the stored value is not a locale', () => {
    expect(pickLocale(null, ['de-DE', 'es'])).toBe('en');
    expect(pickLocale('klingon', [])).toBe('en');
  });
});

describe('money and rates in the till’s locale (English by default)', () => {
  it('formats minor units in the config currency', () => {
    expect(formatMoney(450, 'EUR')).toBe('€4.50');
    expect(formatMoney(450, 'JPY')).toBe('¥450');
  });

  it('formats tax rates given in basis points', () => {
    expect(formatRate(550)).toBe('5.5%');
    expect(formatRate(2000)).toBe('20%');
  });

  it('reads amounts typed with a comma or a point', () => {
    expect(parseMoney('12,5', 'EUR')).toBe(1250);
    expect(parseMoney('12.50', 'EUR')).toBe(1250);
    expect(parseMoney('1.234', 'EUR')).toBeNull();
  });
});
