import type { PosSession } from './pos-session.js';
import type { GuardState } from './session-state.js';

/**
 * A counted drawer against what it should hold, integer minor units: positive when the drawer
 * holds more than expected, negative when cash is missing.
 */
export function cashDifference(counted: number, expected: number): number {
  return counted - expected;
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
