import { msg, str } from '@lit/localize';
import { MAX_CASH_AMOUNT, MAX_CLOSING_NOTE_LENGTH, closingNoteRequired } from '../domain/cash-count.js';
import { PosError } from '../domain/pos-error.js';
import type { Words } from './admin-errors.js';
import { formatMoney, formatNumber, moneyDigits } from './admin-format.js';
import { readScaledDecimal } from './decimal-input.js';

/** The fields of a drawer count: the cash counted, and the note on a closing count that differs. */
export type CountField = 'counted' | 'note';

/** What is wrong with each bad field of a count, in the manager's words. */
export type CountErrors = Partial<Record<CountField, Words>>;

/**
 * The cash typed in a count field as minor units of `currency`, or null when it is not an amount
 * the server takes: a plain decimal with at most the currency's digits ("123.45", "123,45",
 * "120"), 0 to 10^10 minor units. Nothing is rounded or read in part.
 */
export function readCountedCash(text: string, currency: string): number | null {
  const value = readScaledDecimal(text, moneyDigits(currency));
  return value !== null && value <= MAX_CASH_AMOUNT ? value : null;
}

/** What the count field says of an amount it cannot take, naming the label and the rule. */
export function countedRule(currency: string): string {
  const digits = moneyDigits(currency);
  const max = formatMoney(MAX_CASH_AMOUNT, currency);
  return digits === 0
    ? msg(str`Counted cash: a whole amount from 0 to ${max}`)
    : msg(str`Counted cash: an amount from 0 to ${max}, with at most ${formatNumber(digits)} decimals`);
}

/**
 * The opening float to send (`openingCash`, minor units) for what the count field holds, or its
 * problem. A difference from the expected float never blocks.
 */
export function openingCountFromForm(
  counted: string,
  currency: string,
): { openingCash: number } | { errors: CountErrors } {
  const value = readCountedCash(counted, currency);
  if (value === null) return { errors: { counted: () => countedRule(currency) } };
  return { openingCash: value };
}

/**
 * The closing count to send for the form's `counted` text and `note`, or every problem: an amount
 * the server takes; a note when the count differs from `expected` (minor units; null when it could
 * not be read: the server checks then), at most 1,000 characters. The note is sent trimmed, and
 * only when it is not empty.
 */
export function closingCountFromForm(
  values: { counted: string; note: string },
  expected: number | null,
  currency: string,
): { closingCash: number; closingNote?: string } | { errors: CountErrors } {
  const errors: CountErrors = {};
  const counted = readCountedCash(values.counted, currency);
  if (counted === null) errors.counted = () => countedRule(currency);
  const note = values.note.trim();
  if (note.length > MAX_CLOSING_NOTE_LENGTH)
    errors.note = () =>
      msg(
        str`Note: ${formatNumber(MAX_CLOSING_NOTE_LENGTH)} characters at most (this one has ${formatNumber(note.length)})`,
      );
  else if (note === '' && closingNoteRequired(counted, expected)) errors.note = noteRequiredText;
  if (counted === null || errors.note) return { errors };
  return note === '' ? { closingCash: counted } : { closingCash: counted, closingNote: note };
}

/** At the note field: the count differs from the expected cash, so it must be explained. */
export function noteRequiredText(): string {
  return msg('Note: the counted cash differs from the expected cash: say why (required)');
}

/**
 * A refusal of the server that belongs to a field of the count form, in the form's words: 409
 * `closing_note_required` at the note, 409 `cash_count_required` and a 400 naming the count
 * (`openingCash`, `closingCash`) at the counted cash, a 400 naming `closingNote` at the note. Null
 * for any other failure (shown as a line under the form).
 */
export function countRefusal(error: unknown, currency: string): CountErrors | null {
  if (!(error instanceof PosError)) return null;
  if (error.code === 'closing_note_required') return { note: noteRequiredText };
  if (error.code === 'cash_count_required')
    return { counted: () => msg('Counted cash: the server needs the count of the drawer') };
  if (error.code !== 'validation_failed') return null;
  const field = error.field?.split('.')[0];
  if (field === 'openingCash' || field === 'closingCash') return { counted: () => countedRule(currency) };
  if (field === 'closingNote')
    return {
      note: () => msg(str`Note: ${formatNumber(MAX_CLOSING_NOTE_LENGTH)} characters at most`),
    };
  return null;
}
