import type { PageMessage, WorkerMessage } from '../domain/messages.js';
import type { PosDb } from '../store/db.js';
import { applyPushedSession } from '../sync/apply-pushed-session.js';
import { checkIfDue } from '../sync/check-if-due.js';
import { coalesceRuns } from '../sync/coalesce-runs.js';
import { flushIfDue } from '../sync/flush-if-due.js';
import { flushOutbox } from '../sync/flush-outbox.js';
import { createAuthorizedFetch } from '../sync/authorized-fetch.js';
import type { SyncDeps } from '../sync/sync-deps.js';
import { withLock } from '../sync/with-lock.js';

/**
 * The fallback runner: does in the page what the service worker does on each message, for
 * browsers without service workers or when registration failed. Loaded lazily by the bridge so
 * the sync code is not in the first-load bundle of a normal start. `withLock` (Web Locks, else a
 * lease in IndexedDB) keeps two fallback tabs from checking or flushing at the same time. Its
 * fetch is the authorized one, like the worker's.
 */
export class PageSync {
  private heartbeatBusy = false;
  private readonly deps: SyncDeps;
  /** A flush asked for runs after the running one; asks made meanwhile fold into that one run. */
  private readonly flushNow = coalesceRuns(async (askedAt) => {
    await flushOutbox(this.deps, { whenRunning: 'after', askedAt });
  });

  /** `broadcast` receives every worker-style message the sync functions emit. */
  constructor(db: PosDb, broadcast: (msg: WorkerMessage) => void) {
    this.deps = {
      db,
      fetch: createAuthorizedFetch({
        fetch: (input, init) => globalThis.fetch(input, init),
        db: () => db,
        origin: globalThis.location.origin,
        now: () => Date.now(),
        onUnpaired: (unpaired) => broadcast({ type: 'device-unpaired', unpaired }),
      }),
      now: () => Date.now(),
      random: () => Math.random(),
      online: () => navigator.onLine,
      withLock,
      broadcast,
      origin: globalThis.location.origin,
    };
  }

  /** Runs what `msg` asks for; resolves when done; logs and swallows sync failures. */
  async handle(msg: PageMessage): Promise<void> {
    try {
      switch (msg.type) {
        case 'heartbeat':
          await this.heartbeat();
          return;
        case 'check-now':
          await checkIfDue(this.deps, { force: true });
          return;
        case 'flush-now':
          await this.flushNow();
          return;
        case 'session-pushed':
          await applyPushedSession(this.deps, msg.session);
          return;
        case 'skip-waiting':
          return;
      }
    } catch (error) {
      console.warn(`pos-shell: page sync failed on ${msg.type}`, error);
    }
  }

  /** Check and flush if due; a heartbeat that finds the previous one still running is skipped. */
  private async heartbeat(): Promise<void> {
    if (this.heartbeatBusy) return;
    this.heartbeatBusy = true;
    try {
      await checkIfDue(this.deps);
      await flushIfDue(this.deps);
    } finally {
      this.heartbeatBusy = false;
    }
  }
}
