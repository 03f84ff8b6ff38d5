import type { DevicePrincipal } from '../auth/auth.js';
import { httpError } from '../http-error.js';
import { readId } from '../parse-input.js';

/**
 * A device sends only its own orders (docs/ACCESS.md): each order's session must belong to the
 * device's POS config (`configOf` gives a session's config, undefined when unknown) and its
 * `deviceNumber` must be the device's. Orders whose shape is wrong or whose session is unknown
 * pass here: the per-order checks answer them. Throws PosError `forbidden` (403) for the whole
 * batch otherwise.
 */
export function requireOwnOrders(
  device: DevicePrincipal,
  rawOrders: readonly unknown[],
  configOf: (sessionId: number) => number | undefined,
): void {
  for (const raw of rawOrders) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { sessionId, deviceNumber, reference } = raw as {
      sessionId?: unknown;
      deviceNumber?: unknown;
      reference?: unknown;
    };
    const id = readId(sessionId);
    const configId = id === null ? undefined : configOf(id);
    if (configId !== undefined && configId !== device.configId) {
      throw httpError('forbidden', `Order ${String(reference)} is for a session of another POS config.`);
    }
    if (typeof deviceNumber === 'number' && deviceNumber !== device.deviceNumber) {
      throw httpError(
        'forbidden',
        `Order ${String(reference)} carries device number ${deviceNumber}; this device is number ${device.deviceNumber}.`,
      );
    }
  }
}

/** The session ids the raw orders of a batch name (those that can be ids), each once. */
export function sessionIdsOf(rawOrders: readonly unknown[]): number[] {
  const ids = rawOrders.map((raw) =>
    typeof raw === 'object' && raw !== null ? readId((raw as { sessionId?: unknown }).sessionId) : null,
  );
  return [...new Set(ids.filter((id) => id !== null))];
}
