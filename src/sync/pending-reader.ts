import type { OutboxEntry, PosDb } from '../store/db.js';
import { listByStatus } from '../store/outbox-repo.js';

/** The pending entries of one flush, oldest first, a chunk at a time. */
export interface PendingReader {
  /**
   * The next chunk, and the read of the one after it begun, so that it runs while the caller
   * sends this one. Empty when none was left: after an empty chunk the next one is read when
   * asked for (orders sold meanwhile). Rejects when IndexedDB fails.
   */
  next(): Promise<OutboxEntry[]>;
}

/**
 * Reads the outbox's pending entries oldest first, `chunk` at a time, each read starting where
 * the last one ended (`queuedAt` of its last entry: the entries of that same millisecond already
 * returned are read again and left out, so the read asks for that many more). An entry is
 * returned once: one the server did not answer for stays pending but is not sent again in the
 * same flush (no tight loop). Orders sold during the flush are read when their turn comes; one
 * queued with an earlier time than the flush has reached (the device clock set back) waits for the
 * next flush, which its sale asks for.
 *
 * Reading ahead keeps the entries' reading (a structured clone of each, on the runner's one thread)
 * out of the time between two requests; reading a chunk the size of a batch keeps the first request
 * from waiting for thousands of entries to be read.
 */
export function createPendingReader(db: PosDb, chunk: number): PendingReader {
  let from = -Infinity;
  /** Uuids of the entries returned whose `queuedAt` is `from`: the next read meets them again. */
  let atFrom = new Set<string>();
  /** The read of the next chunk, begun; null when the last chunk was empty (read when asked). */
  let ahead: Promise<OutboxEntry[] | null> = Promise.resolve(null);
  const read = async (): Promise<OutboxEntry[]> => {
    const stored = await listByStatus(db, 'pending', chunk + atFrom.size, from);
    const fresh = stored.filter((entry) => !atFrom.has(entry.uuid));
    for (const entry of fresh) {
      if (entry.queuedAt !== from) {
        from = entry.queuedAt;
        atFrom = new Set();
      }
      atFrom.add(entry.uuid);
    }
    return fresh;
  };
  return {
    next() {
      const current = ahead.then((entries) => entries ?? read());
      ahead = current.then((entries) => (entries.length > 0 ? read() : null));
      ahead.catch(() => undefined); // a read ahead nobody asks for (the flush stopped) fails silently
      return current;
    },
  };
}
