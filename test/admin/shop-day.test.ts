import { describe, expect, it } from 'vitest';
import { isCalendarDay, shopDay } from '../../src/admin/shop-day.js';

describe('shopDay', () => {
  it('is the date in the shop’s time zone, not the computer’s', () => {
    // 23:30 UTC on 5 December is already 6 December in Paris, still 5 December in New York.
    const instant = Date.parse('2026-12-05T23:30:00Z');
    expect(shopDay('Europe/Paris', instant)).toBe('2026-12-06');
    expect(shopDay('America/New_York', instant)).toBe('2026-12-05');
    expect(shopDay('UTC', instant)).toBe('2026-12-05');
  });

  it('throws for a time zone Intl does not know', () => {
    expect(() => shopDay('Mars/Olympus', 0)).toThrow(RangeError);
  });
});

describe('isCalendarDay', () => {
  it('takes a real date written YYYY-MM-DD and nothing else', () => {
    expect(isCalendarDay('2026-12-05')).toBe(true);
    expect(isCalendarDay('2024-02-29')).toBe(true);
    for (const text of ['2026-02-29', '2026-13-01', '2026-12-5', '05/12/2026', '', '2026-12-05T00:00'])
      expect(isCalendarDay(text)).toBe(false);
  });
});
