import { describe, expect, it } from 'vitest';
import {
  MAX_CASH_TENDERED_TIMES_TOTAL,
  MAX_CREATED_AHEAD_MS,
  MAX_CREATED_BEFORE_OPENING_MS,
  beforeOpening,
  clockProblem,
  tooMuchCash,
} from '../../src/domain/order-rules.js';

/**
 * The rules the server answers an order `invalid` by and the till refuses a sale by: one function
 * each, so the till can never write a sale the server refuses, nor refuse one it accepts.
 */
describe('tooMuchCash: cash over 100 times a sale’s total, a slip of the keys the server refuses', () => {
  it('lets up to exactly 100 times the total through and refuses a minor unit more', () => {
    expect(MAX_CASH_TENDERED_TIMES_TOTAL).toBe(100);
    expect(tooMuchCash(5000, 50)).toBe(false);
    expect(tooMuchCash(5001, 50)).toBe(true);
    expect(tooMuchCash(10_000, 50)).toBe(true); // a 100 note for a 0.50 sale
  });

  it('refuses any cash for a sale that totals zero, and lets a sale paid without cash through', () => {
    expect(tooMuchCash(1, 0)).toBe(true);
    expect(tooMuchCash(0, 0)).toBe(false);
    expect(tooMuchCash(0, 120)).toBe(false);
  });
});

describe('beforeOpening: a device clock more than a day behind its session’s opening', () => {
  const openedAt = '2026-11-29T07:00:00.000Z';
  const opened = Date.parse(openedAt);

  it('refuses a sale dated more than a day before the opening, not one dated exactly a day before', () => {
    expect(MAX_CREATED_BEFORE_OPENING_MS).toBe(24 * 60 * 60 * 1000);
    expect(beforeOpening(opened - MAX_CREATED_BEFORE_OPENING_MS - 1, openedAt)).toBe(true);
    expect(beforeOpening(opened - MAX_CREATED_BEFORE_OPENING_MS, openedAt)).toBe(false);
    expect(beforeOpening(opened - 60_000, openedAt)).toBe(false); // a clock a minute slow
    expect(beforeOpening(opened + 3_600_000, openedAt)).toBe(false);
  });
});

describe('clockProblem: the till’s and the server’s one judgement of a device clock', () => {
  const openedAt = '2026-11-29T07:00:00.000Z';
  const opened = Date.parse(openedAt);

  it('says behind more than a day before the opening, ahead more than a day ahead of the server', () => {
    expect(MAX_CREATED_AHEAD_MS).toBe(24 * 60 * 60 * 1000);
    const behind = opened - MAX_CREATED_BEFORE_OPENING_MS - 1;
    expect(clockProblem(behind, { openedAt, clockOffsetMs: 0 })).toBe('behind');
    expect(clockProblem(opened, { openedAt, clockOffsetMs: -MAX_CREATED_AHEAD_MS - 1 })).toBe('ahead');
    expect(clockProblem(opened, { openedAt, clockOffsetMs: -MAX_CREATED_AHEAD_MS })).toBeNull();
    expect(clockProblem(opened + 60_000, { openedAt, clockOffsetMs: 60_000 })).toBeNull();
  });

  it('judges nothing it does not know: no opening, no offset', () => {
    expect(clockProblem(0, { openedAt: null, clockOffsetMs: null })).toBeNull();
    expect(clockProblem(0, {})).toBeNull();
  });
});
