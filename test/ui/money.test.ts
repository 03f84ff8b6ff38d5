import { describe, expect, it } from 'vitest';
import { parseMoney, readMoney } from '../../src/ui/money.js';
import { moneyMessage } from '../../src/ui/input-messages.js';

describe('readMoney: a typed amount, exactly or not at all', () => {
  it('reads digits with a point or a comma, up to the currency’s decimals', () => {
    expect(readMoney('12,5', 'EUR')).toEqual({ ok: true, minor: 1250 });
    expect(readMoney(' 12.50 ', 'EUR')).toEqual({ ok: true, minor: 1250 });
    expect(readMoney('5000', 'EUR')).toEqual({ ok: true, minor: 500_000 });
    expect(readMoney('4.', 'EUR')).toEqual({ ok: true, minor: 400 });
    expect(readMoney('0', 'EUR')).toEqual({ ok: true, minor: 0 });
    expect(readMoney('450', 'JPY')).toEqual({ ok: true, minor: 450 });
    expect(readMoney('1.234', 'KWD')).toEqual({ ok: true, minor: 1234 });
    expect(readMoney('999999999.99', 'EUR')).toEqual({ ok: true, minor: 99_999_999_999 });
    expect(readMoney('0000000001', 'EUR')).toEqual({ ok: true, minor: 100 });
  });

  it('refuses more decimals than the currency has, even zeros (never rounds)', () => {
    expect(readMoney('12.505', 'EUR')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(readMoney('1.234', 'EUR')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(readMoney('4.500', 'EUR')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(readMoney('12.5', 'JPY')).toEqual({ ok: false, problem: 'too_many_decimals' });
  });

  it('refuses a sign, an exponent, letters, grouping and more than 9 integer digits', () => {
    for (const [text, problem] of [
      ['-5', 'negative'],
      ['−5', 'negative'],
      ['- 5', 'negative'],
      ['1e3', 'not_a_number'],
      ['12abc', 'not_a_number'],
      ['abc', 'not_a_number'],
      ['+5', 'not_a_number'],
      ['1 000', 'not_a_number'],
      ['1,000.50', 'not_a_number'],
      ['Infinity', 'not_a_number'],
      ['0x10', 'not_a_number'],
      ['1234567890', 'too_large'],
      ['', 'empty'],
      ['  ', 'empty'],
    ] as const) {
      expect(readMoney(text, 'EUR'), text).toEqual({ ok: false, problem });
    }
  });

  it('parseMoney gives readMoney’s amount, or null for whatever it refuses', () => {
    expect(parseMoney('12,5', 'EUR')).toBe(1250);
    expect(parseMoney('2.199', 'EUR')).toBeNull();
    expect(parseMoney('1e3', 'EUR')).toBeNull();
    expect(parseMoney('-1', 'EUR')).toBeNull();
  });

  it('says what the field takes, in the currency’s decimals', () => {
    expect(moneyMessage('too_many_decimals', 'EUR')).toBe('Amounts in EUR have at most 2 decimals.');
    expect(moneyMessage('too_many_decimals', 'JPY')).toBe('Amounts in JPY have no decimals.');
    expect(moneyMessage('too_large', 'EUR')).toContain('at most 9 digits');
  });
});
