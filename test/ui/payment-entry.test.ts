import { describe, expect, it } from 'vitest';
import { CHANGE_CHECK_MAJOR, cardEntry, cashEntry, noteButtons } from '../../src/ui/payment-entry.js';

const cola = { total: 219, paid: 0, currency: 'EUR' };

describe('cashEntry: typed cash is taken, asked about, or refused', () => {
  it('asks before taking cash whose change would exceed the largest common note (€200)', () => {
    expect(CHANGE_CHECK_MAJOR).toBe(200);
    expect(cashEntry('5000', cola)).toEqual({
      kind: 'ask',
      amount: 500_000,
      remaining: 219,
      change: 499_781,
    });
    expect(cashEntry('219', cola)).toEqual({ kind: 'ask', amount: 21_900, remaining: 219, change: 21_681 });
    // €202.19 gives exactly €200 of change: no question; one cent more asks.
    expect(cashEntry('202.19', cola)).toEqual({ kind: 'take', amount: 20_219 });
    expect(cashEntry('202.20', cola).kind).toBe('ask');
  });

  it('counts what was already paid: the question names what remained', () => {
    const halfPaid = { total: 5000, paid: 3000, currency: 'EUR' };
    expect(cashEntry('500', halfPaid)).toEqual({
      kind: 'ask',
      amount: 50_000,
      remaining: 2000,
      change: 48_000,
    });
    expect(cashEntry('50', halfPaid)).toEqual({ kind: 'take', amount: 5000 });
  });

  it('uses the currency’s major unit: ¥ has no decimals', () => {
    expect(cashEntry('250', { total: 40, paid: 0, currency: 'JPY' })).toEqual({
      kind: 'ask',
      amount: 250,
      remaining: 40,
      change: 210,
    });
    expect(cashEntry('240', { total: 40, paid: 0, currency: 'JPY' })).toEqual({ kind: 'take', amount: 240 });
  });

  it('refuses with a sentence for the field what it cannot take exactly, and zero', () => {
    expect(cashEntry('2.199', cola)).toEqual({
      kind: 'refused',
      message: 'Amounts in EUR have at most 2 decimals.',
    });
    expect(cashEntry('', cola)).toEqual({
      kind: 'refused',
      message: 'Type the cash amount tendered, for example 20 or 12.50.',
    });
    expect(cashEntry('0', cola)).toEqual({
      kind: 'refused',
      message: 'An amount of zero pays nothing: type the amount tendered.',
    });
    expect(cashEntry('1e3', cola).kind).toBe('refused');
  });
});

describe('cardEntry', () => {
  it('pays what remains when empty, exactly what is typed otherwise, never more than what remains', () => {
    expect(cardEntry('', { total: 1000, paid: 400, currency: 'EUR' })).toEqual({ kind: 'take', amount: 600 });
    expect(cardEntry('2,5', { total: 1000, paid: 400, currency: 'EUR' })).toEqual({
      kind: 'take',
      amount: 250,
    });
    expect(cardEntry('6.01', { total: 1000, paid: 400, currency: 'EUR' })).toEqual({
      kind: 'refused',
      message: 'The card amount cannot exceed the remaining €6.00.',
    });
    expect(cardEntry('1.005', cola)).toEqual({
      kind: 'refused',
      message: 'Amounts in EUR have at most 2 decimals.',
    });
    expect(cardEntry('0', cola).kind).toBe('refused');
  });
});

describe('noteButtons', () => {
  it('offers the three smallest common notes above what remains, none when nothing remains', () => {
    expect(noteButtons(219, 'EUR')).toEqual([500, 1000, 2000]);
    expect(noteButtons(15_000, 'EUR')).toEqual([20_000]);
    expect(noteButtons(0, 'EUR')).toEqual([]);
  });
});
