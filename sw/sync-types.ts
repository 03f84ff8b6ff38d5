/**
 * Background Sync and Periodic Background Sync, which TypeScript's WebWorker lib does not declare
 * (Chromium only; every use is feature-detected).
 */
export interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

export interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

export interface PeriodicSyncManagerLike {
  register(tag: string, options?: { minInterval?: number }): Promise<void>;
}

/** A registration that may carry `sync` and `periodicSync`. */
export type SyncCapableRegistration = ServiceWorkerRegistration & {
  sync?: SyncManagerLike;
  periodicSync?: PeriodicSyncManagerLike;
};

declare global {
  interface ServiceWorkerGlobalScopeEventMap {
    sync: SyncEvent;
    periodicsync: SyncEvent;
  }
}
