import { describe, expect, it } from 'vitest';
import { MAX_CASH_TENDERED_TIMES_TOTAL, tooMuchCash } from '../../src/domain/order-rules.js';
import { cashOf } from '../../src/domain/order-totals.js';
import {
  CHANGE_CHECK_MAJOR,
  cardEntry,
  cashEntry,
  noteButtons,
  remainingOf,
  type PaymentDue,
} from '../../src/ui/payment-entry.js';

const cola = { total: 219, paid: 0, cash: 0, currency: 'EUR' };

describe('cashEntry: typed cash is taken, asked about, or refused', () => {
  it('asks before taking cash whose change would exceed the largest common note (€200)', () => {
    expect(CHANGE_CHECK_MAJOR).toBe(200);
    expect(cashEntry('5000', { ...cola, total: 5000 })).toEqual({
      kind: 'ask',
      amount: 500_000,
      remaining: 5000,
      change: 495_000,
    });
    expect(cashEntry('219', cola)).toEqual({ kind: 'ask', amount: 21_900, remaining: 219, change: 21_681 });
    // €202.19 gives exactly €200 of change: no question; one cent more asks.
    expect(cashEntry('202.19', cola)).toEqual({ kind: 'take', amount: 20_219 });
    expect(cashEntry('202.20', cola).kind).toBe('ask');
  });

  it('counts what was already paid: the question names what remained', () => {
    const halfPaid = { total: 5000, paid: 3000, cash: 0, currency: 'EUR' };
    expect(cashEntry('500', halfPaid)).toEqual({
      kind: 'ask',
      amount: 50_000,
      remaining: 2000,
      change: 48_000,
    });
    expect(cashEntry('50', halfPaid)).toEqual({ kind: 'take', amount: 5000 });
  });

  it('uses the currency’s major unit: ¥ has no decimals', () => {
    expect(cashEntry('250', { total: 40, paid: 0, cash: 0, currency: 'JPY' })).toEqual({
      kind: 'ask',
      amount: 250,
      remaining: 40,
      change: 210,
    });
    expect(cashEntry('240', { total: 40, paid: 0, cash: 0, currency: 'JPY' })).toEqual({
      kind: 'take',
      amount: 240,
    });
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
    expect(cardEntry('', { total: 1000, paid: 400, cash: 0, currency: 'EUR' })).toEqual({
      kind: 'take',
      amount: 600,
    });
    expect(cardEntry('2,5', { total: 1000, paid: 400, cash: 0, currency: 'EUR' })).toEqual({
      kind: 'take',
      amount: 250,
    });
    expect(cardEntry('6.01', { total: 1000, paid: 400, cash: 0, currency: 'EUR' })).toEqual({
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
    expect(noteButtons(cola)).toEqual([500, 1000, 2000]);
    expect(noteButtons({ ...cola, total: 15_000 })).toEqual([20_000]);
    expect(noteButtons({ ...cola, paid: 219 })).toEqual([]);
  });
});

/** The sale the server refuses: its cash over MAX_CASH_TENDERED_TIMES_TOTAL times its total. */
describe('cash over 100 times the total, which the server answers invalid, cannot be tendered', () => {
  const fiftyCents: PaymentDue = { total: 50, paid: 0, cash: 0, currency: 'EUR' };

  it('refuses a 100 note typed for a 0.50 sale at the cash field, saying the limit and what to do', () => {
    expect(MAX_CASH_TENDERED_TIMES_TOTAL).toBe(100);
    expect(cashEntry('100', fiftyCents)).toEqual({
      kind: 'refused',
      message: 'More than 100 times the total of €0.50: check the amount.',
    });
    // Exactly 100 times is accepted by the server, so the till takes it (here without a question).
    expect(cashEntry('50', fiftyCents)).toEqual({ kind: 'take', amount: 5000 });
    expect(cashEntry('50.01', fiftyCents).kind).toBe('refused');
    expect(cashEntry('5000', { ...fiftyCents, total: 219 }).kind).toBe('refused');
  });

  it('counts the cash already tendered, not the card: the sum of the sale’s cash is the rule’s', () => {
    const afterCash = { total: 100, paid: 9000, cash: 9000, currency: 'EUR' };
    expect(cashEntry('10', afterCash)).toEqual({ kind: 'take', amount: 1000 });
    expect(cashEntry('10.01', afterCash).kind).toBe('refused');
    const afterCard = { total: 1000, paid: 990, cash: 0, currency: 'EUR' };
    expect(cashEntry('1000', afterCard).kind).not.toBe('refused');
  });

  it('refuses any cash for a sale that totals zero (a 100 % discount): it is confirmed without cash', () => {
    const free = { total: 0, paid: 0, cash: 0, currency: 'EUR' };
    expect(cashEntry('0.01', free)).toEqual({
      kind: 'refused',
      message: 'This sale totals zero: it takes no cash. Confirm the payment without cash.',
    });
    expect(noteButtons(free)).toEqual([]);
    expect(remainingOf(free)).toBe(0);
  });

  it('offers no quick note the server would refuse: a 0.04 sale gets no note button, a 0.06 sale only the 5', () => {
    expect(noteButtons({ ...fiftyCents, total: 1 })).toEqual([]);
    expect(noteButtons({ ...fiftyCents, total: 4 })).toEqual([]); // 5.00 is 125 times 0.04
    expect(noteButtons({ ...fiftyCents, total: 6 })).toEqual([500]);
    expect(noteButtons({ ...fiftyCents, total: 15 })).toEqual([500, 1000]);
    expect(noteButtons(fiftyCents)).toEqual([500, 1000, 2000]);
    // 0.05 of cash tendered on a 0.10 sale: a 10.00 note on top would be 10.05 of cash for 0.10.
    expect(noteButtons({ total: 10, paid: 5, cash: 5, currency: 'EUR' })).toEqual([500]);
    expect(noteButtons({ total: 10, paid: 5, cash: 0, currency: 'EUR' })).toEqual([500, 1000]);
    expect(noteButtons({ total: 5, paid: 1, cash: 1, currency: 'EUR' })).toEqual([]);
  });

  it('never lets Exact or a quick note produce such a payment, whatever the total and what was paid', () => {
    for (const currency of ['EUR', 'JPY']) {
      for (let total = 1; total <= 30_000; total += total < 300 ? 1 : 97) {
        for (const [cash, card] of [
          [0, 0],
          [Math.floor(total / 3), 0],
          [0, Math.floor(total / 2)],
          [Math.floor(total / 4), Math.floor(total / 4)],
        ] as const) {
          const due = { total, paid: cash + card, cash, currency };
          const exact = remainingOf(due);
          if (exact > 0) expect(tooMuchCash(cash + exact, total)).toBe(false);
          for (const note of noteButtons(due)) expect(tooMuchCash(cash + note, total)).toBe(false);
        }
      }
    }
  });

  it('reads the cash of payments apart from the card', () => {
    expect(
      cashOf([
        { method: 'cash', amount: 500 },
        { method: 'card', amount: 300 },
        { method: 'cash', amount: 20 },
      ]),
    ).toBe(520);
  });
});
