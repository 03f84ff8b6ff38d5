/**
 * Coins and notes of a currency, for counting a drawer piece by piece. Values are integer minor
 * units of the currency (cents for EUR, yen for JPY), smallest first, coins before notes of the
 * same value (the US dollar has both).
 */

/** One kind of coin or note: its value in minor units. */
export interface Denomination {
  value: number;
  kind: 'coin' | 'note';
}

const coins = (...values: number[]): Denomination[] => values.map((value) => ({ value, kind: 'coin' }));
const notes = (...values: number[]): Denomination[] => values.map((value) => ({ value, kind: 'note' }));

/** The currencies whose pieces are known, by ISO 4217 code (the ones in circulation). */
const DENOMINATIONS: Readonly<Record<string, readonly Denomination[]>> = {
  EUR: [...coins(1, 2, 5, 10, 20, 50, 100, 200), ...notes(500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)],
  USD: [...coins(1, 5, 10, 25, 50, 100), ...notes(100, 200, 500, 1_000, 2_000, 5_000, 10_000)],
  GBP: [...coins(1, 2, 5, 10, 20, 50, 100, 200), ...notes(500, 1_000, 2_000, 5_000)],
  CHF: [...coins(5, 10, 20, 50, 100, 200, 500), ...notes(1_000, 2_000, 5_000, 10_000, 20_000, 100_000)],
  JPY: [...coins(1, 5, 10, 50, 100, 500), ...notes(1_000, 2_000, 5_000, 10_000)],
};

/**
 * The coins and notes of `currency` (ISO 4217, e.g. `EUR`), smallest first; empty for a currency
 * whose pieces are not known here (the drawer is then counted as one amount).
 */
export function denominationsOf(currency: string): readonly Denomination[] {
  return Object.hasOwn(DENOMINATIONS, currency) ? (DENOMINATIONS[currency] ?? []) : [];
}

/**
 * The cash counted piece by piece, minor units: Σ quantity × value, over `quantities` given in the
 * order of `denominations` (a missing quantity counts 0). Throws RangeError for a quantity that
 * is not a whole number ≥ 0, or a total that an integer cannot hold exactly.
 */
export function countedTotal(denominations: readonly Denomination[], quantities: readonly number[]): number {
  let total = 0;
  denominations.forEach((denomination, index) => {
    const quantity = quantities[index] ?? 0;
    if (!Number.isSafeInteger(quantity) || quantity < 0)
      throw new RangeError(`a quantity is a whole number, 0 or more: got ${String(quantity)}`);
    total += quantity * denomination.value;
  });
  if (!Number.isSafeInteger(total)) throw new RangeError('the total is too large to count exactly');
  return total;
}
