import { msg, str } from '@lit/localize';
import { MAX_CASH_TENDERED_TIMES_TOTAL, tooMuchCash } from '../domain/order-rules.js';
import { moneyMessage } from './input-messages.js';
import { formatMoney, minorPerMajor, readMoney } from './money.js';

/** Banknotes offered as quick cash buttons, in major units of the currency. */
export const COMMON_NOTES_MAJOR = [5, 10, 20, 50, 100, 200] as const;

/**
 * Cash that would give more change than this many major units is asked about before it is taken
 * ("€5,000.00 for €2.19?"): the largest note the till offers. Nobody hands over more than a large
 * note beyond what they owe, so such an amount is nearly always a slip of the keys (5000 typed
 * for 50.00, 219 for 2.19), and taking it would show, and count out, a wrong change.
 */
export const CHANGE_CHECK_MAJOR = Math.max(...COMMON_NOTES_MAJOR);

/** How many note buttons are shown at most (the smallest that cover what remains). */
const MAX_NOTE_BUTTONS = 3;

/** Where the sale stands when an amount is typed: integer minor units of `currency`. */
export interface PaymentDue {
  total: number;
  /** Every payment so far, cash and card. */
  paid: number;
  /** The cash among `paid`: the rule on cash tendered (tooMuchCash) counts all of a sale's cash. */
  cash: number;
  currency: string | null;
}

/** What is left to pay, minor units, 0 once the payments cover the total: the Exact button's cash. */
export function remainingOf(due: PaymentDue): number {
  return Math.max(0, due.total - due.paid);
}

/**
 * The quick note buttons (minor units): the smallest common notes above what remains, leaving out
 * a note that would take more cash than the server accepts for the sale (tooMuchCash: a 100 note
 * for a 0.50 sale); none when nothing remains.
 */
export function noteButtons(due: PaymentDue): number[] {
  const remaining = remainingOf(due);
  if (remaining === 0) return [];
  const unit = minorPerMajor(due.currency);
  return COMMON_NOTES_MAJOR.map((n) => n * unit)
    .filter((n) => n > remaining && !tooMuchCash(due.cash + n, due.total))
    .slice(0, MAX_NOTE_BUTTONS);
}

/**
 * Why cash past the rule on cash tendered (tooMuchCash) is refused, for the cash field: the
 * limit and what to do; a sale that totals zero takes no cash at all.
 */
export function tooMuchCashMessage(due: PaymentDue): string {
  if (due.total === 0)
    return msg('This sale totals zero: it takes no cash. Confirm the payment without cash.');
  const total = formatMoney(due.total, due.currency);
  return msg(str`More than ${MAX_CASH_TENDERED_TIMES_TOTAL} times the total of ${total}: check the amount.`);
}

/**
 * What typed cash does: refused (with the sentence for its field), asked about first (the change
 * it would give exceeds {@link CHANGE_CHECK_MAJOR}), or taken. Minor units throughout;
 * `remaining` is what was left to pay, for the question.
 */
export type CashEntry =
  | { kind: 'refused'; message: string }
  | { kind: 'ask'; amount: number; remaining: number; change: number }
  | { kind: 'take'; amount: number };

/** What a typed card amount does: refused with the sentence for its field, or taken. */
export type CardEntry = { kind: 'refused'; message: string } | { kind: 'take'; amount: number };

/**
 * Reads typed cash exactly (readMoney), refuses cash the server would refuse with the sale
 * (tooMuchCash, with the cash already tendered), and applies the large-change question.
 */
export function cashEntry(text: string, due: PaymentDue): CashEntry {
  const read = readMoney(text, due.currency);
  if (!read.ok) {
    const message =
      read.problem === 'empty'
        ? msg('Type the cash amount tendered, for example 20 or 12.50.')
        : moneyMessage(read.problem, due.currency);
    return { kind: 'refused', message };
  }
  if (read.minor === 0)
    return { kind: 'refused', message: msg('An amount of zero pays nothing: type the amount tendered.') };
  if (tooMuchCash(due.cash + read.minor, due.total))
    return { kind: 'refused', message: tooMuchCashMessage(due) };
  const change = due.paid + read.minor - due.total;
  if (change > CHANGE_CHECK_MAJOR * minorPerMajor(due.currency)) {
    return { kind: 'ask', amount: read.minor, remaining: remainingOf(due), change };
  }
  return { kind: 'take', amount: read.minor };
}

/**
 * Reads a typed card amount exactly (readMoney); an empty field pays what remains. A card never
 * pays more than what remains (no cash back), nor zero.
 */
export function cardEntry(text: string, due: PaymentDue): CardEntry {
  const remaining = remainingOf(due);
  const read = text.trim() === '' ? { ok: true as const, minor: remaining } : readMoney(text, due.currency);
  if (!read.ok) return { kind: 'refused', message: moneyMessage(read.problem, due.currency) };
  if (read.minor === 0) {
    return {
      kind: 'refused',
      message: msg(
        'An amount of zero pays nothing: type the card amount, or leave the field empty to pay what remains.',
      ),
    };
  }
  if (read.minor > remaining) {
    return {
      kind: 'refused',
      message: msg(str`The card amount cannot exceed the remaining ${formatMoney(remaining, due.currency)}.`),
    };
  }
  return { kind: 'take', amount: read.minor };
}
