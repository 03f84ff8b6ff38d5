import type { SessionPatch } from '../../src/domain/api/sessions.js';
import { canTransition } from '../../src/domain/session-state.js';
import type { Executor } from '../db/database.js';
import {
  lockSessionForChange,
  setSessionCounts,
  setSessionState,
  type SessionRow,
} from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { closeSession } from './close-session.js';

/**
 * Moves session `id` as `patch` says, in the transaction `trx`, and returns the row before the
 * move. The row is locked first (lockSessionForChange), so the move is judged on the state no one
 * else is changing and an upload in flight lands before it. Rules, checked in this order:
 * 404 `not_found`; 409 `transition_not_allowed` (canTransition); into `opened` from
 * `opening_control` under the config's cash control, `openingCash` is required (409
 * `cash_count_required`) and stored beside the expected float (a difference never blocks);
 * into `closed`, see closeSession. Without cash control a count given is stored all the same.
 * Nothing is written when it throws. The caller pushes the change (changes.sessionChanged).
 */
export async function changeSessionState(
  trx: Executor,
  id: number,
  patch: SessionPatch,
  now: Date,
): Promise<SessionRow> {
  const current = await lockSessionForChange(trx, id);
  if (!current) throw httpError('not_found', `No session ${id}`);
  const { state } = patch;
  if (!canTransition(current.state, state)) {
    throw httpError(
      'transition_not_allowed',
      `Session ${current.name} cannot go from ${current.state} to ${state}.`,
    );
  }
  if (state === 'closed') {
    await closeSession(trx, current, patch, now);
    return current;
  }
  if (state === 'opened' && current.state === 'opening_control') {
    if (current.cash_control === 1 && patch.openingCash === undefined)
      throw httpError(
        'cash_count_required',
        `Count the cash in the drawer to open session ${current.name} (cash control is on).`,
        { field: 'openingCash' },
      );
    await setSessionCounts(trx, id, { openingCash: patch.openingCash });
  }
  await setSessionState(trx, id, state, now);
  return current;
}
