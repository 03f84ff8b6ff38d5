import { describe, expect, it } from 'vitest';
import {
  canCloseRegister,
  cashDifference,
  closingNoteMissing,
  closingNoteRequired,
  MAX_CASH_AMOUNT,
  tillScreen,
  type TillScreenInput,
} from '../../src/domain/cash-count.js';
import type { GuardState } from '../../src/domain/session-state.js';

import { CountedCashSchema, MAX_CASH_AMOUNT as SCHEMA_MAX } from '../../src/domain/cash.js';
function record(state: GuardState, cashControl?: boolean): TillScreenInput['sessionRecord'] {
  return { state, session: cashControl === undefined ? null : { cashControl } };
}

const ready = { loaded: true, refreshed: true };

describe('the difference of a count', () => {
  it('is counted minus expected, so missing cash is negative and never read as a surplus', () => {
    expect(cashDifference(15_000, 15_000)).toBe(0);
    expect(cashDifference(14_850, 15_000)).toBe(-150);
    expect(cashDifference(15_200, 15_000)).toBe(200);
    expect(cashDifference(0, 0)).toBe(0);
  });
});

describe('the note of a closing count', () => {
  it('is required when the count differs, whatever way, and a blank note is no note', () => {
    expect(closingNoteMissing(-150, '')).toBe(true);
    expect(closingNoteMissing(200, '   \n')).toBe(true);
    expect(closingNoteMissing(-150, 'Change given twice')).toBe(false);
  });

  it('is never required when the drawer holds exactly the expected cash', () => {
    expect(closingNoteMissing(0, '')).toBe(false);
  });
});

describe('what the till shows in each state', () => {
  it('sells only while the session is opened, under cash control or not', () => {
    expect(tillScreen({ ...ready, sessionRecord: record('opened', true) })).toBe('sell');
    expect(tillScreen({ ...ready, sessionRecord: record('opened', false) })).toBe('sell');
  });

  it('asks for the opening float in opening_control under cash control only', () => {
    expect(tillScreen({ ...ready, sessionRecord: record('opening_control', true) })).toBe('open-register');
    // Without cash control (or from a server that does not say) the session is opened elsewhere, as before.
    expect(tillScreen({ ...ready, sessionRecord: record('opening_control', false) })).toBe('blocked');
    expect(tillScreen({ ...ready, sessionRecord: record('opening_control') })).toBe('blocked');
  });

  it('blocks in closing_control, closed, missing and unknown, cash control or not', () => {
    for (const state of ['closing_control', 'closed', 'missing', 'unknown'] as const) {
      expect(tillScreen({ ...ready, sessionRecord: record(state, true) })).toBe('blocked');
      expect(tillScreen({ ...ready, sessionRecord: record(state, false) })).toBe('blocked');
    }
  });

  it('blocks without any session once the first refresh is over, not before IndexedDB was read', () => {
    expect(tillScreen({ loaded: true, refreshed: true, sessionRecord: null })).toBe('blocked');
    expect(tillScreen({ loaded: true, refreshed: false, sessionRecord: null })).toBe('sell');
    expect(tillScreen({ loaded: false, refreshed: false, sessionRecord: record('closed', true) })).toBe(
      'sell',
    );
  });
});

describe('closing the register on the till', () => {
  it('is offered under cash control while the session is opened or closing_control', () => {
    expect(canCloseRegister(record('opened', true))).toBe(true);
    expect(canCloseRegister(record('closing_control', true))).toBe(true);
  });

  it('is not offered without cash control, before opening, once closed, or without a session', () => {
    expect(canCloseRegister(record('opened', false))).toBe(false);
    expect(canCloseRegister(record('opened'))).toBe(false);
    expect(canCloseRegister(record('opening_control', true))).toBe(false);
    expect(canCloseRegister(record('closed', true))).toBe(false);
    expect(canCloseRegister(null)).toBe(false);
  });
});

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
