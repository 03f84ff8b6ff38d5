import type { WorkerMessage } from '../../src/domain/messages.js';
import type { PosDb } from '../../src/store/db.js';
import type { FetchFn, SyncDeps } from '../../src/sync/sync-deps.js';
import { createWithLock } from '../../src/sync/with-lock.js';

/** Entries per upload in these tests, whatever the worker's size: the batch tests count on it. */
export const TEST_MAX_BATCH = 100;

/** Sync deps over a test db, fake fetch and clock; `messages` records every broadcast. */
export function makeSyncDeps(
  db: PosDb,
  fetch: FetchFn,
  clock: { now: () => number },
  overrides: Partial<SyncDeps> = {},
): SyncDeps & { messages: WorkerMessage[] } {
  const messages: WorkerMessage[] = [];
  return {
    db,
    fetch,
    now: clock.now,
    random: () => 0.5,
    withLock: createWithLock({ locks: null, db: () => db, now: clock.now }),
    broadcast: (m) => messages.push(m),
    origin: 'http://till.test',
    checkTimeoutMs: 50,
    uploadTimeoutMs: 50,
    maxBatch: TEST_MAX_BATCH,
    catalogTimeoutMs: 50,
    messages,
    ...overrides,
  };
}

/** The session-state messages among `messages`. */
export function sessionStates(
  messages: readonly WorkerMessage[],
): Extract<WorkerMessage, { type: 'session-state' }>[] {
  return messages.filter(
    (m): m is Extract<WorkerMessage, { type: 'session-state' }> => m.type === 'session-state',
  );
}
