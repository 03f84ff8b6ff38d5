import { OUTBOX_FLUSH_LOCK } from '../domain/api/names.js';
import { canSendOrder } from '../domain/session-state.js';
import { isCashMove, type OutboxEntry } from '../store/db.js';
import { getMeta } from '../store/meta-repo.js';
import { countByStatus } from '../store/outbox-repo.js';
import { checkIfDue } from './check-if-due.js';
import { emptyFlushReport, type FlushReport } from './flush-report.js';
import { holdEntries } from './hold-entries.js';
import { createPendingReader } from './pending-reader.js';
import { pruneSyncedIfDue } from './prune-synced.js';
import { reportAfterFlush } from './report-after-flush.js';
import {
  broadcastCounts,
  createFlushRun,
  failRun,
  noteSettled,
  sendBatch,
  settleWrites,
  type FlushRun,
} from './send-batch.js';
import { createSessionStates } from './session-states.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * Orders per `POST /api/orders` (and cash moves per `POST /api/cash-moves`): the server's most.
 * Each request costs about the same whatever its size (the commit's fsync, the HTTP exchange, the
 * IndexedDB transactions), so 10,000 orders go in 20 requests instead of 100: 3.64 s (median of
 * six runs, 3.23 to 4.10 s) instead of 4.65 s (4.39 to 4.96 s) with batches of 100, the reads and
 * writes of this flush included, on a 2-core machine that other engineers' tests were loading too
 * (README, Performance). What is left is mostly IndexedDB writing each entry back (about 0.2 ms of
 * its thread an entry). 500 orders of a line or two are 200 to 250 KB of JSON, of 40 lines 2 to
 * 4 MB (the server takes 4 MB); a proxy with a smaller limit (nginx's default is 1 MB) answers
 * 413, and the flush then halves its batches (see FlushRun.batchLimit).
 */
export const MAX_ORDERS_PER_BATCH = 500;

/**
 * Sends the pending outbox, oldest first, in batches of MAX_ORDERS_PER_BATCH, orders and cash moves
 * alike (one store, one lock, one backoff: a cash move is an entry of another `kind`, see db.ts;
 * each batch holds one kind and goes to that kind's route). Before anything is
 * sent after an outage (the last check failed, or the last upload did), the session is checked
 * again: the server may have closed it meanwhile, and its orders must then be held, not sent (when that
 * check cannot reach the server, nothing is sent: the flush fails and backs off). Orders of a
 * session known closed or missing become `held` unsent (rule 3). Stops at the first failed upload (see
 * sendBatch). Broadcasts `outbox-changed` as batches go (at most every OUTBOX_BROADCAST_INTERVAL_MS) and when
 * done. Never deletes an unconfirmed entry; after a flush that got through, prunes `synced` entries older
 * than the retention (pruneSyncedIfDue, at most once an hour). Once the lock is released, when orders the
 * server last heard of as pending were settled, reports the new counts through a forced session check
 * (reportAfterFlush: within MIN_CHECK_GAP_MS, not per batch). When another flush is running (each order
 * is sent once): returns at once, `skipped`, or with `whenRunning: 'after'` waits for it to end and then
 * runs (unless the server failed an upload meanwhile: see FlushOptions.askedAt). Never rejects for network problems; rejects when IndexedDB fails.
 */
export async function flushOutbox(deps: SyncDeps, options: FlushOptions = {}): Promise<FlushReport> {
  const after = options.whenRunning === 'after';
  const askedAt = options.askedAt ?? deps.now();
  const result = await deps.withLock(
    OUTBOX_FLUSH_LOCK,
    async () => (after && (await serverFailedSince(deps, askedAt)) ? null : flushUnderLock(deps)),
    { ifAvailable: !after },
  );
  if (!result.acquired || !result.value) return { ...emptyFlushReport(), skipped: true };
  await reportAfterFlush(deps, result.value.settledSince);
  return result.value.report;
}

/**
 * True when an upload failed since `askedAt` for another reason than an unreachable network: a
 * flush that ran while this one waited tried the outbox and the server failed it, so its backoff
 * stands (a retry at once would be the tight loop the backoff exists to prevent; the failed run
 * asked for the retry). An unreachable network does not stand: it may be back, which is often why
 * this flush was asked for.
 */
async function serverFailedSince(deps: SyncDeps, askedAt: number): Promise<boolean> {
  const last = await getMeta(deps.db, 'flushLastError');
  return last !== undefined && last.at >= askedAt && last.code !== 'network';
}

/** How {@link flushOutbox} treats a flush already running. */
export interface FlushOptions {
  /**
   * `skip` (default): leave the outbox to it, as a heartbeat does. `after`: run once it ends, for a
   * flush someone asked for (a sale, the network back): the running one may have begun offline an
   * instant before, fail, and back off for seconds while the orders could already go.
   */
  whenRunning?: 'skip' | 'after';
  /**
   * With `after`: when the flush was asked for (device epoch ms; default now). Should an upload
   * fail on the server's side after that, the backoff it set stands and this flush is `skipped`.
   */
  askedAt?: number;
}

async function flushUnderLock(deps: SyncDeps): Promise<FlushRun> {
  const run = createFlushRun(
    deps,
    createSessionStates(deps.db),
    emptyFlushReport(),
    deps.maxBatch ?? MAX_ORDERS_PER_BATCH,
  );
  if ((await countByStatus(deps.db)).pending === 0) return run;
  // After an outage (a failed check, or failed uploads even if no check came due meanwhile) the
  // server may have closed the session: verify it before sending, so its orders are held, not sent.
  const outage = ((await getMeta(deps.db, 'flushFailures')) ?? 0) > 0;
  const verified = await checkIfDue(deps, { wait: true, retryFailed: true, afterOutage: outage });
  // That check failing to reach the server means the network is not back yet, whatever an upload
  // might do an instant later: sending then would send orders of a session that may have closed
  // unverified. The flush fails like an upload would (same backoff) and the next one verifies
  // again. A check the server answered with an error does not stop it: the server refuses orders
  // of a closed session itself.
  if (verified && verified.failures > 0 && isUnreachable(verified.lastError)) {
    await failRun(run, { code: verified.lastError.code, message: verified.lastError.message });
    return run;
  }
  // A batch's worth at a time, the next read while this one is sent (a flush that fails at once
  // does not load 10,000 orders); the last answer's write runs while the next request is out.
  const pending = createPendingReader(deps.db, run.batchLimit);
  for (;;) {
    let fresh = await pending.next();
    if (fresh.length === 0) {
      // None left when the read ahead ran: the last results are written, then a last look for
      // orders sold meanwhile.
      await settleWrites(run);
      fresh = await pending.next();
    }
    if (fresh.length === 0 || !(await flushEntries(run, fresh))) break;
  }
  await settleWrites(run);
  await broadcastCounts(run, true);
  if (!run.report.failed) await pruneAfterFlush(deps);
  return run;
}

/** Codes of a session check that never reached the server (fetch-session.ts). */
function isUnreachable(error: { code: string } | null): error is { code: string; message: string } {
  return error?.code === 'network' || error?.code === 'timeout';
}

/** Retention runs after a flush that got through; its failure does not fail the flush. */
async function pruneAfterFlush(deps: SyncDeps): Promise<void> {
  try {
    if (await pruneSyncedIfDue(deps))
      deps.broadcast({ type: 'outbox-changed', counts: await countByStatus(deps.db) });
  } catch (error) {
    console.warn('pos-shell: pruning synced orders failed; the next flush tries again', error);
  }
}

/**
 * Sends `entries` batch by batch; false when an upload failed. The last batch's results may still
 * be being written when it resolves (settleWrites).
 */
async function flushEntries(run: FlushRun, entries: readonly OutboxEntry[]): Promise<boolean> {
  let start = 0;
  while (start < entries.length) {
    const { send, hold, next } = await nextBatch(run, entries, start);
    start = next;
    if (hold.length > 0) {
      await holdEntries(run.deps.db, hold, run.deps.now());
      noteSettled(run, hold);
      run.report.held += hold.length;
    }
    if (send.length > 0 && !(await sendBatch(run, send))) return false; // sendBatch settled the writes
  }
  return true;
}

/**
 * From `start`, up to `run.batchLimit` (MAX_ORDERS_PER_BATCH unless a body was too large) sendable entries of one kind and the unsendable ones
 * (of any kind) met on the way. The batch ends where the kind changes, so orders go to
 * `/api/orders` and cash moves to `/api/cash-moves` in the order they were made; the rule that
 * holds an entry of a session known closed (rule 3) is the same for both.
 */
async function nextBatch(
  run: FlushRun,
  entries: readonly OutboxEntry[],
  start: number,
): Promise<{ send: OutboxEntry[]; hold: OutboxEntry[]; next: number }> {
  const send: OutboxEntry[] = [];
  const hold: OutboxEntry[] = [];
  let next = start;
  for (; next < entries.length && send.length < run.batchLimit; next += 1) {
    const entry = entries[next];
    if (!entry) continue;
    // One the server confirmed once and lost goes again even when its session is known closed:
    // the server answers `duplicate` for what it has before it looks at the session
    // (resendSynced). A session the server no longer knows (`missing`) is held as ever.
    const state = await run.states.get(entry.sessionId);
    const sendable = canSendOrder(state) || (entry.resent === true && state === 'closed');
    const first = send[0];
    if (sendable && first && isCashMove(first) !== isCashMove(entry)) break;
    (sendable ? send : hold).push(entry);
  }
  return { send, hold, next };
}
