import type { Id } from '../domain/ids.js';

/**
 * `items` in the order IndexedDB orders their ids as keys (numbers first, ascending, then strings
 * by UTF-16 code unit, as `indexedDB.cmp` does), one item per id: of two with the same key, the
 * later one, as a put per item would have left. The catalog, stored one record per product before,
 * is one array now (db.ts); this keeps the till's tiles in the order they always had. Does not
 * change `items`.
 */
export function inKeyOrder<T extends { id: Id }>(items: readonly T[]): T[] {
  const byKey = new Map<Id, T>();
  for (const item of items) byKey.set(item.id, item);
  return [...byKey.values()].sort((a, b) => compareKeys(a.id, b.id));
}

function compareKeys(a: Id, b: Id): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
