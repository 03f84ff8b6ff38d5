import type { Db } from './db/open-database.js';
import { getSession } from './db/sessions-repo.js';
import type { SessionEvents } from './session-events.js';
import { sessionView } from './session-view.js';

/** Pushes the current view of session `sessionId` to its event streams, if any listen. */
export function publishSession(db: Db, events: SessionEvents, sessionId: number): void {
  if (!events.hasListeners(sessionId)) return;
  const row = getSession(db, sessionId);
  if (row) events.publish(sessionView(db, row));
}

/**
 * Pushes again every session of config `configId` that a stream listens to: after a session is
 * opened, tills still blocked on the register's closed session learn at once that Reload
 * continues in the new one (`nextSession`).
 */
export function publishConfigSessions(db: Db, events: SessionEvents, configId: number): void {
  for (const sessionId of events.listenedSessionIds()) {
    const row = getSession(db, sessionId);
    if (row?.config_id === configId) events.publish(sessionView(db, row));
  }
}
