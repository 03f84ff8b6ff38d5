import { readPinHash, verifyManagerPin } from '../config/manager-pin-hash.js';
import { getConfig } from '../db/configs-repo.js';
import type { Executor } from '../db/database.js';
import { httpError } from '../http-error.js';

/** Header that carries the manager PIN typed on the tablet for a rescue. */
export const MANAGER_PIN_HEADER = 'x-pos-manager-pin';

/** Wrong PINs allowed per POS config within {@link PIN_FAILURE_WINDOW_MS} before rescues from tablets pause. */
export const MAX_PIN_FAILURES = 5;
/** The window (ms) wrong PINs are counted in, and how long the pause lasts. */
export const PIN_FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Wrong manager PINs per POS config, in memory (a restart forgets them). A 4-digit PIN would fall
 * to guessing in minutes; with 5 tries per 15 minutes it takes weeks, and the manager sees the
 * refusals. The PIN's hash is also on every tablet of the config (for the offline check): the
 * PIN keeps a cashier out of the Held orders area, it is no secret against its own tablets.
 */
export class PinFailures {
  private readonly failures = new Map<number, number[]>();

  constructor(private readonly now: () => Date) {}

  /** Throws PosError `rate_limited` (429) while config `configId` had too many wrong PINs. */
  check(configId: number): void {
    const recent = this.recent(configId);
    if (recent.length < MAX_PIN_FAILURES) return;
    const waitS = Math.ceil(((recent[0] ?? 0) + PIN_FAILURE_WINDOW_MS - this.now().getTime()) / 1000);
    throw httpError('rate_limited', `Too many wrong manager PINs: rescue from a tablet again in ${Math.ceil(waitS / 60)} min.`);
  }

  /** Counts one wrong PIN for config `configId`. */
  record(configId: number): void {
    this.failures.set(configId, [...this.recent(configId), this.now().getTime()]);
  }

  private recent(configId: number): number[] {
    const since = this.now().getTime() - PIN_FAILURE_WINDOW_MS;
    return (this.failures.get(configId) ?? []).filter((at) => at > since);
  }
}

/**
 * A rescue from a tablet is a manager's decision made at that tablet: config `configId` must
 * have a manager PIN and `pin` (the header's value) must match it. (The admin token needs no
 * PIN; its route skips this.) Throws PosError `forbidden` (403) when no PIN is set, or the PIN
 * is missing or wrong, and `rate_limited` (429) after too many wrong ones (see PinFailures).
 */
export async function requireManagerPin(db: Executor, configId: number, pin: string | undefined, failures: PinFailures): Promise<void> {
  const stored = readPinHash((await getConfig(db, configId))?.manager_pin_hash ?? null);
  if (!stored) throw httpError('forbidden', 'Set a manager PIN for this POS config in the back office to rescue orders from a tablet.');
  failures.check(configId);
  if (!pin || !(await verifyManagerPin(pin, stored))) {
    failures.record(configId);
    throw httpError('forbidden', 'A rescue needs the manager PIN of this POS config.');
  }
}
