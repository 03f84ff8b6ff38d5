/**
 * What the update prompt needs from the service-worker bridge (applied only between sales). Kept apart from
 * {@link PageBridge} so fakes of the sync bridge need not know about updates.
 */
export interface UpdateSource {
  /**
   * Calls `cb` once a new service worker is installed and waiting (at once when one already is);
   * never on a first install. Returns an unsubscribe.
   */
  onUpdateWaiting(cb: () => void): () => void;
  /**
   * Calls `cb` when a new worker took control of this page after an update was seen (this tab or
   * another one applied it): the page's code is now older than its worker. Returns an unsubscribe.
   */
  onUpdateActivated(cb: () => void): () => void;
  /**
   * Asks the waiting worker to activate and waits (bounded) until it controls the page. Resolves
   * true when it does (the caller reloads), false when there was no waiting worker or it did not
   * take control in time. Never rejects.
   */
  applyUpdate(): Promise<boolean>;
  /** True while an outbox flush holds its lock in any runner of the origin (Web Locks only). */
  flushRunning(): Promise<boolean>;
}

/** True when `bridge` can drive updates. */
export function isUpdateSource(bridge: unknown): bridge is UpdateSource {
  return (
    typeof bridge === 'object' &&
    bridge !== null &&
    typeof (bridge as Partial<UpdateSource>).applyUpdate === 'function'
  );
}
