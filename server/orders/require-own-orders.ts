import type { DevicePrincipal } from '../auth/auth.js';
import type { Db } from '../db/open-database.js';
import { getSession } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { readId } from '../parse-input.js';

/**
 * A device sends only its own orders (docs/ACCESS.md): each order's session must belong to the
 * device's POS config and its `deviceNumber` must be the device's. Orders whose shape is wrong or
 * whose session is unknown pass here: the per-order checks answer them. Throws PosError
 * `forbidden` (403) for the whole batch otherwise.
 */
export function requireOwnOrders(db: Db, device: DevicePrincipal, rawOrders: readonly unknown[]): void {
  // A batch is nearly always one session: look each session up once.
  const configOf = new Map<number, number | undefined>();
  for (const raw of rawOrders) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { sessionId, deviceNumber, reference } = raw as { sessionId?: unknown; deviceNumber?: unknown; reference?: unknown };
    const id = readId(sessionId);
    if (id !== null && !configOf.has(id)) configOf.set(id, getSession(db, id)?.config_id);
    const configId = id === null ? undefined : configOf.get(id);
    if (configId !== undefined && configId !== device.configId) {
      throw httpError('forbidden', `Order ${String(reference)} is for a session of another POS config.`);
    }
    if (typeof deviceNumber === 'number' && deviceNumber !== device.deviceNumber) {
      throw httpError('forbidden', `Order ${String(reference)} carries device number ${deviceNumber}; this device is number ${device.deviceNumber}.`);
    }
  }
}
