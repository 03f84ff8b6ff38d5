import type { OutboxEntry } from '../store/db.js';
import { updateEntries } from '../store/outbox-repo.js';

/**
 * Marks entries `held` without sending them, in one transaction (rule 3: never send an order whose
 * session is known closed or gone; kept for a manager's rescue, rule 4). `now` is device epoch ms.
 */
export async function holdEntries(
  db: Parameters<typeof updateEntries>[0],
  entries: readonly OutboxEntry[],
  now: number,
): Promise<void> {
  const lastError = {
    code: 'session_closed',
    message: 'The session is closed: the order waits for a manager.',
  };
  await updateEntries(
    db,
    entries.map((e) => ({ uuid: e.uuid, patch: { status: 'held' as const, lastError, lastAttemptAt: now } })),
  );
}
