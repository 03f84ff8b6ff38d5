/**
 * The arithmetic of a drawer count, shared by the till, the back office and the server: zod-free so
 * the back office can load it.
 */

/**
 * Largest amount of cash counted or moved at once: 10^10 minor units (100 million euros). A count
 * above it is a typing slip, not a drawer; it is refused (400), never clamped.
 */
export const MAX_CASH_AMOUNT = 10_000_000_000;

/** Longest note of a closing count (characters). */
export const MAX_CLOSING_NOTE_LENGTH = 1_000;

/**
 * Counted minus expected cash (minor units): positive when the drawer holds more than it should.
 * Null when either is unknown (nothing typed yet, or the expected cash could not be read).
 */
export function cashDifference(counted: number | null, expected: number | null): number | null {
  if (counted === null || expected === null) return null;
  return counted - expected;
}

/**
 * Whether closing with `counted` against `expected` needs a note: any difference, however small,
 * is explained by the person who counted (the server refuses the close otherwise: 409
 * `closing_note_required`). False while either is unknown: the server decides then.
 */
export function closingNoteRequired(counted: number | null, expected: number | null): boolean {
  const difference = cashDifference(counted, expected);
  return difference !== null && difference !== 0;
}
