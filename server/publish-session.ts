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
