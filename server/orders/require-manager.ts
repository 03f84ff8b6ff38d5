import { readPinHash, verifyManagerPin } from '../config/manager-pin-hash.js';
import { getConfig } from '../db/configs-repo.js';
import type { Db } from '../db/open-database.js';
import { httpError } from '../http-error.js';

/** Header that carries the manager PIN typed on the tablet for a rescue. */
export const MANAGER_PIN_HEADER = 'x-pos-manager-pin';

/**
 * A rescue from a tablet is a manager's decision made at that tablet: config `configId` must
 * have a manager PIN and `pin` (the header's value) must match it. (The admin token needs no
 * PIN; its route skips this.) Throws PosError `forbidden` (403) when no PIN is set, or the PIN
 * is missing or wrong.
 */
export async function requireManagerPin(db: Db, configId: number, pin: string | undefined): Promise<void> {
  const stored = readPinHash(getConfig(db, configId)?.manager_pin_hash ?? null);
  if (!stored) throw httpError('forbidden', 'Set a manager PIN for this POS config in the back office to rescue orders from a tablet.');
  if (!pin || !(await verifyManagerPin(pin, stored))) {
    throw httpError('forbidden', 'A rescue needs the manager PIN of this POS config.');
  }
}
