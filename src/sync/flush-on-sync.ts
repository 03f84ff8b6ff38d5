import { getMeta } from '../store/meta-repo.js';
import { countByStatus } from '../store/outbox-repo.js';
import { FLUSH_MAX_BACKOFF_MS } from './flush-backoff.js';
import { flushOutbox } from './flush-outbox.js';
import { emptyFlushReport, type FlushReport } from './flush-report.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * Waits `ms`; resolves `true` when the whole time passed, `false` when the wait was cut short (the
 * worker's sleep ends when a new version waits to take over: sw/sleep-until-update.ts). Tests pass
 * a fake.
 */
export type Sleep = (ms: number) => Promise<boolean>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(() => resolve(true), ms));

/**
 * The flush of a Background Sync `sync` event (tag `pos-outbox-flush`), which the browser fires
 * at once when the device is online, also right after a failed upload asked for it. So that it is
 * not an immediate retry (no tight loop against a failing server), it first waits out the stored backoff
 * (`flushRetryAt`, at most FLUSH_MAX_BACKOFF_MS: a sync event may live minutes), then sends the outbox (which
 * verifies the session first after an outage, so orders of a session closed meanwhile are held) unless
 * another runner failed meanwhile and set a later retry. Resolves with the report (skipped when another flush
 * was running); rejects when the upload failed or is still backed off, or the wait was cut short by an update
 * (nothing sent), so the browser fires the sync again later (orders leave even with no tab open), and when
 * IndexedDB fails.
 */
export async function flushOnSync(deps: SyncDeps, sleep: Sleep = realSleep): Promise<FlushReport> {
  if ((await countByStatus(deps.db)).pending === 0) return emptyFlushReport();
  const retryAt = (await getMeta(deps.db, 'flushRetryAt')) ?? 0;
  const wait = Math.min(FLUSH_MAX_BACKOFF_MS, retryAt - deps.now());
  if (wait > 0 && !(await sleep(wait)))
    throw new Error('outbox flush deferred: a new version of the till is taking over');
  const laterRetryAt = (await getMeta(deps.db, 'flushRetryAt')) ?? 0;
  if (laterRetryAt > retryAt && laterRetryAt > deps.now())
    throw new Error('outbox flush backed off: another upload failed meanwhile');
  const report = await flushOutbox(deps);
  if (report.failed) throw new Error(`outbox flush failed: ${report.lastError?.code ?? 'unknown'}`);
  return report;
}
