import { describe, expect, it } from 'vitest';
import { EMPTY_COUNT, typedCount, type PendingCount } from '../../src/admin/pending-count.js';

describe('typedCount', () => {
  const refused: PendingCount = {
    expected: 1_000,
    expectedError: null,
    values: { counted: '12', note: '' },
    errors: { counted: () => 'bad count', note: () => 'note required' },
  };

  it('clears the problem of the field typed in again, and only that one', () => {
    const next = typedCount(refused, { counted: '12', note: 'Coin lost' });
    expect(next.values).toEqual({ counted: '12', note: 'Coin lost' });
    expect(Object.keys(next.errors)).toEqual(['counted']);
    expect(next.expected).toBe(1_000);
    expect(Object.keys(typedCount(refused, { counted: '10', note: '' }).errors)).toEqual(['note']);
  });

  it('starts empty', () => {
    expect(EMPTY_COUNT).toEqual({ counted: '', note: '' });
  });
});
