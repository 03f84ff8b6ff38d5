import type { PosSession } from './pos-session.js';
import type { GuardState } from './session-state.js';

/**
 * The arithmetic of a drawer count, shared by the till, the back office and the server: zod-free so
 * the back office can load it.
 */

/**
 * Largest amount of cash counted or moved at once: 10^10 minor units (100 million euros). A count
 * above it is a typing slip, not a drawer; it is refused (400), never clamped.
 */
export const MAX_CASH_AMOUNT = 10_000_000_000;

/** Longest reason of a cash move (characters). */
export const MAX_CASH_REASON_LENGTH = 200;

/** Longest note of a closing count (characters). */
export const MAX_CLOSING_NOTE_LENGTH = 1_000;

/**
 * Counted minus expected cash (minor units): positive when the drawer holds more than it should.
 * Null when either is unknown (nothing typed yet, or the expected cash could not be read).
 */
export function cashDifference(counted: number, expected: number): number;
export function cashDifference(counted: number | null, expected: number | null): number | null;
export function cashDifference(counted: number | null, expected: number | null): number | null {
  if (counted === null || expected === null) return null;
  return counted - expected;
}

/**
 * Whether closing with `counted` against `expected` needs a note: any difference, however small,
 * is explained by the person who counted (the server refuses the close otherwise: 409
 * `closing_note_required`). False while either is unknown: the server decides then.
 */
export function closingNoteRequired(counted: number | null, expected: number | null): boolean {
  const difference = cashDifference(counted, expected);
  return difference !== null && difference !== 0;
}

/**
 * True when a closing count cannot be sent as it is: the drawer differs from the expected cash
 * and the note saying why is blank (the server refuses it with 409 `closing_note_required`).
 */
export function closingNoteMissing(difference: number, note: string): boolean {
  return difference !== 0 && note.trim() === '';
}

/** What a till shows: the sale, the "Open the register" screen, or the blocking dialog. */
export type TillScreen = 'sell' | 'open-register' | 'blocked';

/** What {@link tillScreen} reads of the till: whether IndexedDB and the first refresh are done, and the session. */
export interface TillScreenInput {
  loaded: boolean;
  refreshed: boolean;
  sessionRecord: { state: GuardState; session: Pick<PosSession, 'cashControl'> | null } | null;
}

/**
 * Rule 1 on screen: the till sells only while its session is `opened`. A session in
 * `opening_control` under cash control waits for its opening float to be counted, which the till
 * itself may do ("Open the register"); every other state, or no session at all once the first
 * refresh is over, blocks. Before IndexedDB was read nothing blocks yet (the first frame).
 */
export function tillScreen(input: TillScreenInput): TillScreen {
  if (!input.loaded) return 'sell';
  const record = input.sessionRecord;
  if (!record) return input.refreshed ? 'blocked' : 'sell';
  if (record.state === 'opened') return 'sell';
  if (record.state === 'opening_control' && record.session?.cashControl === true) return 'open-register';
  return 'blocked';
}

/**
 * True when the till offers "Close the register": under cash control, while the session is
 * `opened` or `closing_control` (the count is what closes it).
 */
export function canCloseRegister(record: TillScreenInput['sessionRecord']): boolean {
  if (!record || record.session?.cashControl !== true) return false;
  return record.state === 'opened' || record.state === 'closing_control';
}
