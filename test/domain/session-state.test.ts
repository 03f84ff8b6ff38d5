import { describe, expect, it } from 'vitest';
import {
  SESSION_STATES,
  canCreateOrder,
  canSendOrder,
  canTransition,
  serverAcceptsOrders,
  type GuardState,
} from '../../src/domain/session-state.js';

describe('session states', () => {
  it('allows exactly opening_control→opened→closing_control→closed and opened→closed', () => {
    const allowed = SESSION_STATES.flatMap((from) =>
      SESSION_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      ['closing_control→closed', 'opened→closed', 'opened→closing_control', 'opening_control→opened'].sort(),
    );
  });

  it('rule 1: a new order only while opened', () => {
    const all: GuardState[] = [...SESSION_STATES, 'missing', 'unknown'];
    expect(all.filter(canCreateOrder)).toEqual(['opened']);
  });

  it('rule 3: the outbox sends unless the session is known closed or missing (closing_control still sends)', () => {
    expect(canSendOrder('opened')).toBe(true);
    expect(canSendOrder('closing_control')).toBe(true);
    expect(canSendOrder(undefined)).toBe(true);
    expect(canSendOrder('unknown')).toBe(true);
    expect(canSendOrder('closed')).toBe(false);
    expect(canSendOrder('missing')).toBe(false);
  });

  it('rule 5: the server accepts orders in opened and closing_control only', () => {
    expect(SESSION_STATES.filter(serverAcceptsOrders)).toEqual(['opened', 'closing_control']);
  });
});
