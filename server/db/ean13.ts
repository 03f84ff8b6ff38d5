import { isValidEan13 } from '../../src/domain/product.js';

/**
 * GS1 prefix 200–299 is for restricted, in-store numbering: the seed's barcodes cannot clash
 * with real trade items.
 */
export const IN_STORE_EAN_PREFIX = '200';

/**
 * Builds a valid EAN-13 from an in-store item number (0 ≤ item < 10⁹): prefix, item padded to 9
 * digits, GS1 check digit (same weights as isValidEan13). Throws RangeError for a bad item.
 */
export function inStoreEan13(item: number): string {
  if (!Number.isInteger(item) || item < 0 || item >= 1e9) throw new RangeError(`bad item number ${item}`);
  const body = IN_STORE_EAN_PREFIX + String(item).padStart(9, '0');
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  const code = body + String((10 - (sum % 10)) % 10);
  if (!isValidEan13(code)) throw new RangeError(`computed an invalid EAN-13 ${code}`);
  return code;
}
