import { msg, str } from '@lit/localize';
import { PosError } from '../domain/pos-error.js';
import { failureSentence } from './till-messages.js';

/** What the cash screens were doing when a request failed. */
export type CashAction = 'open' | 'close' | 'report';

/** A failure of a cash screen for the cashier: the sentence, and the server's own words when they help. */
export interface CashFailureText {
  text: string;
  /** The server's message (English) for a refusal that names a field or a state; else null. */
  detail: string | null;
}

/** Codes whose server message says what to correct (a field, a state), shown under the sentence. */
const DETAILED: ReadonlySet<string> = new Set([
  'validation_failed',
  'transition_not_allowed',
  'cash_count_required',
  'closing_note_required',
]);

/**
 * Why a cash screen's request failed, in the till's language, read when shown. Without the
 * network the sentence says the action needs it (what was typed is kept by the screen); a
 * refusal says what the server refused, with its message beside.
 */
export function cashFailureText(error: unknown, action: CashAction): CashFailureText {
  const code = error instanceof PosError ? error.code : 'network';
  const detail = error instanceof PosError && DETAILED.has(code) ? error.message : null;
  if (code === 'network' || code === 'timeout') return { text: needsNetwork(action), detail: null };
  switch (code) {
    case 'closing_note_required':
      return {
        text: msg('The counted cash differs from the expected cash: write a note saying why.'),
        detail,
      };
    case 'cash_count_required':
      return { text: msg('Type the counted cash first.'), detail };
    case 'transition_not_allowed':
      return { text: msg('The session has changed meanwhile: nothing was changed.'), detail };
    case 'validation_failed':
      return { text: msg('The server refused the amount: nothing was changed.'), detail };
    case 'forbidden':
      return action === 'close'
        ? { text: msg('The server refused the manager PIN: nothing was changed.'), detail: null }
        : { text: msg('This tablet is not allowed to do that.'), detail: null };
    default:
      return { text: failedSentence(action, code), detail };
  }
}

/** "Opening the register needs the network…" for each action. */
export function needsNetwork(action: CashAction): string {
  switch (action) {
    case 'open':
      return msg('Opening the register needs the network: connect and try again. The count is kept.');
    case 'close':
      return msg('Closing the register needs the network: connect and try again. The count is kept.');
    case 'report':
      return msg('The report needs the network: connect and try again.');
  }
}

function failedSentence(action: CashAction, code: string): string {
  const why = failureSentence(code);
  switch (action) {
    case 'open':
      return msg(str`The register could not be opened: ${why}.`);
    case 'close':
      return msg(str`The register could not be closed: ${why}.`);
    case 'report':
      return msg(str`The report could not be read: ${why}.`);
  }
}
