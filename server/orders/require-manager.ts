import { readPinHash, verifyManagerPin } from '../config/manager-pin-hash.js';
import { getConfig } from '../db/configs-repo.js';
import type { Db } from '../db/open-database.js';
import { getSession } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';

/** Header that carries the manager PIN typed on the tablet for a rescue. */
export const MANAGER_PIN_HEADER = 'x-pos-manager-pin';

/**
 * A rescue is a manager's decision: when the config of session `sessionId` has a manager PIN,
 * `pin` (the header's value) must match it. Resolves when allowed (also when the session is
 * unknown: the rescue answers 404 itself, or when no PIN is set). Throws PosError `forbidden`
 * (403) for a missing or wrong PIN.
 */
export async function requireManager(db: Db, sessionId: number, pin: string | undefined): Promise<void> {
  const session = getSession(db, sessionId);
  const stored = session ? readPinHash(getConfig(db, session.config_id)?.manager_pin_hash ?? null) : null;
  if (!stored) return;
  if (!pin || !(await verifyManagerPin(pin, stored))) {
    throw httpError('forbidden', 'A rescue needs the manager PIN of this POS config.');
  }
}
