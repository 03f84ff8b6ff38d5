import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_DELAY_MS,
  MIN_RETRY_DELAY_MS,
  isCheckDue,
  retryDelayMs,
} from '../../src/domain/check-schedule.js';

describe('check schedule', () => {
  it('a check is due from nextCheckAt on', () => {
    expect(isCheckDue(999, 1_000)).toBe(false);
    expect(isCheckDue(1_000, 1_000)).toBe(true);
  });

  it('retryDelayMs never goes under the 5 s floor, even for a 5 s frequency or random 0', () => {
    for (const failures of [1, 2, 5, 20]) {
      for (const random of [0, 0.5, 0.999]) {
        expect(retryDelayMs(failures, 5_000, random)).toBeGreaterThanOrEqual(MIN_RETRY_DELAY_MS);
        expect(retryDelayMs(failures, 1_000, random)).toBeGreaterThanOrEqual(MIN_RETRY_DELAY_MS);
      }
    }
  });

  it('jitters over the upper half of the backoff, which doubles and is capped by the frequency and 5 minutes', () => {
    expect(retryDelayMs(3, 60_000, 0)).toBe(10_000);
    expect(retryDelayMs(3, 60_000, 0.999)).toBeCloseTo(20_000, -2);
    expect(retryDelayMs(10, 60_000, 0.999)).toBeLessThanOrEqual(60_000);
    expect(retryDelayMs(30, 3_600_000, 0.999)).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
    const spread = new Set(Array.from({ length: 50 }, (_, i) => retryDelayMs(4, 60_000, i / 50)));
    expect(spread.size).toBeGreaterThan(40);
    for (const delay of spread) {
      expect(delay).toBeGreaterThanOrEqual(20_000);
      expect(delay).toBeLessThanOrEqual(40_000);
    }
  });
});
