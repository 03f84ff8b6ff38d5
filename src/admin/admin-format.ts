/**
 * Formatting for the back office, in the language it speaks now (the till's choice, src/app/
 * locale.ts): money, dates, times, numbers and ages. Each function takes the locale last so tests
 * can ask for French without loading the French strings.
 */
import { msg, str } from '@lit/localize';
import { currentLocale } from '../app/locale.js';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** One cached Intl.NumberFormat per locale and options (a table formats hundreds of amounts). */
function numberFormat(locale: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${key}`;
  let format = numberFormats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(id, format);
  }
  return format;
}

/** Formats integer minor units of `currency` (ISO 4217): `450`, `EUR` → "€4.50" ("4,50 €" in French); `450`, `JPY` → "¥450". */
export function formatMoney(minor: number, currency: string, locale: string = currentLocale()): string {
  const format = numberFormat(locale, currency, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/**
 * A difference of money with its sign, minor units of `currency`: `50` → "+€0.50", `-50` →
 * "-€0.50" ("-0,50 €" in French), `0` → "€0.00".
 */
export function formatDifference(minor: number, currency: string, locale: string = currentLocale()): string {
  const format = numberFormat(locale, `${currency}|signed`, {
    style: 'currency',
    currency,
    signDisplay: 'exceptZero',
  });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The decimal mark of `locale` ("." in English, "," in French): how an amount is written back into a field. */
export function decimalMark(locale: string = currentLocale()): string {
  return (
    numberFormat(locale, 'decimal', {})
      .formatToParts(1.5)
      .find((p) => p.type === 'decimal')?.value ?? '.'
  );
}

/**
 * Decimals of `currency` (ISO 4217) as Intl knows them: 2 for EUR, 0 for JPY, 3 for KWD (the
 * digits formatMoney shows and a typed price may carry). Throws RangeError for a malformed code.
 */
export function moneyDigits(currency: string): number {
  return (
    numberFormat('en', currency, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** A count or a limit as people read it: 86400 → "86,400" ("86 400" in French). */
export function formatNumber(value: number, locale: string = currentLocale()): string {
  return numberFormat(locale, 'integer', { maximumFractionDigits: 0 }).format(value);
}

/** Date and time of an ISO 8601 instant ("3/12/25, 2:05 PM"); "—" for null or an unreadable value. */
export function formatDateTime(iso: string | null | undefined, locale: string = currentLocale()): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(time);
}

/**
 * When a sale was made, to the second (orders of a busy minute tell apart): "2:05:09 PM" on the
 * day of `dayOf` (the session's opening, ISO 8601), with the date before it on another day
 * ("3/13/25, 12:01:30 AM", a session open past midnight); "—" for null or an unreadable value.
 */
export function formatSaleTime(
  iso: string | null | undefined,
  dayOf: string | null | undefined,
  locale: string = currentLocale(),
): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '—';
  const day = (ms: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(ms);
  const reference = dayOf ? Date.parse(dayOf) : Number.NaN;
  const sameDay = !Number.isNaN(reference) && day(time) === day(reference);
  return new Intl.DateTimeFormat(
    locale,
    sameDay ? { timeStyle: 'medium' } : { dateStyle: 'short', timeStyle: 'medium' },
  ).format(time);
}

/** Time of day of an epoch ms instant, to the second ("2:05:09 PM"): when something was read. */
export function formatClock(epochMs: number, locale: string = currentLocale()): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(epochMs);
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * How old an ISO 8601 instant is at `nowMs` (epoch ms), in the back office's words: "just now"
 * (under a second, or a server clock ahead of this one), "12 s ago", "3 min ago", "5 h ago",
 * "2 days ago", each unit rounded down; null for null or an unreadable value.
 */
export function formatAge(
  iso: string | null | undefined,
  nowMs: number,
  locale: string = currentLocale(),
): string | null {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return null;
  const age = nowMs - time;
  if (age < SECOND_MS) return msg('just now');
  if (age < MINUTE_MS) return msg(str`${formatNumber(Math.floor(age / SECOND_MS), locale)} s ago`);
  if (age < HOUR_MS) return msg(str`${formatNumber(Math.floor(age / MINUTE_MS), locale)} min ago`);
  if (age < DAY_MS) return msg(str`${formatNumber(Math.floor(age / HOUR_MS), locale)} h ago`);
  const days = Math.floor(age / DAY_MS);
  const n = formatNumber(days, locale);
  return isOne(days, locale) ? msg(str`${n} day ago`) : msg(str`${n} days ago`);
}

/** True when `count` takes the singular in `locale` (English: 1; French: 0 and 1). */
export function isOne(count: number, locale: string = currentLocale()): boolean {
  return new Intl.PluralRules(locale).select(count) === 'one';
}

/** A session state as a word: "Opened", "Closing control". */
export function stateLabel(state: string): string {
  switch (state) {
    case 'opening_control':
      return msg('Opening control');
    case 'opened':
      return msg('Opened');
    case 'closing_control':
      return msg('Closing control');
    case 'closed':
      return msg('Closed');
    default:
      return state;
  }
}

/** How many orders a summary's `rescuedIn` / `rescuedOut` names: a count, or the length of a list. */
export function rescuedCount(value: number | readonly unknown[] | null | undefined): number {
  if (typeof value === 'number') return value;
  return Array.isArray(value) ? value.length : 0;
}

/** "Cash", "Card": a payment method as a word (the till's own words); another method as it is named. */
export function methodLabel(method: string): string {
  switch (method) {
    case 'cash':
      return msg('Cash');
    case 'card':
      return msg('Card');
    default:
      return method.charAt(0).toUpperCase() + method.slice(1);
  }
}
