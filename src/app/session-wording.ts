import { msg, str } from '@lit/localize';
import type { GuardState } from '../domain/session-state.js';

/**
 * Short words for a session state, as the status bar shows them; getters, so each read is in the
 * till's language of the moment.
 */
export const STATE_WORDS: Readonly<Record<GuardState, string>> = {
  get opening_control() {
    return msg('not open yet');
  },
  get opened() {
    return msg('open');
  },
  get closing_control() {
    return msg('closing');
  },
  get closed() {
    return msg('closed');
  },
  get missing() {
    return msg('no longer exists');
  },
  get unknown() {
    return msg('in an unknown state');
  },
};

/**
 * The sentence that tells the cashier why the till is blocked (never swapped: `closing_control` says
 * "closing" and `closed` says "closed", never the other way round; in French "en cours de
 * clôture" and "fermée"). `name` is the session's name.
 */
export function blockedSentence(state: GuardState, name: string): string {
  switch (state) {
    case 'closed':
      return msg(str`Session ${name} is closed.`);
    case 'closing_control':
      return msg(str`Session ${name} is closing: the manager is counting the till.`);
    case 'opening_control':
      return msg(str`Session ${name} is not open yet: the manager has not finished opening it.`);
    case 'missing':
      return msg(str`Session ${name} no longer exists on the server.`);
    case 'unknown':
      return msg(str`Session ${name} is in a state this till does not know.`);
    case 'opened':
      return msg(str`Session ${name} is open.`);
  }
}
