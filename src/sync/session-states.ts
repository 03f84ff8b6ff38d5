import type { Id } from '../domain/ids.js';
import type { GuardState } from '../domain/session-state.js';
import type { PosDb } from '../store/db.js';
import { getSessionRecord } from '../store/session-repo.js';

/** Stored session states as one flush sees them: read once per session, updated by its own findings. */
export interface SessionStates {
  /** The state of session `id` as stored, undefined when the device has no record of it. */
  get(id: Id): Promise<GuardState | undefined>;
  /** What the flush learnt (a `session_closed` answer), for the batches still to come. */
  set(id: Id, state: GuardState): void;
}

/** A per-flush cache over the `session` store. */
export function createSessionStates(db: PosDb): SessionStates {
  const cache = new Map<string, GuardState | undefined>();
  return {
    async get(id) {
      const key = String(id);
      if (!cache.has(key)) cache.set(key, (await getSessionRecord(db, id))?.state);
      return cache.get(key);
    },
    set(id, state) {
      cache.set(String(id), state);
    },
  };
}
