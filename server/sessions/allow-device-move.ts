import type { SessionState } from '../../src/domain/session-state.js';
import type { Auth, DevicePrincipal } from '../auth/auth.js';
import type { Executor } from '../db/database.js';
import { getSession } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { requireManagerPin, type PinGuardedAction } from '../orders/require-manager.js';

/** Closing control and the close, from a tablet. */
const CLOSE_FROM_TABLET: PinGuardedAction = {
  toDo: 'close a session from a tablet',
  again: 'close from a tablet',
  subject: 'Closing a session from a tablet',
};

/**
 * Who may move a session from a tablet (docs/ACCESS.md): a device of the session's config may
 * open the register (`opened`, which only `opening_control` moves to) with its token alone, and
 * start closing control or close with the config's manager PIN (`pin`, the `x-pos-manager-pin`
 * header: requireManagerPin, counted with the rescue's tries). Checked before the move's
 * transaction (the PIN's PBKDF2 takes a while and must not hold the database). Throws PosError
 * `not_found` (404) for an unknown session, `forbidden` (403) for another config's device, a
 * missing or wrong PIN or another move, `rate_limited` (429) after too many wrong PINs.
 */
export async function allowDeviceMove(
  db: Executor,
  auth: Auth,
  device: DevicePrincipal,
  move: { sessionId: number; state: SessionState; pin: string | undefined; now: Date },
): Promise<void> {
  const session = await getSession(db, move.sessionId);
  if (!session) throw httpError('not_found', `No session ${move.sessionId}`);
  auth.allowConfig(device, session.config_id);
  if (move.state === 'opened') return;
  if (move.state === 'closing_control' || move.state === 'closed') {
    await requireManagerPin(db, session.config_id, move.pin, move.now, CLOSE_FROM_TABLET);
    return;
  }
  throw httpError('forbidden', `A tablet cannot move a session to ${move.state}: it is a manager action.`);
}
