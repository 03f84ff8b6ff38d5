import { OUTBOX_SYNC_TAG, SESSION_CHECK_SYNC_TAG } from '../src/domain/api/names.js';
import type { PageMessage } from '../src/domain/messages.js';
import { applyPushedSession } from '../src/sync/apply-pushed-session.js';
import { checkIfDue } from '../src/sync/check-if-due.js';
import { flushIfDue } from '../src/sync/flush-if-due.js';
import { flushOutbox } from '../src/sync/flush-outbox.js';
import { flushOnSync, type Sleep } from '../src/sync/flush-on-sync.js';
import type { FlushReport } from '../src/sync/flush-report.js';
import type { SyncDeps } from '../src/sync/sync-deps.js';

/** What the worker's message handling needs; all injected so tests pass fakes. */
export interface PageMessageDeps {
  /** The sync dependencies (opens the database on first call). */
  syncDeps: () => Promise<SyncDeps>;
  /** Activates a waiting worker (the cashier accepted the update). */
  skipWaiting: () => Promise<void>;
  /** Asks the browser for a `sync` event when connectivity returns; absent where unsupported. */
  requestBackgroundSync?: (tag: string) => Promise<void>;
  /** The wait of a sync event for the upload backoff; the worker's ends when an update waits. */
  sleep?: Sleep;
}

/**
 * Runs what a page asked for: `heartbeat` → check if due, then flush if due; `check-now` → a
 * forced check (at most one per MIN_CHECK_GAP_MS); `flush-now` → a flush, after the one running if
 * any (callers fold a burst of them: coalesceRuns; `askedAt`, ms, is when the earliest was
 * sent, see FlushOptions); `session-pushed` →
 * applyPushedSession; `skip-waiting` → activate the waiting worker. A failed flush asks for a
 * Background Sync. Rejects when IndexedDB fails (the listener logs it).
 */
export async function handlePageMessage(
  message: PageMessage,
  deps: PageMessageDeps,
  askedAt?: number,
): Promise<void> {
  if (message.type === 'skip-waiting') return deps.skipWaiting();
  const sync = await deps.syncDeps();
  switch (message.type) {
    case 'heartbeat':
      await checkIfDue(sync);
      return afterFlush(await flushIfDue(sync), deps);
    case 'check-now':
      await checkIfDue(sync, { force: true });
      return;
    case 'flush-now':
      return afterFlush(await flushOutbox(sync, { whenRunning: 'after', askedAt }), deps);
    case 'session-pushed':
      await applyPushedSession(sync, message.session);
      return;
  }
}

/**
 * Runs on a `sync` or `periodicsync` event (other tags are left alone): `pos-session-check` → a
 * forced check (at most one per MIN_CHECK_GAP_MS); `pos-outbox-flush` → check if due, then send
 * the outbox. A failed flush rejects, so the browser retries the sync later.
 */
export async function handleSyncEvent(
  tag: string,
  deps: Pick<PageMessageDeps, 'syncDeps' | 'sleep'>,
): Promise<void> {
  if (tag !== OUTBOX_SYNC_TAG && tag !== SESSION_CHECK_SYNC_TAG) return;
  const sync = await deps.syncDeps();
  if (tag === SESSION_CHECK_SYNC_TAG) {
    await checkIfDue(sync, { force: true });
    return;
  }
  await checkIfDue(sync);
  await flushOnSync(sync, deps.sleep); // waits out the upload backoff; rejects when the flush failed
}

async function afterFlush(report: FlushReport | null, deps: PageMessageDeps): Promise<void> {
  if (report?.failed) await deps.requestBackgroundSync?.(OUTBOX_SYNC_TAG).catch(() => undefined);
}
