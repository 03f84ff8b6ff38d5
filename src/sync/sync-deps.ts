import type { WorkerMessage } from '../domain/messages.js';
import type { SessionRecord } from '../domain/session-record.js';
import type { PosDb } from '../store/db.js';
import type { LockFn } from './with-lock.js';

/** The part of `fetch` the sync code uses; the worker passes `self.fetch`, tests a fake. */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** Sends one message to every open page of the origin (see broadcast.ts). Never throws. */
export type Broadcast = (message: WorkerMessage) => void;

/**
 * Everything the session check and the outbox flush touch, injected so that tests pass fakes and
 * the same code runs in the service worker and, as a fallback, in the page.
 */
export interface SyncDeps {
  db: PosDb;
  fetch: FetchFn;
  /** Device clock, epoch ms. */
  now: () => number;
  /** Uniform in [0, 1): jitter of retries. */
  random: () => number;
  /**
   * `navigator.onLine`: false when the device knows it has no network. Absent: taken as online.
   * An upload failed offline does not lengthen the retry wait past a few seconds (see
   * recordFlushFailure).
   */
  online?: () => boolean;
  withLock: LockFn;
  broadcast: Broadcast;
  /** Prefix of API URLs, e.g. `https://till.example`; '' (default) for same-origin relative URLs. */
  origin?: string;
  /** Session check timeout (ms); CHECK_TIMEOUT_MS when absent. Tests shorten it. */
  checkTimeoutMs?: number;
  /** Catalog fetch timeout (ms); CATALOG_TIMEOUT_MS when absent. Tests shorten it. */
  catalogTimeoutMs?: number;
  /** Upload timeout (ms); UPLOAD_TIMEOUT_MS when absent. Tests shorten it. */
  uploadTimeoutMs?: number;
  /** Most entries per upload; MAX_ORDERS_PER_BATCH when absent. Tests make it smaller (cheaper). */
  maxBatch?: number;
  /**
   * Called after a session check failed and its record was stored (the worker asks for a
   * Background Sync when the device is offline). Must not throw.
   */
  onCheckFailed?: (record: SessionRecord) => void;
}
