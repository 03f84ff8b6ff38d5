import type { GuardState } from '../domain/session-state.js';

/** Short words for a session state, as the status bar shows them. */
export const STATE_WORDS: Readonly<Record<GuardState, string>> = {
  opening_control: 'not open yet',
  opened: 'open',
  closing_control: 'closing',
  closed: 'closed',
  missing: 'no longer exists',
  unknown: 'in an unknown state',
};

/**
 * The sentence that tells the cashier why the till is blocked (C18: `closing_control` says
 * "closing" and `closed` says "closed", never the other way round). `name` is the session's name.
 */
export function blockedSentence(state: GuardState, name: string): string {
  switch (state) {
    case 'closed':
      return `Session ${name} is closed.`;
    case 'closing_control':
      return `Session ${name} is closing: the manager is counting the till.`;
    case 'opening_control':
      return `Session ${name} is not open yet: the manager has not finished opening it.`;
    case 'missing':
      return `Session ${name} no longer exists on the server.`;
    case 'unknown':
      return `Session ${name} is in a state this till does not know.`;
    case 'opened':
      return `Session ${name} is open.`;
  }
}
