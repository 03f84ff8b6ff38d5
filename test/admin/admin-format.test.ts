import { describe, expect, it } from 'vitest';
import { ordersText, waitingText } from '../../src/admin/admin-counts.js';
import {
  formatAge,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatSaleTime,
  isOne,
  methodLabel,
  rescuedCount,
  stateLabel,
} from '../../src/admin/admin-format.js';
import { sessionActions, targetState, unclosedSession } from '../../src/admin/session-actions.js';

describe('back-office formatting', () => {
  it('formats integer minor units with the currency’s own decimals, in the page’s language', () => {
    expect(formatMoney(450, 'EUR')).toBe('€4.50');
    expect(formatMoney(450, 'JPY')).toBe('¥450');
    expect(formatMoney(1234, 'KWD')).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(123_450, 'EUR', 'fr')).toMatch(/^1\s234,50\s€$/);
  });

  it('formats counts and limits as people write them', () => {
    expect(formatNumber(86_400)).toBe('86,400');
    expect(formatNumber(86_400, 'fr')).toMatch(/^86\s400$/);
  });

  it('shows a dash for a missing or unreadable time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDateTime('2025-03-12T14:05:00Z')).toMatch(/3\/12\/25/);
    expect(formatDateTime('2025-03-12T14:05:00Z', 'fr')).toMatch(/12\/03\/2025/);
  });

  it("gives a sale's time to the second, with the date only when it is not the session's opening day", () => {
    const opened = new Date(2025, 2, 12, 8, 0, 0).toISOString(); // local time: the manager's day
    expect(formatSaleTime(new Date(2025, 2, 12, 14, 5, 9).toISOString(), opened)).toMatch(/^2:05:09\sPM$/);
    expect(formatSaleTime(new Date(2025, 2, 13, 0, 1, 30).toISOString(), opened)).toMatch(
      /^3\/13\/25, 12:01:30\sAM$/,
    );
    expect(formatSaleTime(new Date(2025, 2, 12, 14, 5, 9).toISOString(), null)).toMatch(
      /^3\/12\/25, 2:05:09\sPM$/,
    );
    expect(formatSaleTime(new Date(2025, 2, 12, 14, 5, 9).toISOString(), opened, 'fr')).toBe('14:05:09');
    expect(formatSaleTime('not a date', opened)).toBe('—');
  });

  it('words states, payment methods, counts and rescued orders', () => {
    expect(stateLabel('closing_control')).toBe('Closing control');
    expect(stateLabel('opened')).toBe('Opened');
    expect(methodLabel('cash')).toBe('Cash');
    expect(methodLabel('voucher')).toBe('Voucher');
    expect(ordersText(1)).toBe('1 order');
    expect(ordersText(0)).toBe('0 orders');
    expect(ordersText(1200)).toBe('1,200 orders');
    expect(waitingText(2, 1)).toBe('2 orders not yet sent and 1 held order');
    expect(waitingText(0, 3)).toBe('3 held orders');
    expect(rescuedCount(3)).toBe(3);
    expect(rescuedCount([{}, {}])).toBe(2);
    expect(rescuedCount(undefined)).toBe(0);
  });

  it('takes the singular by each language’s rule: French says 0 commande', () => {
    expect(isOne(0, 'en')).toBe(false);
    expect(isOne(0, 'fr')).toBe(true);
    expect(isOne(1, 'fr')).toBe(true);
    expect(isOne(2, 'fr')).toBe(false);
  });
});

describe('formatAge (how old a device’s last report is)', () => {
  const now = Date.parse('2025-03-12T14:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('counts seconds, then minutes, hours and days, each rounded down', () => {
    expect(formatAge(ago(12_000), now)).toBe('12 s ago');
    expect(formatAge(ago(59_999), now)).toBe('59 s ago');
    expect(formatAge(ago(60_000), now)).toBe('1 min ago');
    expect(formatAge(ago(3 * 60_000 + 59_000), now)).toBe('3 min ago');
    expect(formatAge(ago(5 * 3_600_000 + 1), now)).toBe('5 h ago');
    expect(formatAge(ago(86_400_000), now)).toBe('1 day ago');
    expect(formatAge(ago(3 * 86_400_000), now)).toBe('3 days ago');
    expect(formatAge(ago(1_500 * 86_400_000), now)).toBe('1,500 days ago');
  });

  it('says "just now" under a second, and for a server clock ahead of this one', () => {
    expect(formatAge(ago(400), now)).toBe('just now');
    expect(formatAge(ago(-30_000), now)).toBe('just now');
  });

  it('has no age for no report', () => {
    expect(formatAge(null, now)).toBeNull();
    expect(formatAge('not a date', now)).toBeNull();
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
    expect(
      unclosedSession([
        { id: 3, state: 'opened' },
        { id: 2, state: 'closed' },
      ]),
    ).toEqual({ id: 3, state: 'opened' });
    expect(unclosedSession([{ id: 2, state: 'closed' }])).toBeUndefined();
  });
});
