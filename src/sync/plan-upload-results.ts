import type { Id } from '../domain/ids.js';
import type { OrderResult } from '../domain/pos-order.js';
import type { EntryPatch, OutboxEntry } from '../store/db.js';

/** One change to an outbox entry, as `updateEntries` takes it. */
export interface EntryUpdate {
  uuid: string;
  patch: EntryPatch;
}

/** What a batch's results mean for the outbox: entry updates, counts, sessions found closed. */
export interface UploadPlan {
  updates: EntryUpdate[];
  accepted: number;
  duplicate: number;
  held: number;
  rejected: number;
  /** Sessions the server answered `session_closed` for (rule 3: held, and the closure broadcast). */
  closedSessionIds: Id[];
}

/**
 * Turns a batch's per-order results into updates, never a deletion (rule 4): accepted and
 * duplicate → `synced`; session_closed → `held`; invalid → `rejected` with the server's reason
 * (one bad order never blocks the batch); an entry the server did not answer for stays `pending`. `now` is
 * device epoch ms.
 */
export function planUploadResults(
  batch: readonly OutboxEntry[],
  results: readonly OrderResult[],
  now: number,
): UploadPlan {
  const byUuid = new Map(
    results.flatMap((r) => (r.uuid === null ? [] : [[r.uuid.toLowerCase(), r] as const])),
  );
  const plan: UploadPlan = {
    updates: [],
    accepted: 0,
    duplicate: 0,
    held: 0,
    rejected: 0,
    closedSessionIds: [],
  };
  for (const entry of batch) {
    const result = byUuid.get(entry.uuid.toLowerCase());
    const attempt = { attempts: entry.attempts + 1, lastAttemptAt: now };
    if (!result) {
      const lastError = { code: 'bad_response', message: 'The server did not answer for this order.' };
      plan.updates.push({ uuid: entry.uuid, patch: { ...attempt, lastError } });
      continue;
    }
    plan.updates.push({ uuid: entry.uuid, patch: { ...attempt, ...patchFor(result, now) } });
    if (result.status === 'session_closed') {
      plan.held += 1;
      if (!plan.closedSessionIds.some((id) => String(id) === String(entry.sessionId)))
        plan.closedSessionIds.push(entry.sessionId);
    } else if (result.status === 'invalid') plan.rejected += 1;
    else plan[result.status] += 1;
  }
  return plan;
}

function patchFor(result: OrderResult, now: number): EntryUpdate['patch'] {
  switch (result.status) {
    case 'accepted':
    case 'duplicate':
      return { status: 'synced', syncedAt: now, lastError: null };
    case 'session_closed':
      return {
        status: 'held',
        lastError: result.error ?? {
          code: 'session_closed',
          message: 'The session was closed on the server.',
        },
      };
    case 'invalid':
      return {
        status: 'rejected',
        lastError: result.error ?? { code: 'validation_failed', message: 'The server refused this order.' },
      };
  }
}
