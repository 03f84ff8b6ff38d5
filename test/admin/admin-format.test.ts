import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMoney, formatSaleTime, plural, rescuedCount, stateLabel } from '../../src/admin/admin-format.js';
import { sessionActions, targetState, unclosedSession } from '../../src/admin/session-actions.js';

describe('back-office formatting', () => {
  it('formats integer minor units with the currency’s own decimals', () => {
    expect(formatMoney(450, 'EUR')).toBe('€4.50');
    expect(formatMoney(450, 'JPY')).toBe('¥450');
    expect(formatMoney(1234, 'KWD')).toMatch(/^KWD\s1\.234$/);
  });

  it('shows a dash for a missing or unreadable time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDateTime('2025-03-12T14:05:00Z')).toMatch(/3\/12\/25/);
  });

  it('gives a sale\'s time to the second, with the date only when it is not the session\'s opening day', () => {
    const opened = new Date(2025, 2, 12, 8, 0, 0).toISOString(); // local time: the manager's day
    expect(formatSaleTime(new Date(2025, 2, 12, 14, 5, 9).toISOString(), opened)).toMatch(/^2:05:09\sPM$/);
    expect(formatSaleTime(new Date(2025, 2, 13, 0, 1, 30).toISOString(), opened)).toMatch(/^3\/13\/25, 12:01:30\sAM$/);
    expect(formatSaleTime(new Date(2025, 2, 12, 14, 5, 9).toISOString(), null)).toMatch(/^3\/12\/25, 2:05:09\sPM$/);
    expect(formatSaleTime('not a date', opened)).toBe('—');
  });

  it('words states, counts and rescued orders', () => {
    expect(stateLabel('closing_control')).toBe('Closing control');
    expect(plural(1, 'order')).toBe('1 order');
    expect(plural(0, 'order')).toBe('0 orders');
    expect(rescuedCount(3)).toBe(3);
    expect(rescuedCount([{}, {}])).toBe(2);
    expect(rescuedCount(undefined)).toBe(0);
  });
});

describe('session actions', () => {
  it('follows the allowed transitions', () => {
    expect(sessionActions('opening_control')).toEqual(['open-for-sales']);
    expect(sessionActions('opened')).toEqual(['start-closing-control', 'close']);
    expect(sessionActions('closing_control')).toEqual(['close']);
    expect(sessionActions('closed')).toEqual([]);
    expect(targetState('start-closing-control')).toBe('closing_control');
    expect(targetState('close')).toBe('closed');
  });

  it('finds the one session that is not closed', () => {
    expect(unclosedSession([{ id: 3, state: 'opened' }, { id: 2, state: 'closed' }])).toEqual({ id: 3, state: 'opened' });
    expect(unclosedSession([{ id: 2, state: 'closed' }])).toBeUndefined();
  });
});
