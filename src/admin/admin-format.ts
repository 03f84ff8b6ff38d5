/**
 * Formatting for the back office. The back office speaks English only (issue 6 allows it: it is
 * a manager's tool, the till is the localized one), so the locale is fixed here and nowhere else.
 */

/** The back office's one locale. */
export const ADMIN_LOCALE = 'en';

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(ADMIN_LOCALE, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/** Formats integer minor units of `currency` (ISO 4217): `450`, `EUR` → "€4.50"; `450`, `JPY` → "¥450". */
export function formatMoney(minor: number, currency: string): string {
  const format = moneyFormat(currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** Date and time of an ISO 8601 instant ("3/12/25, 2:05 PM"); "—" for null or an unreadable value. */
export function formatDateTime(iso: string | null | undefined): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '—';
  return new Intl.DateTimeFormat(ADMIN_LOCALE, { dateStyle: 'short', timeStyle: 'short' }).format(time);
}

/**
 * When a sale was made, to the second (orders of a busy minute tell apart): "2:05:09 PM" on the
 * day of `dayOf` (the session's opening, ISO 8601), with the date before it on another day
 * ("3/13/25, 12:01:30 AM", a session open past midnight); "—" for null or an unreadable value.
 */
export function formatSaleTime(iso: string | null | undefined, dayOf: string | null | undefined): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '—';
  const day = (ms: number) => new Intl.DateTimeFormat(ADMIN_LOCALE, { dateStyle: 'short' }).format(ms);
  const reference = dayOf ? Date.parse(dayOf) : Number.NaN;
  const sameDay = !Number.isNaN(reference) && day(time) === day(reference);
  return new Intl.DateTimeFormat(ADMIN_LOCALE, sameDay ? { timeStyle: 'medium' } : { dateStyle: 'short', timeStyle: 'medium' }).format(time);
}

/** Time of day of an epoch ms instant, to the second ("2:05:09 PM"): when something was read. */
export function formatClock(epochMs: number): string {
  return new Intl.DateTimeFormat(ADMIN_LOCALE, { timeStyle: 'medium' }).format(epochMs);
}

/** "opened" → "Opened", "closing_control" → "Closing control": a session state as a word. */
export function stateLabel(state: string): string {
  const words = state.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "1 order", "3 orders": a count with its noun, English plural. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** How many orders a summary's `rescuedIn` / `rescuedOut` names: a count, or the length of a list. */
export function rescuedCount(value: number | readonly unknown[] | null | undefined): number {
  if (typeof value === 'number') return value;
  return Array.isArray(value) ? value.length : 0;
}

/** "Cash", "Card": a payment method as a word. */
export function methodLabel(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1);
}
