import { EventEmitter } from 'node:events';
import type { PosSession } from '../src/domain/pos-session.js';

/** Listener of one session's changes; gets the session as the API shows it. */
export type SessionListener = (session: PosSession) => void;

const SHUTDOWN = 'shutdown';
const PREFIX = 'session:';

/**
 * This instance's bus of session changes, one per app: the change handlers (push-to-streams.ts)
 * publish a session re-read after a change, wherever it was made; event streams subscribe to
 * theirs. `shutdown` tells open streams to end so the server can close.
 */
export class SessionEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open till tab: no fixed ceiling.
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener` on every publish of session `sessionId`; returns the unsubscribe. */
  subscribe(sessionId: number, listener: SessionListener): () => void {
    const name = eventName(sessionId);
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  /** True when a stream listens to session `sessionId` (so building its view is worth it). */
  hasListeners(sessionId: number): boolean {
    return this.emitter.listenerCount(eventName(sessionId)) > 0;
  }

  /** Ids of the sessions that have at least one stream listening now. */
  listenedSessionIds(): number[] {
    return this.emitter
      .eventNames()
      .flatMap((name) =>
        typeof name === 'string' && name.startsWith(PREFIX) ? [Number(name.slice(PREFIX.length))] : [],
      )
      .filter((id) => Number.isSafeInteger(id));
  }

  /** Delivers `session` to its listeners, synchronously. */
  publish(session: PosSession): void {
    this.emitter.emit(eventName(session.id), session);
  }

  /** Calls `listener` once when the server shuts down; returns the unsubscribe. */
  onShutdown(listener: () => void): () => void {
    this.emitter.once(SHUTDOWN, listener);
    return () => this.emitter.off(SHUTDOWN, listener);
  }

  /** Tells every open stream to end. */
  shutdown(): void {
    this.emitter.emit(SHUTDOWN);
  }
}

function eventName(sessionId: number | string): string {
  return `${PREFIX}${sessionId}`;
}
