/**
 * Decimal numbers as a manager types them (a price in major units, a tax rate in percent), read
 * exactly into integers with string arithmetic: never a float, never a rounding.
 */

/**
 * `text` (trimmed) as an integer count of 1/10^`digits`, or null when it is not a plain decimal
 * with at most `digits` decimals: "2.5" with 2 digits → 250, "2,50" → 250 (the decimal mark may
 * be a point or a comma, as spreadsheets and French keyboards write it), "3" → 300; "2.505"
 * (a third decimal: it would have to be rounded), "", "-1", "1e3", "1,234.5", "1 000" → null.
 * Null too past Number.MAX_SAFE_INTEGER.
 */
export function readScaledDecimal(text: string, digits: number): number | null {
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits || (whole === '' && fraction === '')) return null;
  const value = Number(whole + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Integer `value` in 1/10^`digits` as the plain decimal a field shows for editing, with the
 * locale's decimal mark (`decimal`): 250, 2 → "2.50"; 550, 2 as a percent trimmed → "5.5".
 * `trim` drops trailing fraction zeros (a tax rate reads "20", not "20.00").
 */
export function scaledToText(value: number, digits: number, decimal: string, trim = false): string {
  if (digits === 0) return String(value);
  const units = String(value).padStart(digits + 1, '0');
  let fraction = units.slice(-digits);
  if (trim) fraction = fraction.replace(/0+$/, '');
  return fraction === '' ? units.slice(0, -digits) : `${units.slice(0, -digits)}${decimal}${fraction}`;
}
