import { describe, expect, it } from 'vitest';
import { formatChange, parseChange } from '../../server/events/change-notification.js';
import {
  RECONNECT_FIRST_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
  reconnectDelayMs,
} from '../../server/events/reconnect-backoff.js';

describe('change notification payload', () => {
  it('carries only the kind and the id, and reads back what it wrote', () => {
    expect(formatChange({ kind: 'session', id: 42 })).toBe('s:42');
    expect(formatChange({ kind: 'config', id: 1 })).toBe('c:1');
    expect(parseChange('s:42')).toEqual({ kind: 'session', id: 42 });
    expect(parseChange('c:1')).toEqual({ kind: 'config', id: 1 });
    expect(parseChange(formatChange({ kind: 'session', id: Number.MAX_SAFE_INTEGER }))).toEqual({
      kind: 'session',
      id: Number.MAX_SAFE_INTEGER,
    });
  });

  it('does not mistake a foreign or damaged payload for a change', () => {
    for (const payload of [
      '',
      's:',
      's:0',
      's:042',
      's:-1',
      's:1.5',
      'x:1',
      'S:1',
      ' s:1',
      's:1 ',
      's:1\n',
      'session:1',
      's:99999999999999999',
      '{"id":1}',
    ]) {
      expect(parseChange(payload), payload).toBeNull();
    }
  });

  it('refuses to notify an id that is not a positive integer, saying which', () => {
    expect(() => formatChange({ kind: 'session', id: 0 })).toThrow(
      'A session id to notify must be a positive integer, not 0',
    );
    expect(() => formatChange({ kind: 'config', id: 1.5 })).toThrow(RangeError);
    expect(() => formatChange({ kind: 'config', id: Number.NaN })).toThrow(/not NaN/);
  });
});

describe('reconnect backoff', () => {
  it('starts at 100 ms and doubles up to a 5 s cap, forever (never gives up, never grows past the cap)', () => {
    const top = (attempt: number) => reconnectDelayMs(attempt, () => 0);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
    expect(top(0)).toBe(RECONNECT_FIRST_DELAY_MS);
    expect(top(10_000)).toBe(RECONNECT_MAX_DELAY_MS);
  });

  it('jitters each wait down to half its step, so instances that lost PostgreSQL together do not retry together', () => {
    expect(reconnectDelayMs(0, () => 0.999_999)).toBe(50);
    expect(reconnectDelayMs(9, () => 0.999_999)).toBe(2_500);
    const waits = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(6)));
    expect(waits.size).toBeGreaterThan(10);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(2_500);
  });
});
