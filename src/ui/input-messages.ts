import { msg, str } from '@lit/localize';
import { currentLocale } from '../app/locale.js';
import type { QuantityProblem } from '../domain/cart.js';
import { MAX_DISCOUNT_PERCENT, MAX_LINE_QUANTITY } from '../domain/order-rules.js';
import type { TypedDiscount } from '../domain/typed-discount.js';
import { fractionDigits, formatRate, MAX_MONEY_INTEGER_DIGITS, type MoneyProblem } from './money.js';

/**
 * What the cashier reads at a field the till refused, in the till's language: one sentence that
 * says what the field takes. Shared by the cart, the number pad and the payment panel so one
 * mistake reads the same everywhere.
 */

/** Why a typed discount was refused. */
export function discountMessage(problem: Extract<TypedDiscount, { ok: false }>['problem']): string {
  const most = formatRate(MAX_DISCOUNT_PERCENT * 100);
  switch (problem) {
    case 'empty':
      return msg(str`Type a discount: a whole percent from 0 to ${most}.`);
    case 'not_a_number':
      return msg(str`Type digits only: a discount is a whole percent from 0 to ${most}.`);
    case 'not_whole':
      return msg('A discount is a whole percent: type it without decimals.');
    case 'negative':
      return msg('A discount cannot be negative: choose None to take it off.');
    case 'over_100':
      return msg(str`A discount cannot be more than ${most}.`);
  }
}

/** Why a quantity was refused (a line's quantity is 1 to MAX_LINE_QUANTITY; Remove takes a line off). */
export function quantityMessage(problem: QuantityProblem): string {
  switch (problem) {
    case 'below_one':
      return msg('A quantity is at least 1. To take the line off, use Remove.');
    case 'over_max':
      return msg(str`A line holds at most ${formatCount(MAX_LINE_QUANTITY)}.`);
    case 'not_whole':
      return msg('A quantity is a whole number.');
  }
}

/** Why a typed amount of money was refused, for amounts in `currency`. */
export function moneyMessage(problem: MoneyProblem, currency: string | null): string {
  switch (problem) {
    case 'empty':
      return msg('Type an amount.');
    case 'not_a_number':
      return msg('Type the amount in digits, with a point or a comma before the cents.');
    case 'negative':
      return msg('An amount cannot be negative.');
    case 'too_many_decimals': {
      const digits = fractionDigits(currency);
      const code = currency ?? '';
      return digits === 0
        ? msg(str`Amounts in ${code} have no decimals.`)
        : msg(str`Amounts in ${code} have at most ${digits} decimals.`);
    }
    case 'too_large':
      return msg(
        str`This amount is too large: at most ${MAX_MONEY_INTEGER_DIGITS} digits before the decimals.`,
      );
  }
}

/** A whole number in the till's locale ("9,999", "9 999"). */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(currentLocale()).format(n);
}
