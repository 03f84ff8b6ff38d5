import { sameId } from '../../src/domain/ids.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import type { SessionEvents } from '../session-events.js';
import type { ChangeHandlers } from './change-feed.js';

/** What {@link createSessionChangeHandlers} needs: nothing of the engine. */
export interface SessionChangeHandlerDeps {
  /** This instance's event streams. */
  events: SessionEvents;
  /** Re-reads session `sessionId` from the database as the API shows it (sessionView), or null when there is none. May reject. */
  readSession: (sessionId: number) => Promise<PosSession | null>;
  /** Receives one line when a re-read fails (the streams then learn at their next scheduled check). */
  log: (line: string) => void;
}

/** Re-reads asked for one session while another was running: publish it always, or only when it belongs to one of `configIds`. */
interface Wanted {
  always: boolean;
  configIds: Set<number>;
}

/**
 * The handlers of every instance, whatever the engine: each change re-reads the sessions that a
 * stream follows HERE and publishes them to `events`. `session(id)` re-reads that session,
 * `config(id)` every followed session of that config (after a session opens, tills blocked on the
 * register's closed one learn `nextSession`), `resync()` every followed session.
 *
 * Re-reads of one session run one at a time, and the changes that arrive meanwhile are merged into
 * ONE more re-read: on a pool, two re-reads at once could finish in the wrong order and leave a
 * stream on the older state (`closing_control` after `closed`), and a burst of changes costs two
 * reads, not one per change. Handlers return at once and never throw; a failed re-read is logged.
 */
export function createSessionChangeHandlers(deps: SessionChangeHandlerDeps): ChangeHandlers {
  const { events, log } = deps;
  const running = new Set<number>();
  const waiting = new Map<number, Wanted>();

  const refresh = async (sessionId: number, wanted: Wanted): Promise<void> => {
    if (!events.hasListeners(sessionId)) return;
    try {
      const session = await deps.readSession(sessionId);
      if (session && (wanted.always || [...wanted.configIds].some((configId) => sameId(configId, session.configId)))) events.publish(session);
    } catch (error) {
      log(`change feed: cannot re-read session ${sessionId} for its streams: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const drain = async (sessionId: number): Promise<void> => {
    running.add(sessionId);
    for (let wanted = waiting.get(sessionId); wanted; wanted = waiting.get(sessionId)) {
      waiting.delete(sessionId);
      await refresh(sessionId, wanted);
    }
    running.delete(sessionId);
  };

  /** Asks for a re-read of `sessionId`, published always or only when it is of `configId`. */
  const request = (sessionId: number, configId?: number): void => {
    const wanted = waiting.get(sessionId) ?? { always: false, configIds: new Set<number>() };
    if (configId === undefined) wanted.always = true;
    else wanted.configIds.add(configId);
    waiting.set(sessionId, wanted);
    if (!running.has(sessionId)) void drain(sessionId);
  };

  return {
    session: (sessionId) => {
      if (events.hasListeners(sessionId)) request(sessionId);
    },
    config: (configId) => {
      for (const sessionId of events.listenedSessionIds()) request(sessionId, configId);
    },
    resync: () => {
      for (const sessionId of events.listenedSessionIds()) request(sessionId);
    },
  };
}
