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

/**
 * Reads an amount typed by the cashier ("4,5", "4.50", "12") into integer minor units; null when
 * it is not a non-negative amount with at most the currency's decimals.
 */
export function parseMoney(text: string, currency: string | null): number | null {
  const digits = fractionDigits(currency);
  const match = /^(\d{1,9})(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** "20 %", "5,5 %": a tax rate in basis points, in the till's locale. */
export function formatRate(basisPoints: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

/** Date and time of an ISO 8601 instant in the till's locale ("12/03/2025 14:05", "3/12/25, 2:05 PM"). */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
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
