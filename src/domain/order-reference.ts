import type { Id } from './ids.js';

/** An order reference as formatReference writes it: `<session>-<device>-<sequence>`, digits only. */
export const REFERENCE_PATTERN = /^\d{5,}-\d{3,}-\d{4,}$/;

/**
 * Human order reference, unique without a server: `<session id>-<device number>-<sequence>`,
 * zero-padded to 5, 3 and 4 digits (wider numbers keep all their digits), e.g. `00042-003-0017`.
 * Throws RangeError for a negative or non-integer part; a non-numeric session id keeps its digits.
 */
export function formatReference(sessionId: Id, deviceNumber: number, sequence: number): string {
  for (const n of [deviceNumber, sequence]) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`reference part ${n} is not a whole number`);
  }
  const session = String(sessionId).replace(/\D/g, '') || '0';
  return `${session.padStart(5, '0')}-${String(deviceNumber).padStart(3, '0')}-${String(sequence).padStart(4, '0')}`;
}
