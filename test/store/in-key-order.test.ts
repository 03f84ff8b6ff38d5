import { describe, expect, it } from 'vitest';
import { inKeyOrder } from '../../src/store/in-key-order.js';

describe('inKeyOrder (the catalog as one record keeps the order of the store it replaced)', () => {
  it('orders numeric ids by value, not as text (10 after 9), as IndexedDB keys are', () => {
    expect(inKeyOrder([{ id: 10 }, { id: 9 }, { id: 100 }, { id: 0 }]).map((p) => p.id)).toEqual([
      0, 9, 10, 100,
    ]);
  });

  it('puts every numeric id before every string id, and strings by code unit ("B" before "a")', () => {
    expect(inKeyOrder([{ id: 'a' }, { id: 2 }, { id: 'B' }, { id: '1' }]).map((p) => p.id)).toEqual([
      2,
      '1',
      'B',
      'a',
    ]);
  });

  it('keeps one item per id, the later one, as a put per product left it (never two tiles of one product)', () => {
    const items = [
      { id: 1, name: 'old' },
      { id: 2, name: 'other' },
      { id: 1, name: 'new' },
    ];
    expect(inKeyOrder(items)).toEqual([
      { id: 1, name: 'new' },
      { id: 2, name: 'other' },
    ]);
  });

  it('leaves the list it was given as it was', () => {
    const items = [{ id: 2 }, { id: 1 }];
    inKeyOrder(items);
    expect(items).toEqual([{ id: 2 }, { id: 1 }]);
  });
});
