import { readPinHash, verifyManagerPin } from '../config/manager-pin-hash.js';
import { countAttempt, takeBackAttempt } from '../db/attempts-repo.js';
import { getConfig } from '../db/configs-repo.js';
import type { Executor } from '../db/database.js';
import { httpError, retryLaterUntil } from '../http-error.js';

/** Wrong PINs allowed per POS config within {@link PIN_FAILURE_WINDOW_MS} before rescues from tablets pause. */
export const MAX_PIN_FAILURES = 5;
/** The window (ms) wrong PINs are counted in, and how long the pause lasts. */
export const PIN_FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Wrong manager PINs are counted per POS config in the database (attempt_counters), so the limit
 * holds across every instance. A 4-digit PIN would fall to guessing in minutes; with 5 tries per
 * 15 minutes it takes weeks, and the manager sees the refusals. The PIN's hash is also on every
 * tablet of the config (for the offline check): the PIN keeps a cashier out of the Held orders
 * area, it is no secret against its own tablets.
 */
function pinKey(configId: number): string {
  return `pin:${configId}`;
}

/** How a refusal names the manager's action a PIN guards ("rescue orders from a tablet"). */
export interface PinGuardedAction {
  /** Completes "Set a manager PIN … to …". */
  toDo: string;
  /** Completes "… again in 15 min." */
  again: string;
  /** Starts "… needs the manager PIN of this POS config." */
  subject: string;
}

/** The rescue of held orders from a tablet (POST /api/sessions/:id/rescue). */
export const RESCUE_FROM_TABLET: PinGuardedAction = {
  toDo: 'rescue orders from a tablet',
  again: 'rescue from a tablet',
  subject: 'A rescue',
};

/**
 * A rescue from a tablet is a manager's decision made at that tablet: config `configId` must
 * have a manager PIN and `pin` (the header's value) must match it. (The admin token needs no
 * PIN; its route skips this.) Each try is counted BEFORE the PIN is checked, in one statement
 * (countAttempt), and given back when the PIN was right: tries sent together to several instances
 * cannot all pass a check made before any of them was counted. Throws PosError `forbidden` (403)
 * when no PIN is set, or the PIN is missing or wrong, and `rate_limited` (429) once a window of
 * {@link PIN_FAILURE_WINDOW_MS} (opened by the config's first try after the last one ended) holds
 * {@link MAX_PIN_FAILURES} wrong PINs, until it ends, even for the right PIN (with Retry-After:
 * RetryLaterError). Every action a PIN
 * guards (a rescue, closing a session) counts against the same limit; `action` names it in the
 * refusals.
 */
export async function requireManagerPin(
  db: Executor,
  configId: number,
  pin: string | undefined,
  now: Date,
  action: PinGuardedAction = RESCUE_FROM_TABLET,
): Promise<void> {
  const stored = readPinHash((await getConfig(db, configId))?.manager_pin_hash ?? null);
  if (!stored)
    throw httpError(
      'forbidden',
      `Set a manager PIN for this POS config in the back office to ${action.toDo}.`,
    );
  const counted = await countAttempt(db, pinKey(configId), now, PIN_FAILURE_WINDOW_MS);
  if (counted.attempts > MAX_PIN_FAILURES) {
    throw retryLaterUntil(
      counted.expiresAt,
      now,
      (seconds) => `Too many wrong manager PINs: ${action.again} again in ${Math.ceil(seconds / 60)} min.`,
    );
  }
  if (!pin || !(await verifyManagerPin(pin, stored)))
    throw httpError('forbidden', `${action.subject} needs the manager PIN of this POS config.`);
  await takeBackAttempt(db, pinKey(configId), counted.expiresAt);
}
