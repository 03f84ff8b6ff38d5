import type { PageMessage, WorkerMessage } from '../domain/messages.js';

/**
 * What the page needs from whatever runs the sync (the service worker, or the page itself when
 * there is none). The till controller and the session stream depend on this, not on a class, so
 * tests can hand them a fake.
 */
export interface PageBridge {
  /**
   * Delivers `msg` to the sync runner. Resolves true once handed over, false when no runner took
   * it in time. Never rejects, never hangs.
   */
  send(msg: PageMessage): Promise<boolean>;
  /** Calls `cb` for every worker → page message (from any tab's runner); returns an unsubscribe. */
  onMessage(cb: (msg: WorkerMessage) => void): () => void;
  /** Calls `cb` when a new service worker is installed and waiting; returns an unsubscribe. */
  onUpdateWaiting(cb: () => void): () => void;
}
