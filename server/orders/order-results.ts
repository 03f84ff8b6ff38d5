import type { OrderResult } from '../../src/domain/pos-order.js';

/** Longest uuid echoed back for an order that failed the schema (anything longer is garbage). */
const MAX_ECHOED_UUID_LENGTH = 64;

/** The `uuid` of a raw uploaded order if it has a readable one, else null. */
export function readUuid(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const uuid = (raw as { uuid?: unknown }).uuid;
  return typeof uuid === 'string' && uuid.length <= MAX_ECHOED_UUID_LENGTH ? uuid : null;
}

/** Result `invalid` with an error code and reason. */
export function invalid(uuid: string | null, code: string, message: string): OrderResult {
  return { uuid, status: 'invalid', error: { code, message } };
}

/** Result `accepted`. */
export function accepted(uuid: string): OrderResult {
  return { uuid, status: 'accepted' };
}

/** Result `duplicate`: this uuid is already stored; the first copy stays. */
export function duplicate(uuid: string): OrderResult {
  return { uuid, status: 'duplicate' };
}
