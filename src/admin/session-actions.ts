import type { SessionState } from '../domain/session-state.js';

/** What a manager may do to a session from the back office. */
export type SessionAction = 'open-for-sales' | 'start-closing-control' | 'close';

/**
 * The buttons a session in `state` gets, following the allowed transitions (session-state.ts):
 * opening_control → opened; opened → closing_control or closed; closing_control → closed. `state` is
 * the session's state as the server sent it: any other text gets no button.
 */
export function sessionActions(state: string): SessionAction[] {
  switch (state) {
    case 'opening_control':
      return ['open-for-sales'];
    case 'opened':
      return ['start-closing-control', 'close'];
    case 'closing_control':
      return ['close'];
    default:
      return [];
  }
}

/** The state a session action moves to. */
export function targetState(action: SessionAction): SessionState {
  switch (action) {
    case 'open-for-sales':
      return 'opened';
    case 'start-closing-control':
      return 'closing_control';
    case 'close':
      return 'closed';
  }
}

/** The first session that is not closed (a config has at most one), or undefined. */
export function unclosedSession<T extends { state: string }>(sessions: readonly T[]): T | undefined {
  return sessions.find((s) => s.state !== 'closed');
}
