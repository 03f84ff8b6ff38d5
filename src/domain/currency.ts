/** Decimals per ISO 4217 currency, as Intl knows them (built once per currency: a build costs ~10 µs). */
const digitsByCurrency = new Map<string, number>();

/**
 * Decimals of `currency` (ISO 4217): 2 for EUR, 0 for JPY, 3 for KWD, as Intl's currency data
 * gives them; 2 when Intl gives none. Throws RangeError for a code that is not a currency code.
 */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * Integer minor units as a plain decimal string with the currency's own digits, no symbol and no
 * grouping, for files and machines: 450 EUR → "4.50", 450 JPY → "450", -1234 EUR → "-12.34".
 * Exact (string arithmetic, no floating point).
 */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const units = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}
