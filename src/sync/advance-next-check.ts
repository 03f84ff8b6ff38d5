import type { Id } from '../domain/ids.js';
import type { SessionRecord } from '../domain/session-record.js';
import { SESSION_STORE } from '../store/db.js';
import type { SyncDeps } from './sync-deps.js';

/**
 * Makes the next check of session `id` due at `at` (device ms) when it was due later, in one
 * read-write transaction, and broadcasts the record so every page's due timer wakes the runner
 * then. Leaves a record already due by `at` alone (no write, no broadcast). Resolves with the
 * stored record (undefined when there is none); rejects when IndexedDB fails.
 */
export async function advanceNextCheck(
  deps: Pick<SyncDeps, 'db' | 'broadcast'>,
  id: Id,
  at: number,
): Promise<SessionRecord | undefined> {
  const tx = deps.db.transaction(SESSION_STORE, 'readwrite');
  const current = await tx.store.get(id);
  const advanced = current && current.nextCheckAt > at ? { ...current, nextCheckAt: at } : undefined;
  if (advanced) tx.store.put(advanced).catch(() => undefined);
  await tx.done;
  if (advanced) deps.broadcast({ type: 'session-state', record: advanced });
  return advanced ?? current;
}
