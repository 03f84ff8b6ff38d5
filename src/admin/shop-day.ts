/**
 * The calendar date (`YYYY-MM-DD`) at `nowMs` (epoch ms) in the IANA `timeZone`: the shop's
 * "today" for its day report, which may differ from the manager's computer's (a shop in Paris
 * read from New York). Throws RangeError for a time zone Intl does not know.
 */
export function shopDay(timeZone: string, nowMs: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(nowMs);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** True when `text` is a real calendar date written `YYYY-MM-DD` (what a day report asks for). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}
