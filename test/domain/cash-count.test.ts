import { describe, expect, it } from 'vitest';
import { cashDifference, closingNoteRequired, MAX_CASH_AMOUNT } from '../../src/domain/cash-count.js';
import { CountedCashSchema, MAX_CASH_AMOUNT as SCHEMA_MAX } from '../../src/domain/cash.js';

describe('the difference of a drawer count', () => {
  it('is counted minus expected: positive for a drawer holding more, negative for less', () => {
    expect(cashDifference(12_050, 12_000)).toBe(50);
    expect(cashDifference(11_990, 12_000)).toBe(-10);
    expect(cashDifference(0, 0)).toBe(0);
  });

  it('is unknown while either side is', () => {
    expect(cashDifference(null, 100)).toBeNull();
    expect(cashDifference(100, null)).toBeNull();
  });

  it('requires a note for any difference, even one cent, and none for an exact count', () => {
    expect(closingNoteRequired(12_001, 12_000)).toBe(true);
    expect(closingNoteRequired(11_999, 12_000)).toBe(true);
    expect(closingNoteRequired(12_000, 12_000)).toBe(false);
    // Unknown: the server decides.
    expect(closingNoteRequired(null, 12_000)).toBe(false);
    expect(closingNoteRequired(12_000, null)).toBe(false);
  });

  it('shares its limit with the schema the server validates counts with', () => {
    expect(SCHEMA_MAX).toBe(MAX_CASH_AMOUNT);
    expect(CountedCashSchema.safeParse(MAX_CASH_AMOUNT).success).toBe(true);
    expect(CountedCashSchema.safeParse(MAX_CASH_AMOUNT + 1).success).toBe(false);
  });
});
