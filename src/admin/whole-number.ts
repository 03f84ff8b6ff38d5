/** Spaces that a locale may use between groups of digits (French prints a narrow no-break space). */
const SPACES = [' ', '\u00a0', '\u202f'];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The whole number typed in `text` (trimmed): ASCII digits, either plain ("86400") or grouped by
 * threes with `locale`'s group separator ("86,400" in English, "86 400" in French, any kind of
 * space where the locale groups with one). Null for anything else, so nothing is ever read in
 * part, rounded or guessed: empty, letters, a sign, a decimal ("7.5", "7,5"), an exponent
 * ("1e3"), a separator out of place ("1,0000"), or a number too large to hold exactly.
 */
export function readWholeNumber(text: string, locale: string): number | null {
  const trimmed = text.trim();
  let digits: string | null = /^\d+$/.test(trimmed) ? trimmed : null;
  if (digits === null) {
    const group = new Intl.NumberFormat(locale).formatToParts(10_000).find((p) => p.type === 'group')?.value;
    const separators = group === undefined ? [] : SPACES.includes(group) ? SPACES : [group];
    if (separators.length > 0) {
      const sep = `(?:${separators.map(escape).join('|')})`;
      if (new RegExp(`^\\d{1,3}(?:${sep}\\d{3})+$`).test(trimmed)) digits = trimmed.replace(/\D/g, '');
    }
  }
  if (digits === null) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}
