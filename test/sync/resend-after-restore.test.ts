import { describe, expect, it } from 'vitest';
import { MIN_CHECK_GAP_MS } from '../../src/domain/check-schedule.js';
import { getMeta } from '../../src/store/meta-repo.js';
import { countByStatus, getEntry } from '../../src/store/outbox-repo.js';
import { getSessionRecord, putSessionRecord } from '../../src/store/session-repo.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { flushOutbox } from '../../src/sync/flush-outbox.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json, uploadedUuids, type SeenRequest } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';
import type { FetchFn } from '../../src/sync/sync-deps.js';

/**
 * A server that keeps what it accepted (`stored`: accepted once, then `duplicate`) and answers
 * the session check's `lastSynced` as the real one does. A restore from an older copy is
 * `stored` losing what came after the copy.
 */
function keepingServer() {
  const stored = new Set<string>();
  const accepted: string[] = [];
  const server = fakeFetch((request) => {
    if (request.url.pathname === '/api/orders')
      return json({
        results: uploadedUuids(request).map((uuid) => {
          if (stored.has(uuid)) return { uuid, status: 'duplicate' };
          stored.add(uuid);
          accepted.push(uuid);
          return { uuid, status: 'accepted' };
        }),
      });
    const named = request.url.searchParams.get('lastSynced');
    return json({ ...makeSession(), ...(named === null ? {} : { lastSyncedKnown: stored.has(named) }) });
  });
  return { ...server, stored, accepted };
}

const named = (requests: readonly SeenRequest[]) =>
  requests
    .filter((r) => r.url.pathname === '/api/sessions/42')
    .map((r) => r.url.searchParams.get('lastSynced'));

/** A till with session 42 opened, its next check a minute away, talking to `server`. */
async function tillOf(server: { fetch: FetchFn }) {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { now: clock.at, nextCheckAt: clock.at + 60_000 });
  return { db, clock, deps: makeSyncDeps(db, server.fetch, clock) };
}

describe('orders a restored server lost are sent again by the tills that hold them', () => {
  it('restore from an older copy: the check names the last order the server confirmed, the server no longer has it, every synced order goes again and each is stored once', async () => {
    const server = keepingServer();
    const { db, clock, deps } = await tillOf(server);
    const [kept, ...later] = await addPending(db, 3, { now: clock.at - 1_000 });
    if (!kept || later.length !== 2) throw new Error('three orders');

    expect(await flushOutbox(deps)).toMatchObject({ accepted: 3, failed: false });
    expect(await getMeta(db, 'lastSyncedUuid')).toBe(later[1]?.uuid);
    clock.advance(MIN_CHECK_GAP_MS);
    await checkIfDue(deps, { force: true });
    expect(named(server.requests)).toContain(later[1]?.uuid);
    expect(await countByStatus(db)).toMatchObject({ pending: 0, synced: 3 }); // still there: nothing to do

    // The server is restored from a copy made after the first order.
    server.stored.clear();
    server.stored.add(kept.uuid);
    clock.advance(MIN_CHECK_GAP_MS);
    await checkIfDue(deps, { force: true });
    expect(await countByStatus(db)).toMatchObject({ pending: 3, synced: 0 });
    expect(await getMeta(db, 'lastSyncedUuid')).toBeUndefined();
    expect((await getEntry(db, kept.uuid))?.syncedAt).toBeNull();
    expect(deps.messages.at(-1)).toMatchObject({ type: 'outbox-changed', counts: { pending: 3 } });

    expect(await flushOutbox(deps)).toMatchObject({ accepted: 2, duplicate: 1, failed: false });
    expect(await countByStatus(db)).toMatchObject({ pending: 0, synced: 3 });
    expect([...server.stored].sort()).toEqual([kept.uuid, ...later.map((e) => e.uuid)].sort());
    // Accepted once each over the whole story: the kept one before the copy, the later ones
    // before it and again after the restore lost them.
    expect(server.accepted.filter((u) => u === kept.uuid)).toHaveLength(1);
    for (const entry of later) expect(server.accepted.filter((u) => u === entry.uuid)).toHaveLength(2);
    clock.advance(MIN_CHECK_GAP_MS);
    await checkIfDue(deps, { force: true });
    expect(await countByStatus(db)).toMatchObject({ pending: 0, synced: 3 });
  });

  it("an order of a session this till knows closed, confirmed and then lost by the server's restore, is sent again rather than held: the server answers duplicate for what it has", async () => {
    const server = keepingServer();
    const { db, clock, deps } = await tillOf(server);
    const [yesterday] = await addPending(db, 1, { sessionId: 41, now: clock.at - 2_000 });
    const [today] = await addPending(db, 1, { now: clock.at - 1_000 });
    if (!yesterday || !today) throw new Error('two orders');
    expect(await flushOutbox(deps)).toMatchObject({ accepted: 2, failed: false });
    const closed = await getSessionRecord(db, 41);
    if (!closed) throw new Error('no record of session 41');
    await putSessionRecord(db, { ...closed, state: 'closed' });

    server.stored.delete(today.uuid); // the copy was made between the two
    clock.advance(MIN_CHECK_GAP_MS);
    await checkIfDue(deps, { force: true });
    expect(await countByStatus(db)).toMatchObject({ pending: 2, synced: 0 });
    expect(await flushOutbox(deps)).toMatchObject({ accepted: 1, duplicate: 1, held: 0, failed: false });
    expect(await countByStatus(db)).toMatchObject({ pending: 0, synced: 2, held: 0 });
    expect([...server.stored].sort()).toEqual([yesterday.uuid, today.uuid].sort());
  });

  it('a server that says nothing about lastSynced (an older one) never makes the till send again', async () => {
    const server = fakeFetch((request) =>
      request.url.pathname === '/api/orders'
        ? json({ results: uploadedUuids(request).map((uuid) => ({ uuid, status: 'accepted' })) })
        : json(makeSession()),
    );
    const { db, clock, deps } = await tillOf(server);
    await addPending(db, 2, { now: clock.at - 1_000 });
    await flushOutbox(deps);
    clock.advance(MIN_CHECK_GAP_MS);
    await checkIfDue(deps, { force: true });
    expect(await countByStatus(db)).toMatchObject({ pending: 0, synced: 2 });
  });
});
