import type { UploadError } from './upload-orders.js';

/**
 * What one flush did. `sent`: orders put in at least one request; `accepted` / `duplicate`: now
 * synced; `held`: held before sending (session known closed) or answered `session_closed`;
 * `rejected`: refused as invalid; `failed`: an upload failed and the rest waits for the backoff,
 * with `lastError`; `skipped`: another flush was running, this one did nothing (so each order is sent once).
 */
export interface FlushReport {
  sent: number;
  accepted: number;
  duplicate: number;
  held: number;
  rejected: number;
  failed: boolean;
  lastError: UploadError | null;
  skipped: boolean;
}

/** A report of a flush that did nothing (yet). */
export function emptyFlushReport(): FlushReport {
  return {
    sent: 0,
    accepted: 0,
    duplicate: 0,
    held: 0,
    rejected: 0,
    failed: false,
    lastError: null,
    skipped: false,
  };
}
