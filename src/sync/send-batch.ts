import type { OutboxEntry } from '../store/db.js';
import { updateEntries, writeEntries } from '../store/outbox-repo.js';
import { clearFlushBackoff, recordFlushFailure } from './flush-backoff.js';
import type { FlushReport } from './flush-report.js';
import { markSessionClosed } from './mark-session-closed.js';
import { planUploadResults } from './plan-upload-results.js';
import type { SessionStates } from './session-states.js';
import type { SyncDeps } from './sync-deps.js';
import { uploadOrders, type UploadError } from './upload-orders.js';

/** The state of one flush, shared by its batches. */
export interface FlushRun {
  deps: SyncDeps;
  report: FlushReport;
  states: SessionStates;
  /** Orders already put in a request by this flush. */
  posted: Set<string>;
  /** True once a batch got through and the stored backoff was cleared. */
  backoffCleared: boolean;
  /** Device time (ms) of the last `outbox-changed` this flush broadcast; null before the first. */
  broadcastAt: number | null;
}

/**
 * Uploads one batch (built from the stored orders, C04) and applies the answer in one
 * transaction. A batch refused as a request is split in halves until the bad order stands alone
 * and is rejected (one bad order does not block the others). Resolves false when an upload
 * failed: its entries stay pending with the error, the backoff is stored, the flush stops.
 */
export async function sendBatch(run: FlushRun, batch: readonly OutboxEntry[]): Promise<boolean> {
  for (const entry of batch) run.posted.add(entry.uuid);
  run.report.sent = run.posted.size;
  const t0 = performance.now();
  const outcome = await uploadOrders(run.deps, batch.map((entry) => entry.order));
  const t1 = performance.now();
  ((globalThis as any).__prof ??= []).push(['upload', t1 - t0]);
  if (outcome.kind === 'failed') {
    await failBatch(run, batch, outcome.error);
    return false;
  }
  if (outcome.kind === 'refused' && batch.length > 1) {
    const middle = Math.ceil(batch.length / 2);
    return (await sendBatch(run, batch.slice(0, middle))) && sendBatch(run, batch.slice(middle));
  }
  if (outcome.kind === 'refused') await rejectAlone(run, batch, outcome.error);
  else await applyResults(run, batch, outcome.results);
  ((globalThis as any).__prof ??= []).push(['apply', performance.now() - t1]);
  if (!run.backoffCleared) {
    await clearFlushBackoff(run.deps.db);
    run.backoffCleared = true;
  }
  return true;
}

async function applyResults(run: FlushRun, batch: readonly OutboxEntry[], results: Parameters<typeof planUploadResults>[1]): Promise<void> {
  const plan = planUploadResults(batch, results, run.deps.now());
  // The batch was read by this flush under the outbox lock: write the merged entries back
  // without reading them again (the hot path of a 10,000-order flush).
  const patches = new Map(plan.updates.map((u) => [u.uuid, u.patch]));
  await writeEntries(run.deps.db, batch.map((entry) => ({ ...entry, ...patches.get(entry.uuid) })));
  for (const id of plan.closedSessionIds) {
    run.states.set(id, 'closed');
    await markSessionClosed(run.deps, id);
  }
  run.report.accepted += plan.accepted;
  run.report.duplicate += plan.duplicate;
  run.report.held += plan.held;
  run.report.rejected += plan.rejected;
}

async function rejectAlone(run: FlushRun, batch: readonly OutboxEntry[], error: UploadError): Promise<void> {
  const now = run.deps.now();
  await updateEntries(
    run.deps.db,
    batch.map((e) => ({ uuid: e.uuid, patch: { status: 'rejected' as const, lastError: error, attempts: e.attempts + 1, lastAttemptAt: now } })),
  );
  run.report.rejected += batch.length;
}

async function failBatch(run: FlushRun, batch: readonly OutboxEntry[], error: UploadError): Promise<void> {
  const now = run.deps.now();
  await updateEntries(
    run.deps.db,
    batch.map((e) => ({ uuid: e.uuid, patch: { lastError: error, attempts: e.attempts + 1, lastAttemptAt: now } })),
  );
  await recordFlushFailure(run.deps.db, now, run.deps.random(), error);
  run.report.failed = true;
  run.report.lastError = error;
}
