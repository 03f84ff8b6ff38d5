import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNCED_RETENTION_DAYS } from '../../src/domain/pos-config.js';
import { getMeta, setMeta } from '../../src/store/meta-repo.js';
import { countByStatus, getEntry, updateEntries } from '../../src/store/outbox-repo.js';
import { flushOutbox } from '../../src/sync/flush-outbox.js';
import { PRUNE_INTERVAL_MS, pruneSyncedIfDue } from '../../src/sync/prune-synced.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { answerOrders, fakeFetch, json, networkDown, type Handler } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';

const DAY_MS = 86_400_000;

async function setup(orders: Handler = (r) => answerOrders(r)) {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { now: clock.at, nextCheckAt: clock.at + 60_000 });
  const server = fakeFetch((request) =>
    request.url.pathname === '/api/orders' ? orders(request) : json(makeSession()),
  );
  return { db, clock, deps: makeSyncDeps(db, server.fetch, clock) };
}

/** `count` entries confirmed `daysAgo` days before the clock. */
async function syncedDaysAgo(
  db: Awaited<ReturnType<typeof setup>>['db'],
  clock: { at: number },
  count: number,
  daysAgo: number,
) {
  const entries = await addPending(db, count, { now: clock.at - daysAgo * DAY_MS - 1_000 });
  await updateEntries(
    db,
    entries.map((e) => ({
      uuid: e.uuid,
      patch: { status: 'synced' as const, syncedAt: clock.at - daysAgo * DAY_MS },
    })),
  );
  return entries;
}

describe('retention of synced entries', () => {
  it(`prunes synced entries older than the default ${DEFAULT_SYNCED_RETENTION_DAYS} days, keeps younger ones`, async () => {
    const { db, clock, deps } = await setup();
    const old = await syncedDaysAgo(db, clock, 2, DEFAULT_SYNCED_RETENTION_DAYS + 1);
    const young = await syncedDaysAgo(db, clock, 3, DEFAULT_SYNCED_RETENTION_DAYS - 1);
    expect(await pruneSyncedIfDue(deps)).toBe(2);
    expect(await getEntry(db, old[0]?.uuid ?? '')).toBeUndefined();
    expect((await getEntry(db, young[0]?.uuid ?? ''))?.status).toBe('synced');
  });

  it('follows the retention stored from the POS config', async () => {
    const { db, clock, deps } = await setup();
    await setMeta(db, 'syncedRetentionDays', 2);
    await syncedDaysAgo(db, clock, 1, 3);
    await syncedDaysAgo(db, clock, 1, 1);
    expect(await pruneSyncedIfDue(deps)).toBe(1);
    expect((await countByStatus(db)).synced).toBe(1);
  });

  it('runs at most once an hour', async () => {
    const { db, clock, deps } = await setup();
    await syncedDaysAgo(db, clock, 1, 30);
    expect(await pruneSyncedIfDue(deps)).toBe(1);
    await syncedDaysAgo(db, clock, 1, 30);
    clock.advance(PRUNE_INTERVAL_MS - 1);
    expect(await pruneSyncedIfDue(deps)).toBeNull();
    clock.advance(1);
    expect(await pruneSyncedIfDue(deps)).toBe(1);
    expect(await getMeta(db, 'lastPrunedAt')).toBe(clock.at);
  });

  it('never prunes pending, held or rejected entries, however old', async () => {
    const { db, clock, deps } = await setup();
    const entries = await addPending(db, 3, { now: clock.at - 400 * DAY_MS });
    await updateEntries(db, [
      { uuid: entries[1]?.uuid ?? '', patch: { status: 'held' } },
      { uuid: entries[2]?.uuid ?? '', patch: { status: 'rejected' } },
    ]);
    await setMeta(db, 'syncedRetentionDays', 1);
    expect(await pruneSyncedIfDue(deps)).toBe(0);
    expect(await countByStatus(db)).toEqual({ pending: 1, synced: 0, held: 1, rejected: 1 });
  });

  it('a flush that got through prunes and broadcasts the new counts; just-confirmed entries stay', async () => {
    const { db, clock, deps } = await setup();
    await syncedDaysAgo(db, clock, 2, 10);
    await addPending(db, 3, { now: clock.at });
    const report = await flushOutbox(deps);
    expect(report).toMatchObject({ accepted: 3, failed: false });
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 3, held: 0, rejected: 0 });
    // The last word on the outbox (a report of the counts to the server may follow: report-after-flush).
    expect(deps.messages.filter((m) => m.type === 'outbox-changed').at(-1)).toEqual({
      type: 'outbox-changed',
      counts: { pending: 0, synced: 3, held: 0, rejected: 0 },
    });
  });

  it('a failed flush prunes nothing', async () => {
    const { db, clock, deps } = await setup(networkDown);
    await syncedDaysAgo(db, clock, 2, 10);
    await addPending(db, 1, { now: clock.at });
    expect((await flushOutbox(deps)).failed).toBe(true);
    expect((await countByStatus(db)).synced).toBe(2);
    expect(await getMeta(db, 'lastPrunedAt')).toBeUndefined();
  });
});
