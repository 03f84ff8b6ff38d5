import { isCashMove, type OutboxEntry } from '../store/db.js';
import { updateEntries } from '../store/outbox-repo.js';

/**
 * Marks entries `held` without sending them, in one transaction (rule 3: never send an order or cash move whose
 * session is known closed or gone; kept for a manager's rescue, rule 4). `now` is device epoch ms.
 */
export async function holdEntries(
  db: Parameters<typeof updateEntries>[0],
  entries: readonly OutboxEntry[],
  now: number,
): Promise<void> {
  await updateEntries(
    db,
    entries.map((e) => ({
      uuid: e.uuid,
      patch: { status: 'held' as const, lastError: heldError(e), lastAttemptAt: now },
    })),
  );
}

/** Why an entry is held, kept on it (the Held orders area says it in the till's language by code). */
function heldError(entry: OutboxEntry): { code: string; message: string } {
  return {
    code: 'session_closed',
    message: isCashMove(entry)
      ? 'The session is closed: the cash move stays on this device for a manager.'
      : 'The session is closed: the order waits for a manager.',
  };
}
