import { describe, expect, it } from 'vitest';
import type { OutboxStatus } from '../../src/store/db.js';
import { countByStatus, getEntry, pruneSyncedBefore, updateEntries } from '../../src/store/outbox-repo.js';
import { addPending, openTestDb } from './fixtures.js';

const T0 = 1_700_000_000_000;

describe('pruneSyncedBefore', () => {
  it('deletes only synced entries confirmed at or before the cutoff, in every other case keeps them', async () => {
    const db = await openTestDb();
    const entries = await addPending(db, 7, { now: T0 });
    const plan: { status: OutboxStatus; syncedAt: number | null }[] = [
      { status: 'synced', syncedAt: T0 + 10 }, // old, confirmed: goes
      { status: 'synced', syncedAt: T0 + 1_000 }, // at the cutoff: goes
      { status: 'synced', syncedAt: T0 + 1_001 }, // confirmed after the cutoff: stays
      { status: 'pending', syncedAt: null }, // never confirmed: stays
      { status: 'held', syncedAt: null },
      { status: 'rejected', syncedAt: null },
      { status: 'pending', syncedAt: T0 }, // a syncedAt on a non-synced entry (impossible today) still stays
    ];
    await updateEntries(
      db,
      entries.map((e, i) => ({ uuid: e.uuid, patch: plan[i] ?? {} })),
    );
    expect(await pruneSyncedBefore(db, T0 + 1_000)).toBe(2);
    const kept = await Promise.all(entries.map(async (e) => (await getEntry(db, e.uuid))?.status ?? 'gone'));
    expect(kept).toEqual(['gone', 'gone', 'synced', 'pending', 'held', 'rejected', 'pending']);
  });

  it('keeps an entry confirmed before the cutoff by a clock set back to before it was queued, until its queuing time is past the cutoff too (kept longer, never lost)', async () => {
    const db = await openTestDb();
    const [late] = await addPending(db, 1, { now: T0 + 5_000 });
    await updateEntries(db, [{ uuid: late?.uuid ?? '', patch: { status: 'synced', syncedAt: T0 } }]);
    expect(await pruneSyncedBefore(db, T0 + 1_000)).toBe(0);
    expect((await getEntry(db, late?.uuid ?? ''))?.status).toBe('synced');
    expect(await pruneSyncedBefore(db, T0 + 5_000)).toBe(1);
    expect(await getEntry(db, late?.uuid ?? '')).toBeUndefined();
  });

  it('never deletes pending, held or rejected entries, however old', async () => {
    const db = await openTestDb();
    const entries = await addPending(db, 3, { now: 0 });
    await updateEntries(db, [
      { uuid: entries[1]?.uuid ?? '', patch: { status: 'held' } },
      { uuid: entries[2]?.uuid ?? '', patch: { status: 'rejected' } },
    ]);
    expect(await pruneSyncedBefore(db, Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(await countByStatus(db)).toEqual({ pending: 1, synced: 0, held: 1, rejected: 1 });
  });
});
