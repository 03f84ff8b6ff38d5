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
  /**
   * Asks the browser for a Background Sync `pos-outbox-flush`, so the worker sends the outbox when
   * the network is back even if no tab is open then. Resolves false where Background
   * Sync or a service worker is missing. Never rejects. Optional: fakes may leave it out.
   */
  requestOutboxSync?(): Promise<boolean>;
  /** Calls `cb` for every worker → page message (from any tab's runner); returns an unsubscribe. */
  onMessage(cb: (msg: WorkerMessage) => void): () => void;
  /** Calls `cb` when a new service worker is installed and waiting; returns an unsubscribe. */
  onUpdateWaiting(cb: () => void): () => void;
}
