/** Milliseconds in a day of 24 hours. */
const DAY_MS = 86_400_000;

/**
 * The instants a local day begins and ends in time zone `timeZone` (IANA), as ISO 8601 UTC
 * strings (`start` included, `end` excluded): `2026-03-29` in `Europe/Paris` (a day of 23 hours)
 * is `2026-03-28T23:00:00.000Z` to `2026-03-29T22:00:00.000Z`. `date` is `YYYY-MM-DD` (checked by
 * the caller); a day that starts inside a gap of the clock starts at the first instant after it.
 * Throws RangeError for a time zone Intl does not know.
 */
export function localDayBounds(date: string, timeZone: string): { start: string; end: string } {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const midnight = Date.UTC(year, month - 1, day);
  return {
    start: new Date(localMidnight(midnight, timeZone)).toISOString(),
    end: new Date(localMidnight(midnight + DAY_MS, timeZone)).toISOString(),
  };
}

/**
 * The instant the wall clock of `timeZone` reads the midnight that `wall` (milliseconds, the wall
 * time written as if it were UTC) names: `wall` less the offset in force then. The offsets a day
 * before and after it are the candidates (a clock changes at most once around a midnight); the
 * earliest that reads midnight wins (a clock turned back over midnight reads it twice), and when
 * none does (the clock jumps over midnight) the day starts at the jump, the later candidate.
 */
function localMidnight(wall: number, timeZone: string): number {
  const candidates = [offsetAt(wall - DAY_MS, timeZone), offsetAt(wall + DAY_MS, timeZone)].map(
    (offset) => wall - offset,
  );
  const exact = candidates.filter((at) => at + offsetAt(at, timeZone) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

/** Formatters by time zone (building one costs far more than using it). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far ahead of UTC the wall clock of `timeZone` is at instant `at` (milliseconds). */
function offsetAt(at: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(at / 1000) * 1000;
}
