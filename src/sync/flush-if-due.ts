import { getMeta } from '../store/meta-repo.js';
import { countByStatus } from '../store/outbox-repo.js';
import { flushOutbox } from './flush-outbox.js';
import type { FlushReport } from './flush-report.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * The heartbeat's flush: sends only when orders are pending and the backoff stored after a failed
 * upload (`flushRetryAt`, device ms) has passed, so a server that keeps failing is not hammered
 * (no tight retry loop while the server fails). Resolves with the report, or null when nothing was due.
 */
export async function flushIfDue(deps: SyncDeps): Promise<FlushReport | null> {
  const [counts, retryAt] = await Promise.all([countByStatus(deps.db), getMeta(deps.db, 'flushRetryAt')]);
  if (counts.pending === 0 || deps.now() < (retryAt ?? 0)) return null;
  return flushOutbox(deps);
}
