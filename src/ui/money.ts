import { currentLocale } from '../app/locale.js';
import { currencyDigits } from '../domain/currency.js';

const formatters = new Map<string, Intl.NumberFormat>();

/** Minor units per major unit of `currency` (100 for EUR, 1 for JPY); 100 when unknown. */
export function minorPerMajor(currency: string | null): number {
  return 10 ** fractionDigits(currency);
}

/** Decimals of `currency` (ISO 4217) as Intl knows them (currencyDigits); 2 when unknown. */
export function fractionDigits(currency: string | null): number {
  return currency ? currencyDigits(currency) : 2;
}

/** Formats integer minor units in `currency` for the till's locale ("4,50 €" in French, "€4.50" in English). */
export function formatMoney(minor: number, currency: string | null): string {
  return formatter(currency).format(minor / minorPerMajor(currency));
}

/** Why a typed amount cannot be taken as typed. */
export type MoneyProblem = 'empty' | 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large';

/** A typed amount: its integer minor units, or why the till cannot take it exactly. */
export type TypedMoney = { ok: true; minor: number } | { ok: false; problem: MoneyProblem };

/** Most digits before the decimals of a typed amount (999,999,999 major units: exact in minor units). */
export const MAX_MONEY_INTEGER_DIGITS = 9;

/**
 * Reads an amount typed by the cashier ("4,5", "4.50", "12") into integer minor units of
 * `currency`, exactly or not at all: more decimals than the currency has (even zeros: "4.500"
 * could be a thousands separator), a sign, an exponent ("1e3"), letters, grouping ("1 000") or
 * more than {@link MAX_MONEY_INTEGER_DIGITS} integer digits are refused with their reason. Zero
 * reads as 0: whether 0 may be paid is the caller's rule.
 */
export function readMoney(text: string, currency: string | null): TypedMoney {
  const typed = text.trim();
  if (typed === '') return { ok: false, problem: 'empty' };
  const match = /^([-−]\s*)?(\d+)(?:[.,](\d*))?$/.exec(typed);
  if (!match) return { ok: false, problem: 'not_a_number' };
  const [, sign, whole = '', fraction = ''] = match;
  if (sign) return { ok: false, problem: 'negative' };
  const digits = fractionDigits(currency);
  if (fraction.length > digits) return { ok: false, problem: 'too_many_decimals' };
  if (whole.replace(/^0+(?=\d)/, '').length > MAX_MONEY_INTEGER_DIGITS)
    return { ok: false, problem: 'too_large' };
  return { ok: true, minor: Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0') };
}

/** {@link readMoney}'s amount in integer minor units, or null when it refuses the text. */
export function parseMoney(text: string, currency: string | null): number | null {
  const read = readMoney(text, currency);
  return read.ok ? read.minor : null;
}

/** "20 %", "5,5 %": a tax rate in basis points, in the till's locale. */
export function formatRate(basisPoints: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

/** Date and time of an ISO 8601 instant in the till's locale ("12/03/2025 14:05", "3/12/25, 2:05 PM"). */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** Time of day only, for a list of today's orders. */
export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short' }).format(new Date(iso));
}

function formatter(currency: string | null): Intl.NumberFormat {
  const locale = currentLocale();
  const key = `${locale}|${currency ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formatters.set(key, f);
  }
  return f;
}
