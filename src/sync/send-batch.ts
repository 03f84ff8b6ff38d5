import { isCashMove, type OutboxEntry } from '../store/db.js';
import { setMeta } from '../store/meta-repo.js';
import { countByStatus, updateEntries, writeEntries } from '../store/outbox-repo.js';
import { clearFlushBackoff, recordFlushFailure } from './flush-backoff.js';
import type { FlushReport } from './flush-report.js';
import { markSessionClosed } from './mark-session-closed.js';
import { planUploadResults } from './plan-upload-results.js';
import type { SessionStates } from './session-states.js';
import type { SyncDeps } from './sync-deps.js';
import { uploadCashMoves, uploadOrders, type UploadError, type UploadOutcome } from './upload-orders.js';

/** The state of one flush, shared by its batches. */
export interface FlushRun {
  deps: SyncDeps;
  report: FlushReport;
  states: SessionStates;
  /** Orders already put in a request by this flush. */
  posted: Set<string>;
  /**
   * Most entries a batch of this flush carries: the worker's batch size, halved for the rest of
   * the flush when a request was too large (413) for the server or a proxy before it, so a
   * smaller body limit costs one split, not one at every batch.
   */
  batchLimit: number;
  /** True once a batch got through and the stored backoff was cleared. */
  backoffCleared: boolean;
  /** Device time (ms) of the last `outbox-changed` this flush broadcast; null before the first. */
  broadcastAt: number | null;
  /**
   * The results of the answered batches being written, each in a transaction of its own, made in
   * the order the answers came: the next batch is uploaded meanwhile (the write and the server's
   * work overlap). Settled by {@link settleWrites}.
   */
  writing: Promise<void>;
  /**
   * Lets the last answered batch's write begin; null once it began. Called once the next request
   * is out (sendBatch), at the next answer or when the writes are settled: begun before, the
   * write's puts (a structured clone and an IndexedDB request per entry, on the runner's one
   * thread, 30 to 50 ms for 500 entries on a 2-core machine) would hold that request back while
   * the server waits. Unless an earlier write still runs: see applyResults.
   */
  beginWrite: (() => void) | null;
  /**
   * The writes of the batches answered before the last one: a batch is sent once they are done,
   * so at most the last answer's write runs beside a request. A failed write stops the flush
   * before a second batch goes past it, and writes never pile up behind a slow disk.
   */
  earlierWrites: Promise<void>;
  /** Writes of answered batches not finished yet (begun or not). */
  writesRunning: number;
  /**
   * Device time (ms) the oldest order this flush settled (accepted, duplicate, held or rejected)
   * was queued at; null while none was. Tells whether the server's report is stale (reportAfterFlush).
   */
  settledSince: number | null;
}

/**
 * Shortest time between two `outbox-changed` broadcasts of one flush (ms): the status bar's count
 * moves visibly during a long flush, without a re-render per batch. The end of a flush always
 * broadcasts.
 */
export const OUTBOX_BROADCAST_INTERVAL_MS = 250;

/** A fresh run of a flush whose batches carry at most `batchLimit` entries. */
export function createFlushRun(
  deps: SyncDeps,
  states: SessionStates,
  report: FlushReport,
  batchLimit: number,
): FlushRun {
  return {
    deps,
    report,
    states,
    posted: new Set(),
    batchLimit,
    backoffCleared: false,
    broadcastAt: null,
    writing: Promise.resolve(),
    beginWrite: null,
    earlierWrites: Promise.resolve(),
    writesRunning: 0,
    settledSince: null,
  };
}

/** Notes that `entries` left `pending` in this flush (see FlushRun.settledSince). */
export function noteSettled(run: FlushRun, entries: readonly OutboxEntry[]): void {
  for (const entry of entries) {
    if (run.settledSince === null || entry.queuedAt < run.settledSince) run.settledSince = entry.queuedAt;
  }
}

/** Waits for the results being written; rejects with the IndexedDB error of a failed write. */
export async function settleWrites(run: FlushRun): Promise<void> {
  beginWrite(run);
  await run.writing;
}

/** Lets the write of the last answered batch begin (see FlushRun.beginWrite). */
function beginWrite(run: FlushRun): void {
  const begin = run.beginWrite;
  run.beginWrite = null;
  begin?.();
}

/**
 * Broadcasts `outbox-changed` when `force`d or OUTBOX_BROADCAST_INTERVAL_MS after the last one of
 * this flush, so a 10,000-order flush does not re-render every page 100 times.
 */
export async function broadcastCounts(run: FlushRun, force: boolean): Promise<void> {
  const now = run.deps.now();
  if (!force && run.broadcastAt !== null && now - run.broadcastAt < OUTBOX_BROADCAST_INTERVAL_MS) return;
  run.broadcastAt = now;
  run.deps.broadcast({ type: 'outbox-changed', counts: await countByStatus(run.deps.db) });
}

/**
 * Uploads one batch (built from the stored orders, never from a copy in memory) and applies the answer in one
 * transaction, which runs while the caller uploads the next batch (see `writing` and `beginWrite`; the session
 * states and the report are updated at once, so the next batch is judged on this answer). A batch
 * refused as a request is split in halves until the bad order stands alone and is rejected (one
 * bad order does not block the others). Resolves false when an upload failed: its entries stay
 * pending with the error, the backoff is stored, the flush stops.
 */
export async function sendBatch(run: FlushRun, batch: readonly OutboxEntry[]): Promise<boolean> {
  await run.earlierWrites; // rejects with the IndexedDB error of a failed write
  for (const entry of batch) run.posted.add(entry.uuid);
  run.report.sent = run.posted.size;
  const upload = uploadEntries(run.deps, batch);
  // The last answer's write begins once this request is out: the authorized fetch hands it over
  // within microtasks, so a task later.
  const waiting = run.beginWrite;
  if (waiting)
    setTimeout(() => {
      if (run.beginWrite === waiting) beginWrite(run);
    }, 0);
  const outcome = await upload;
  if (outcome.kind === 'failed') {
    await settleWrites(run);
    await failBatch(run, batch, outcome.error);
    return false;
  }
  if (outcome.kind === 'refused' && batch.length > 1) {
    const middle = Math.ceil(batch.length / 2);
    if (outcome.error.code === 'payload_too_large') run.batchLimit = Math.min(run.batchLimit, middle);
    return (await sendBatch(run, batch.slice(0, middle))) && sendBatch(run, batch.slice(middle));
  }
  if (outcome.kind === 'refused') {
    await settleWrites(run);
    await rejectAlone(run, batch, outcome.error);
  } else applyResults(run, batch, outcome.results);
  if (!run.backoffCleared) {
    await clearFlushBackoff(run.deps.db);
    run.backoffCleared = true;
  }
  return true;
}

/**
 * Posts a batch to the route of its kind: orders to `/api/orders`, cash moves to
 * `/api/cash-moves`. A batch holds one kind (see nextBatch in flush-outbox.ts); should one ever
 * mix them, the cash moves go in a request of their own after the orders.
 */
async function uploadEntries(deps: SyncDeps, batch: readonly OutboxEntry[]): Promise<UploadOutcome> {
  const orders = batch.flatMap((entry) => (isCashMove(entry) ? [] : [entry.order]));
  const moves = batch.flatMap((entry) => (isCashMove(entry) ? [entry.move] : []));
  if (moves.length === 0) return uploadOrders(deps, orders);
  if (orders.length === 0) return uploadCashMoves(deps, moves);
  const first = await uploadOrders(deps, orders);
  if (first.kind !== 'results') return first;
  const second = await uploadCashMoves(deps, moves);
  return second.kind === 'results'
    ? { kind: 'results', results: [...first.results, ...second.results] }
    : second;
}

/**
 * Plans the answer at once; chains its write (and the closures it found) onto `run.writing`, to
 * begin once the next request is out (FlushRun.beginWrite).
 */
function applyResults(
  run: FlushRun,
  batch: readonly OutboxEntry[],
  results: Parameters<typeof planUploadResults>[1],
): void {
  const plan = planUploadResults(batch, results, run.deps.now());
  for (const id of plan.closedSessionIds) run.states.set(id, 'closed');
  run.report.accepted += plan.accepted;
  run.report.duplicate += plan.duplicate;
  run.report.held += plan.held;
  run.report.rejected += plan.rejected;
  // The batch was read by this flush under the outbox lock: the merged entries are written back
  // without reading them again. Relaxed durability: a result lost to a power cut only means the
  // order is sent again and answered `duplicate` (the sale itself was written strict).
  const patches = new Map(plan.updates.map((u) => [u.uuid, u.patch]));
  const merged = batch.map((entry) => ({ ...entry, ...patches.get(entry.uuid) }));
  noteSettled(
    run,
    merged.filter((entry) => entry.status !== 'pending'),
  );
  // A write still waiting (a split batch's first half, an answer quicker than a task) begins
  // first: the transactions are made in the order the answers came.
  beginWrite(run);
  // The next request waits for the earlier writes (earlierWrites): while one runs, this write's
  // puts cost that request nothing, and begun now they keep IndexedDB busy; else they wait for it.
  const begun =
    run.writesRunning > 0 ? Promise.resolve() : new Promise<void>((resolve) => (run.beginWrite = resolve));
  run.writesRunning += 1;
  const write = (async () => {
    await begun;
    // Not after the previous write's commit: IndexedDB runs the transactions in the order they
    // were made, so this one's puts are issued while the previous one commits.
    await writeEntries(run.deps.db, merged, 'relaxed');
    const confirmed = lastSynced(merged);
    // Named by the next session check: a server restored from an older copy will not have it.
    if (confirmed) await setMeta(run.deps.db, 'lastSyncedUuid', confirmed);
    for (const id of plan.closedSessionIds) await markSessionClosed(run.deps, id);
    await broadcastCounts(run, false);
  })().finally(() => (run.writesRunning -= 1));
  run.earlierWrites = run.writing;
  run.writing = Promise.all([run.writing, write]).then(() => undefined);
  run.writing.catch(() => undefined); // reported by sendBatch and settleWrites, never unhandled
}

/** The uuid of the last of `entries` the server confirmed (`synced`), or undefined. */
function lastSynced(entries: readonly OutboxEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1)
    if (entries[i]?.status === 'synced') return entries[i]?.uuid;
  return undefined;
}

async function rejectAlone(run: FlushRun, batch: readonly OutboxEntry[], error: UploadError): Promise<void> {
  const now = run.deps.now();
  await updateEntries(
    run.deps.db,
    batch.map((e) => ({
      uuid: e.uuid,
      patch: { status: 'rejected' as const, lastError: error, attempts: e.attempts + 1, lastAttemptAt: now },
    })),
  );
  noteSettled(run, batch);
  run.report.rejected += batch.length;
}

async function failBatch(run: FlushRun, batch: readonly OutboxEntry[], error: UploadError): Promise<void> {
  const now = run.deps.now();
  const offline = run.deps.online?.() === false;
  // Offline, no server saw the batch: its entries are left as they are (retries come every few
  // seconds then, and rewriting up to a batch of entries each time was most of the offline writes).
  if (!offline)
    await updateEntries(
      run.deps.db,
      batch.map((e) => ({
        uuid: e.uuid,
        patch: { lastError: error, attempts: e.attempts + 1, lastAttemptAt: now },
      })),
    );
  await failRun(run, error);
}

/**
 * Fails the flush `run` with `error`: counts the failure and sets the backoff (capped while the
 * device says it is offline, see recordFlushFailure) and reports it. Touches no entry.
 */
export async function failRun(run: FlushRun, error: UploadError): Promise<void> {
  const offline = run.deps.online?.() === false;
  await recordFlushFailure(run.deps.db, run.deps.now(), run.deps.random(), error, { offline });
  run.report.failed = true;
  run.report.lastError = error;
}
