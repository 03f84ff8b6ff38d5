import type { SessionState } from './session-state.js';

/**
 * The session states and the rules that read them, zod-free so that the till's first load can use
 * them without the schemas (session-state.ts has SessionStateSchema and re-exports all of this).
 */

/** The Odoo point-of-sale session states, in their life order. */
export const SESSION_STATES = ['opening_control', 'opened', 'closing_control', 'closed'] as const;

/**
 * What a device believes about its session: a server state, or `missing` (the server answered
 * 404) or `unknown` (the server answered a state name this build does not know). Both extra values
 * count as "not opened".
 */
export type GuardState = SessionState | 'missing' | 'unknown';

/**
 * Allowed transitions: opening_control→opened→closing_control→closed, and opened→closed
 * (DESIGN.md, Words; Odoo's pos.session workflow).
 */
const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  opening_control: ['opened'],
  opened: ['closing_control', 'closed'],
  closing_control: ['closed'],
  closed: [],
};

/** True when a session may move from `from` to `to` (a move to the same state is not a move). */
export function canTransition(from: SessionState, to: SessionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Rule 1: a new order may be made only while the last known state is `opened`. */
export function canCreateOrder(state: GuardState): boolean {
  return state === 'opened';
}

/**
 * Rule 3: the outbox may send an order unless its session is known `closed` (or gone). Orders
 * made while `opened` still go during `closing_control`, so the manager's count is complete.
 */
export function canSendOrder(state: GuardState | undefined): boolean {
  return state !== 'closed' && state !== 'missing';
}

/** Rule 5: the server accepts orders for sessions in `opened` or `closing_control` only. */
export function serverAcceptsOrders(state: SessionState): boolean {
  return state === 'opened' || state === 'closing_control';
}
