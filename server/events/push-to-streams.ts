import type { Executor } from '../db/database.js';
import { getSessions } from '../db/sessions-repo.js';
import type { SessionEvents } from '../session-events.js';
import { sessionViews } from '../session-view.js';
import type { ChangeHandlers } from './change-feed.js';

/** Where a handler's failure goes (it never throws). */
export type HandlerErrorLog = (message: string, error: unknown) => void;

/** The app's ChangeHandlers, and a promise of the moment the ones started so far are done. */
export interface StreamPusher extends ChangeHandlers {
  /** Resolves once every handler run started so far has finished (before the database closes). */
  settled(): Promise<void>;
}

/**
 * What this instance does with a change, wherever it was made: re-read the sessions concerned
 * from `db` and push them to this instance's own event streams (`events`), only those a stream
 * follows here. `session(id)`: that session. `config(id)`: every followed session of the config
 * (a new frequency; a new catalog version; or a new session, so tills blocked on a closed one
 * learn that Reload continues in it). `resync()`: every followed session. Runs one at a time in the order they
 * came, so a later change is never pushed before an earlier one. Failures go to `onError`.
 */
export function pushToStreams(db: Executor, events: SessionEvents, onError: HandlerErrorLog): StreamPusher {
  let queue: Promise<void> = Promise.resolve();
  const run = (what: string, work: () => Promise<void>): void => {
    queue = queue
      .then(work)
      .catch((error: unknown) => onError(`could not push ${what} to its event streams`, error));
  };
  const push = async (sessionIds: readonly number[], configId?: number): Promise<void> => {
    const followed = sessionIds.filter((id) => events.hasListeners(id));
    if (followed.length === 0) return;
    const rows = (await getSessions(db, followed)).filter(
      (row) => configId === undefined || row.config_id === configId,
    );
    for (const view of await sessionViews(db, rows)) events.publish(view);
  };
  return {
    session: (sessionId) => run(`session ${sessionId}`, () => push([sessionId])),
    config: (configId) =>
      run(`the sessions of config ${configId}`, () => push(events.listenedSessionIds(), configId)),
    resync: () => run('every followed session', () => push(events.listenedSessionIds())),
    settled: () => queue,
  };
}
