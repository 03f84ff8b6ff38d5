import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/store/db.js';
import { getMeta } from '../../src/store/meta-repo.js';
import { countByStatus, getEntry, listByStatus } from '../../src/store/outbox-repo.js';
import { getSessionRecord, putSessionRecord } from '../../src/store/session-repo.js';
import { recordFromSession } from '../../src/sync/build-session-record.js';
import { flushOutbox } from '../../src/sync/flush-outbox.js';
import { addPending, makeSession, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import {
  answerOrders,
  fakeFetch,
  json,
  networkDown,
  uploadedUuids,
  type Handler,
  type SeenRequest,
} from './fake-api.js';
import { makeSyncDeps, sessionStates, TEST_MAX_BATCH } from './sync-fixtures.js';

/** A fake API: session checks answer `session` (opened by default), uploads go to `orders`. */
function api(orders: Handler, session = makeSession()) {
  return fakeFetch((request) => (request.url.pathname === '/api/orders' ? orders(request) : json(session)));
}

async function setup(
  orders: Handler,
  options: { pending?: number; state?: 'opened' | 'closing_control' | 'closed' } = {},
) {
  const db = await openTestDb();
  const clock = testClock();
  await seedSession(db, { state: options.state ?? 'opened', now: clock.at, nextCheckAt: clock.at + 60_000 });
  const entries = await addPending(db, options.pending ?? 3, { now: clock.at });
  const server = api(orders, makeSession({ state: options.state ?? 'opened' }));
  return { db, clock, entries, server, deps: makeSyncDeps(db, server.fetch, clock) };
}

const uploads = (requests: SeenRequest[]) => requests.filter((r) => r.url.pathname === '/api/orders');
const statuses = async (db: Parameters<typeof getEntry>[0], entries: OutboxEntry[]) =>
  Promise.all(entries.map(async (e) => (await getEntry(db, e.uuid))?.status));

describe('flushOutbox', () => {
  it(`sends 250 pending orders in batches of ${TEST_MAX_BATCH}, oldest first, each once`, async () => {
    const { db, entries, server, deps } = await setup((r) => answerOrders(r), { pending: 250 });
    const report = await flushOutbox(deps);
    const sent = uploads(server.requests).map(uploadedUuids);
    expect(sent.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(sent.flat()).toEqual(entries.map((e) => e.uuid));
    expect(report).toMatchObject({ sent: 250, accepted: 250, failed: false, skipped: false });
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 250, held: 0, rejected: 0 });
  });

  it('orders sold while the flush runs are sent by it, after the older ones, each once', async () => {
    let sold: OutboxEntry[] = [];
    let first = true;
    const { db, clock, entries, server, deps } = await setup(
      async (r) => {
        if (first) {
          first = false;
          sold = await addPending(db, 2, { now: clock.at + 60_000 }); // a sale during the first upload
        }
        return answerOrders(r);
      },
      { pending: 250 },
    );
    const report = await flushOutbox({ ...deps, uploadTimeoutMs: 5_000 });
    const sent = uploads(server.requests).flatMap(uploadedUuids);
    expect(sent).toEqual([...entries, ...sold].map((e) => e.uuid));
    expect(report).toMatchObject({ sent: 252, accepted: 252, failed: false });
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 252, held: 0, rejected: 0 });
  });

  it('orders queued in the same millisecond as the last one a read returned are neither skipped nor sent twice', async () => {
    const { db, clock, entries, server, deps } = await setup((r) => answerOrders(r), { pending: 150 });
    // Two orders a millisecond for the first 100 ms: reads of a batch end in the middle of a millisecond.
    const twins = await addPending(db, 100, { now: clock.at });
    await flushOutbox(deps);
    const sent = uploads(server.requests).flatMap(uploadedUuids);
    expect(sent).toHaveLength(250);
    expect(new Set(sent)).toEqual(new Set([...entries, ...twins].map((e) => e.uuid)));
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 250, held: 0, rejected: 0 });
  });

  it("a batch's results are written once the next request is out: their puts would hold it back", async () => {
    const seen: (string | undefined)[][] = [];
    let look: () => Promise<void> = async () => undefined;
    const { db, entries, deps } = await setup(
      async (r) => {
        await look();
        return answerOrders(r);
      },
      { pending: TEST_MAX_BATCH * 2 },
    );
    const firstBatch = entries.slice(0, TEST_MAX_BATCH);
    const ends = [firstBatch[0], firstBatch.at(-1)].filter((e) => e !== undefined);
    look = async () => void seen.push(await statuses(db, ends));
    await flushOutbox({ ...deps, uploadTimeoutMs: 5_000 });
    expect(seen[1]).toEqual(['pending', 'pending']); // the second request went before the write
    expect(await statuses(db, firstBatch)).toEqual(firstBatch.map(() => 'synced'));
  });

  it('builds the request from the stored orders', async () => {
    const { entries, server, deps } = await setup((r) => answerOrders(r), { pending: 1 });
    await flushOutbox(deps);
    expect(uploads(server.requests)[0]?.body).toEqual({ orders: [entries[0]?.order] });
  });

  it('accepted and duplicate → synced with syncedAt; broadcasts outbox-changed', async () => {
    const { db, clock, entries, deps } = await setup((r) =>
      answerOrders(r, (uuid) => (uuid === entries[0]?.uuid ? 'duplicate' : 'accepted')),
    );
    const report = await flushOutbox(deps);
    expect(report).toMatchObject({ accepted: 2, duplicate: 1 });
    expect(await getEntry(db, entries[0]?.uuid ?? '')).toMatchObject({
      status: 'synced',
      syncedAt: clock.at,
      attempts: 1,
    });
    expect(deps.messages.filter((m) => m.type === 'outbox-changed').at(-1)).toEqual({
      type: 'outbox-changed',
      counts: { pending: 0, synced: 3, held: 0, rejected: 0 },
    });
  });

  it('session_closed → held, the session record closed and its closure broadcast at once (rule 3)', async () => {
    const { db, entries, deps } = await setup((r) => answerOrders(r, () => 'session_closed'));
    const report = await flushOutbox(deps);
    expect(report.held).toBe(3);
    expect(await statuses(db, entries)).toEqual(['held', 'held', 'held']);
    expect((await getEntry(db, entries[0]?.uuid ?? ''))?.lastError?.code).toBe('session_closed');
    expect((await getSessionRecord(db, 42))?.state).toBe('closed');
    expect(sessionStates(deps.messages).map((m) => m.record.state)).toContain('closed');
  });

  it('after a session_closed answer, the next batches of that session are held without being sent', async () => {
    const { db, server, deps } = await setup((r) => answerOrders(r, () => 'session_closed'), {
      pending: 150,
    });
    await flushOutbox(deps);
    expect(uploads(server.requests)).toHaveLength(1);
    expect((await countByStatus(db)).held).toBe(150);
  });

  it('an invalid order is rejected with the reason; the others in the batch are accepted; later orders flow', async () => {
    const { db, entries, deps } = await setup((r) =>
      json({
        results: uploadedUuids(r).map((uuid) =>
          uuid === entries[1]?.uuid
            ? {
                uuid,
                status: 'invalid',
                error: { code: 'validation_failed', message: 'amountTotal is 1, expected 120' },
              }
            : { uuid, status: 'accepted' },
        ),
      }),
    );
    const report = await flushOutbox(deps);
    expect(report).toMatchObject({ accepted: 2, rejected: 1 });
    expect(await statuses(db, entries)).toEqual(['synced', 'rejected', 'synced']);
    expect((await getEntry(db, entries[1]?.uuid ?? ''))?.lastError).toEqual({
      code: 'validation_failed',
      message: 'amountTotal is 1, expected 120',
    });
    await addPending(db, 1);
    expect((await flushOutbox(deps)).accepted).toBe(1);
  });

  it('an entry missing from the results stays pending and is not resent in the same flush', async () => {
    const { db, entries, server, deps } = await setup((r) =>
      json({
        results: uploadedUuids(r)
          .slice(1)
          .map((uuid) => ({ uuid, status: 'accepted' })),
      }),
    );
    await flushOutbox(deps);
    expect(uploads(server.requests)).toHaveLength(1);
    expect(await getEntry(db, entries[0]?.uuid ?? '')).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('holds, without sending, orders of a session known closed (rule 3)', async () => {
    const { db, entries, server, deps } = await setup((r) => answerOrders(r), { state: 'closed' });
    const report = await flushOutbox(deps);
    expect(uploads(server.requests)).toHaveLength(0);
    expect(report.held).toBe(3);
    expect(await statuses(db, entries)).toEqual(['held', 'held', 'held']);
  });

  it('after a failed check, verifies the session before sending: closed meanwhile → held, nothing sent', async () => {
    const { db, clock, entries, server, deps } = await setup((r) => answerOrders(r));
    const stale = await getSessionRecord(db, 42);
    if (!stale) throw new Error('no record');
    await putSessionRecord(db, {
      ...stale,
      failures: 2,
      lastError: { code: 'network', message: 'offline' },
      nextCheckAt: clock.at + 30_000,
    });
    const closedServer = api((r) => answerOrders(r), makeSession({ state: 'closed' }));
    await flushOutbox({ ...deps, fetch: closedServer.fetch });
    expect(uploads(closedServer.requests)).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
    expect(await statuses(db, entries)).toEqual(['held', 'held', 'held']);
  });

  it('after failed uploads (an outage no session check saw), verifies the session before sending: closed meanwhile → held, nothing sent', async () => {
    const { db, entries, deps } = await setup(networkDown);
    expect((await flushOutbox(deps)).failed).toBe(true); // the outage: seen by the upload only
    expect((await getSessionRecord(db, 42))?.failures).toBe(0);
    const closedServer = api((r) => answerOrders(r), makeSession({ state: 'closed' }));
    await flushOutbox({ ...deps, fetch: closedServer.fetch });
    expect(closedServer.requests.map((r) => r.url.pathname)).toEqual(['/api/sessions/42']);
    expect(await statuses(db, entries)).toEqual(['held', 'held', 'held']);
  });

  it('sends nothing when the session cannot be verified after an outage (an order of a session closed offline was sent unverified as the network came back)', async () => {
    const { db, clock, entries, deps } = await setup(networkDown);
    expect((await flushOutbox(deps)).failed).toBe(true); // the outage: seen by the upload only
    // The network comes back for uploads an instant before the session check gets through.
    const flaky = fakeFetch((request) =>
      request.url.pathname === '/api/orders' ? answerOrders(request) : networkDown(request),
    );
    clock.advance(10_000);
    const report = await flushOutbox({ ...deps, fetch: flaky.fetch });
    expect(report).toMatchObject({ failed: true, lastError: { code: 'network' } });
    expect(uploads(flaky.requests)).toHaveLength(0);
    expect(await statuses(db, entries)).toEqual(['pending', 'pending', 'pending']);
    expect(await getMeta(db, 'flushRetryAt')).toBeGreaterThan(clock.now());
    // Verified at last: the session was closed meanwhile, so its orders are held, never sent.
    clock.advance(120_000);
    const closedServer = api((r) => answerOrders(r), makeSession({ state: 'closed' }));
    await flushOutbox({ ...deps, fetch: closedServer.fetch });
    expect(uploads(closedServer.requests)).toHaveLength(0);
    expect(await statuses(db, entries)).toEqual(['held', 'held', 'held']);
  });

  it('a session check the server fails (500) does not stop the flush: the server still refuses a closed session', async () => {
    const { db, clock, entries, deps } = await setup(networkDown);
    await flushOutbox(deps);
    const failing = fakeFetch((request) =>
      request.url.pathname === '/api/orders'
        ? answerOrders(request)
        : json({ error: { code: 'x', message: 'x' } }, 500),
    );
    clock.advance(10_000);
    const report = await flushOutbox({ ...deps, fetch: failing.fetch });
    expect(report).toMatchObject({ failed: false, accepted: 3 });
    expect(await statuses(db, entries)).toEqual(['synced', 'synced', 'synced']);
  });

  it('still sends orders of a session in closing_control (rule 3: the count must be complete)', async () => {
    const { db, server, deps } = await setup((r) => answerOrders(r), { state: 'closing_control' });
    await flushOutbox(deps);
    expect(uploads(server.requests)).toHaveLength(1);
    expect((await countByStatus(db)).synced).toBe(3);
  });

  it('orders of other sessions are judged by their own session record', async () => {
    const { db, clock, server, deps } = await setup((r) => answerOrders(r), { pending: 1 });
    await putSessionRecord(
      db,
      recordFromSession(makeSession({ id: 41, state: 'closed' }), clock.at, null, 60_000),
    );
    await addPending(db, 2, { sessionId: 41, now: clock.at + 10 });
    const report = await flushOutbox(deps);
    expect(report).toMatchObject({ accepted: 1, held: 2 });
    expect(uploads(server.requests).flatMap(uploadedUuids)).toHaveLength(1);
  });

  it('network down → entries unchanged and count unchanged, attempt and error recorded, failure reported', async () => {
    const { db, entries, deps } = await setup(networkDown);
    const report = await flushOutbox(deps);
    expect(report).toMatchObject({ failed: true, lastError: { code: 'network' } });
    expect(await countByStatus(db)).toEqual({ pending: 3, synced: 0, held: 0, rejected: 0 });
    for (const entry of entries) {
      const stored = await getEntry(db, entry.uuid);
      expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: { code: 'network' } });
      expect(stored).toMatchObject({ kind: 'order', order: entry.order });
    }
  });

  it('a timeout, a 5xx, a proxy error page and garbage JSON all leave entries pending', async () => {
    const answers: Handler[] = [
      () => new Promise<Response>(() => undefined),
      () => json({ error: { code: 'internal', message: 'x' } }, 503),
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
      () => new Response('{"results": [', { status: 200 }),
    ];
    for (const answer of answers) {
      const { db, deps } = await setup(answer);
      expect((await flushOutbox(deps)).failed).toBe(true);
      expect((await countByStatus(db)).pending).toBe(3);
    }
  });

  it('two flushes started together send each order once', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const { db, entries, server, deps } = await setup(async (r) => {
      await slow;
      return answerOrders(r);
    });
    const first = flushOutbox({ ...deps, uploadTimeoutMs: 5_000 });
    const second = flushOutbox({ ...deps, uploadTimeoutMs: 5_000 });
    expect(await second).toMatchObject({ skipped: true, sent: 0 });
    release();
    await first;
    const sent = uploads(server.requests).flatMap(uploadedUuids);
    expect(sent.sort()).toEqual(entries.map((e) => e.uuid).sort());
    expect((await countByStatus(db)).synced).toBe(3);
  });

  it('a flush asked for while one begun offline still runs is not skipped: it sends once that one fails', async () => {
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const { db, entries, server, deps } = await setup(async (r) => {
      if (++calls > 1) return answerOrders(r);
      await stalled; // the network went away under this upload
      return networkDown(r);
    });
    const offline = flushOutbox({ ...deps, uploadTimeoutMs: 5_000 });
    const asked = flushOutbox({ ...deps, uploadTimeoutMs: 5_000 }, { whenRunning: 'after' });
    release();
    expect(await offline).toMatchObject({ failed: true });
    expect(await asked).toMatchObject({ skipped: false, failed: false, accepted: 3 });
    const accepted = uploads(server.requests).slice(1).flatMap(uploadedUuids);
    expect(accepted.sort()).toEqual(entries.map((e) => e.uuid).sort());
    expect((await countByStatus(db)).synced).toBe(3);
  });

  it('no tight loop against a failing server: a flush asked for while one runs does not retry at once after the server fails that one', async () => {
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const { db, clock, server, deps } = await setup(async () => {
      await stalled;
      return json({ error: { code: 'internal', message: 'x' } }, 500);
    });
    const running = flushOutbox({ ...deps, uploadTimeoutMs: 5_000 });
    const asked = flushOutbox({ ...deps, uploadTimeoutMs: 5_000 }, { whenRunning: 'after' });
    clock.advance(70);
    release();
    expect(await running).toMatchObject({ failed: true });
    expect(await asked).toMatchObject({ skipped: true, sent: 0 });
    expect(uploads(server.requests)).toHaveLength(1);
    expect((await countByStatus(db)).pending).toBe(3);
    expect(await getMeta(db, 'flushRetryAt')).toBeGreaterThan(deps.now());
    // Asked for after that failure (a new sale), a flush goes at once, whatever the backoff.
    clock.advance(70);
    await flushOutbox({ ...deps, uploadTimeoutMs: 5_000 }, { whenRunning: 'after' });
    expect(uploads(server.requests)).toHaveLength(2);
  });

  it('the server answers 500 once, then succeeds: all 3 stay until confirmed, then arrive once each', async () => {
    let calls = 0;
    const { db, entries, server, deps } = await setup((r) =>
      ++calls === 1 ? json({ error: { code: 'internal', message: 'x' } }, 500) : answerOrders(r),
    );
    expect((await flushOutbox(deps)).failed).toBe(true);
    expect(await statuses(db, entries)).toEqual(['pending', 'pending', 'pending']);
    expect((await flushOutbox(deps)).accepted).toBe(3);
    const accepted = uploads(server.requests).slice(1).flatMap(uploadedUuids);
    expect(accepted.sort()).toEqual(entries.map((e) => e.uuid).sort());
    expect(await getMeta(db, 'flushRetryAt')).toBeUndefined();
  });

  it('the server commits an upload but the answer is lost: the retry answers duplicate and the entry becomes synced', async () => {
    const committed = new Set<string>();
    let cut = true;
    const { db, entries, deps } = await setup((r) => {
      const uuids = uploadedUuids(r);
      const results = uuids.map((uuid) => ({ uuid, status: committed.has(uuid) ? 'duplicate' : 'accepted' }));
      for (const uuid of uuids) committed.add(uuid);
      if (cut) {
        cut = false;
        return new Promise<Response>(() => undefined);
      }
      return json({ results });
    });
    expect((await flushOutbox(deps)).lastError?.code).toBe('timeout');
    expect(await statuses(db, entries)).toEqual(['pending', 'pending', 'pending']);
    expect(await flushOutbox(deps)).toMatchObject({ duplicate: 3, accepted: 0 });
    expect(await statuses(db, entries)).toEqual(['synced', 'synced', 'synced']);
    expect(committed.size).toBe(3);
  });

  it('a whole batch refused as a request (400) is split until the bad order stands alone and is rejected', async () => {
    let bad = '';
    const { db, entries, server, deps } = await setup(
      (r) =>
        uploadedUuids(r).includes(bad)
          ? json({ error: { code: 'bad_request', message: 'order 3 is not an object' } }, 400)
          : answerOrders(r),
      { pending: 5 },
    );
    bad = entries[2]?.uuid ?? '';
    const report = await flushOutbox(deps);
    expect(report).toMatchObject({ accepted: 4, rejected: 1, failed: false });
    expect(await getEntry(db, bad)).toMatchObject({ status: 'rejected', lastError: { code: 'bad_request' } });
    expect(uploads(server.requests).length).toBeLessThanOrEqual(7);
  });

  it('a batch refused 403 (an order of another device or config) is split: only that order is rejected, with the reason', async () => {
    let bad = '';
    const { db, entries, deps } = await setup(
      (r) =>
        uploadedUuids(r).includes(bad)
          ? json(
              { error: { code: 'forbidden', message: 'the reference carries another device number' } },
              403,
            )
          : answerOrders(r),
      { pending: 4 },
    );
    bad = entries[1]?.uuid ?? '';
    expect(await flushOutbox(deps)).toMatchObject({ accepted: 3, rejected: 1, failed: false });
    expect(await getEntry(db, bad)).toMatchObject({ status: 'rejected', lastError: { code: 'forbidden' } });
  });

  it('a 413 with no API body (a proxy limit) also splits', async () => {
    const { db, server, deps } = await setup((r) =>
      uploadedUuids(r).length > 1 ? new Response('too large', { status: 413 }) : answerOrders(r),
    );
    expect((await flushOutbox(deps)).accepted).toBe(3);
    expect(uploads(server.requests).length).toBeGreaterThan(3);
    expect((await countByStatus(db)).synced).toBe(3);
  });

  it('after a 413 the rest of the flush sends halves: one split, not one per batch', async () => {
    const half = TEST_MAX_BATCH / 2;
    const { db, server, deps } = await setup(
      (r) => (uploadedUuids(r).length > half ? new Response('too large', { status: 413 }) : answerOrders(r)),
      { pending: TEST_MAX_BATCH * 2 },
    );
    expect((await flushOutbox(deps)).accepted).toBe(TEST_MAX_BATCH * 2);
    const sizes = uploads(server.requests).map((r) => uploadedUuids(r).length);
    expect(sizes).toEqual([TEST_MAX_BATCH, half, half, half, half]);
    expect((await countByStatus(db)).synced).toBe(TEST_MAX_BATCH * 2);
  });

  it('never deletes an entry, whatever the answers', async () => {
    const { db, entries, deps } = await setup(
      (r) =>
        answerOrders(
          r,
          (uuid) => ['accepted', 'invalid', 'session_closed'][uuid.charCodeAt(0) % 3] ?? 'accepted',
        ),
      { pending: 30 },
    );
    await flushOutbox(deps);
    const all = (
      await Promise.all((['pending', 'synced', 'held', 'rejected'] as const).map((s) => listByStatus(db, s)))
    ).flat();
    expect(all.map((e) => e.uuid).sort()).toEqual(entries.map((e) => e.uuid).sort());
  });

  it("a failed write of a batch's results (written while the next batch uploads) rejects the flush; the entries stay pending", async () => {
    const { db, server, deps } = await setup((r) => answerOrders(r), { pending: 250 });
    const broken = new Proxy(db, {
      get(target, key) {
        if (key !== 'transaction') return Reflect.get(target, key);
        return (...args: Parameters<typeof db.transaction>) => {
          if (args[1] === 'readwrite' && args[2]?.durability === 'relaxed')
            throw new DOMException('disk gone', 'UnknownError');
          return target.transaction(...args);
        };
      },
    });
    await expect(flushOutbox({ ...deps, db: broken })).rejects.toMatchObject({ name: 'UnknownError' });
    expect(uploads(server.requests).length).toBeLessThanOrEqual(2); // at most the next batch went meanwhile
    expect((await countByStatus(db)).pending).toBe(250);
  });
});
