import { currencyDigits, minorToDecimal } from '../../src/domain/currency.js';
import { isValidBarcode, MAX_PRODUCT_PRICE } from '../../src/domain/product.js';
import { isFormulaLike } from '../orders-csv.js';

/**
 * The cells of a catalog CSV as spreadsheets write them, read into a product's values: each
 * reader gives the value or the reason it is refused, in a shop owner's words. Exact: numbers are
 * read as digits, never through floating point.
 */
export type Cell<T> = { ok: true; value: T } | { ok: false; message: string; reason?: 'barcode_as_number' };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const refused = (message: string): Cell<never> => ({ ok: false, message });

/** Basis points in one percent: 5.5 % = 550. */
const BASIS_POINTS_PER_PERCENT = 100;
/** Highest tax rate, in percent (TaxRateSchema: 10,000 basis points). */
const MAX_TAX_PERCENT = 100;

/**
 * `cell` without the `'` the server's exports put before a formula-like value (csvField), so an
 * exported file imports as it was: `'=SUM(A1)` is `=SUM(A1)`. Any other value as it is.
 */
export function undoFormulaGuard(cell: string): string {
  return cell.startsWith("'") && isFormulaLike(cell.slice(1)) ? cell.slice(1) : cell;
}

/**
 * `cell` with each run of line breaks, and the blanks around it, made one space: a spreadsheet
 * writes a line break typed in a cell (Alt+Enter) into the quoted value, and a product's name and
 * category stay on one line (a receipt line, a tile), so `"Pain\ncomplet"` is `Pain complet`.
 */
export function foldLineBreaks(cell: string): string {
  // Split and trimmed rather than one replace(/\s*[\r\n]\s*/g): that backtracks over every
  // position of a long run of spaces, quadratic in a cell of megabytes.
  const pieces = cell.split(/[\r\n]+/);
  if (pieces.length === 1) return cell;
  const last = pieces.length - 1;
  return pieces
    .map((piece, i) => (i === 0 ? piece.trimEnd() : i === last ? piece.trimStart() : piece.trim()))
    .filter((piece) => piece !== '')
    .join(' ');
}

/** More digits before the decimal separator than any price or rate allowed has (10^9 minor units). */
const MAX_WHOLE_DIGITS = 12;

/** A number as typed: digits, then a decimal point or comma and digits. Nothing else. */
const DECIMAL = /^(\d+)(?:[.,](\d+))?$/;

/**
 * A price in major units of `currency` (`2.50`, `2,50`, `2`; EUR) → integer minor units (250).
 * Refused: empty, negative, more decimals than the currency has, thousands separators, currency
 * signs, above {@link MAX_PRODUCT_PRICE} minor units.
 */
export function readPrice(cell: string, currency: string): Cell<number> {
  const text = cell.trim();
  const digits = currencyDigits(currency);
  const example = digits === 0 ? '250' : `2.${'5'.padEnd(digits, '0')}`;
  if (text === '') return refused(`required: the price in ${currency}, e.g. ${example}`);
  if (/^-\s*\d/.test(text) || /^\(.*\)$/.test(text)) return refused('a price cannot be negative');
  const match = DECIMAL.exec(text);
  if (!match)
    return refused(
      `not a price: type it like ${example}${digits === 0 ? '' : ` or ${example.replace('.', ',')}`}, ` +
        'without a currency sign or a thousands separator',
    );
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits)
    return refused(
      digits === 0
        ? `${currency} prices have no decimals (and no thousands separator)`
        : `${currency} prices have at most ${digits} decimals (and no thousands separator)`,
    );
  const tooHigh = refused(`at most ${minorToDecimal(MAX_PRODUCT_PRICE, currency)} ${currency}`);
  // A long run of digits is too high whatever it says: never parse megabytes of them.
  if (whole.replace(/^0+/, '').length > MAX_WHOLE_DIGITS) return tooHigh;
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (minor > BigInt(MAX_PRODUCT_PRICE)) return tooHigh;
  return ok(Number(minor));
}

/**
 * A tax rate in percent (`5.5`, `5,5`, `20`, `5.5 %`) → basis points (550). Refused: empty,
 * negative, finer than 0.01 %, above 100 %.
 */
export function readTaxRate(cell: string): Cell<number> {
  const text = cell.trim().replace(/\s*%$/, '');
  if (text === '') return refused('required: the tax rate in percent, e.g. 5.5 or 20');
  if (/^-\s*\d/.test(text)) return refused('a tax rate cannot be negative');
  const match = DECIMAL.exec(text);
  if (!match) return refused('not a tax rate: type a percentage like 5.5, 5,5 or 20');
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > 2) return refused('a tax rate has at most 2 decimals (0.01 %)');
  if (whole.replace(/^0+/, '').length > MAX_WHOLE_DIGITS) return refused(`at most ${MAX_TAX_PERCENT} %`);
  const basisPoints = BigInt(whole) * BigInt(BASIS_POINTS_PER_PERCENT) + BigInt(fraction.padEnd(2, '0'));
  if (basisPoints > BigInt(MAX_TAX_PERCENT * BASIS_POINTS_PER_PERCENT))
    return refused(`at most ${MAX_TAX_PERCENT} %`);
  return ok(Number(basisPoints));
}

/**
 * A barcode: empty for none (null), else an EAN-13, EAN-8 or UPC-A with its check digit. A
 * refusal says what a spreadsheet did to it (`4.00638E+12`: it took the barcode for a number)
 * or which check digit the first digits call for.
 */
export function readBarcode(cell: string): Cell<string | null> {
  const text = cell.trim();
  if (text === '') return ok(null);
  if (/^\d+(?:[.,]\d+)?E\+\d+$/i.test(text))
    return {
      ok: false,
      reason: 'barcode_as_number',
      message:
        'the spreadsheet turned this barcode into a number (scientific notation): format the column as text',
    };
  if (!/^(?:\d{8}|\d{12}|\d{13})$/.test(text))
    return refused('not a barcode: an EAN-13, EAN-8 or UPC-A has 13, 8 or 12 digits');
  if (!isValidBarcode(text)) {
    const body = text.slice(0, -1);
    const check = [...'0123456789'].find((digit) => isValidBarcode(body + digit)) ?? '?';
    return refused(`wrong check digit: after ${body} it should be ${check}`);
  }
  return ok(text);
}

/** Words the `archived` column takes, case aside; an empty cell is `undefined` (leave it as it is). */
const ARCHIVED_WORDS: Readonly<Record<string, boolean>> = {
  '0': false,
  '1': true,
  false: false,
  true: true,
  no: false,
  yes: true,
};

/**
 * The `archived` column: `1`/`true`/`yes` or `0`/`false`/`no` (any case); empty → undefined, which
 * keeps an existing product as it is and makes a new one active.
 */
export function readArchived(cell: string): Cell<boolean | undefined> {
  const text = cell.trim().toLowerCase();
  if (text === '') return ok(undefined);
  const value = ARCHIVED_WORDS[text];
  return value === undefined
    ? refused('type 1 or 0 (true or false, yes or no), or leave it empty')
    : ok(value);
}

/** A tax rate in basis points as the export writes it, in percent: 550 → `5.5`, 2000 → `20`, 5 → `0.05`. */
export function basisPointsToPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / BASIS_POINTS_PER_PERCENT);
  const fraction = String(basisPoints % BASIS_POINTS_PER_PERCENT)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}
