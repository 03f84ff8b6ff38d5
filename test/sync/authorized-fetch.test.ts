import { describe, expect, it } from 'vitest';
import type { DeviceUnpaired } from '../../src/domain/pairing.js';
import type { PosDb } from '../../src/store/db.js';
import { readDevice, storePairing } from '../../src/store/device-repo.js';
import { getMeta } from '../../src/store/meta-repo.js';
import { countByStatus, listByStatus } from '../../src/store/outbox-repo.js';
import { getSessionRecord } from '../../src/store/session-repo.js';
import {
  announceNewDeviceToken,
  createAuthorizedFetch,
  needsDeviceToken,
} from '../../src/sync/authorized-fetch.js';
import { checkIfDue } from '../../src/sync/check-if-due.js';
import { flushOutbox } from '../../src/sync/flush-outbox.js';
import type { FetchFn } from '../../src/sync/sync-deps.js';
import { addPending, openTestDb, seedSession, testClock } from '../store/fixtures.js';
import { json } from './fake-api.js';
import { makeSyncDeps } from './sync-fixtures.js';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';

const ORIGIN = 'http://till.test';
const TOKEN = 'pos_dev_first-token';
const PAIRED = {
  token: TOKEN,
  deviceId: '8a3f2c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  deviceNumber: 3,
  configId: 1,
};

/** One request as the network saw it: URL and Authorization header. */
interface Seen {
  url: string;
  authorization: string | null;
}

/** A network that records each request's Authorization header and answers with `answer`. */
function network(answer: (url: string) => Response | Promise<Response> = () => json({ ok: true })): {
  fetch: FetchFn;
  seen: Seen[];
} {
  const seen: Seen[] = [];
  const fetch: FetchFn = async (input, init) => {
    seen.push({ url: input, authorization: new Headers(init?.headers).get('authorization') });
    return answer(input);
  };
  return { fetch, seen };
}

const revoked = (): Response =>
  json({ error: { code: 'device_revoked', message: 'This device was unpaired.' } }, 401);

async function pairedDb(): Promise<PosDb> {
  const db = await openTestDb();
  await storePairing(db, PAIRED);
  return db;
}

function authorized(db: PosDb, net: FetchFn, unpaired: DeviceUnpaired[] = []): FetchFn {
  return createAuthorizedFetch({
    fetch: net,
    db: () => db,
    origin: ORIGIN,
    now: () => 1_000,
    onUnpaired: (m) => unpaired.push(m),
  });
}

describe('the authorized fetch', () => {
  it('adds the device token to same-origin /api/ requests only (not /api/pair, other paths or origins)', async () => {
    const net = network();
    const fetch = authorized(await pairedDb(), net.fetch);
    for (const url of [
      '/api/sessions/1?pending=0&held=0',
      `${ORIGIN}/api/orders`,
      '/api/pair',
      '/index.html',
      'http://elsewhere.test/api/orders',
      '/apix',
    ])
      await fetch(url);
    expect(net.seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/api/sessions/1?pending=0&held=0', `Bearer ${TOKEN}`],
      [`${ORIGIN}/api/orders`, `Bearer ${TOKEN}`],
      ['/api/pair', null],
      ['/index.html', null],
      ['http://elsewhere.test/api/orders', null],
      ['/apix', null],
    ]);
    expect(needsDeviceToken('/api/device', ORIGIN)).toBe(true);
  });

  it("keeps the caller's headers (the manager PIN of a rescue) and never overrides an Authorization set by the caller", async () => {
    const seen: Headers[] = [];
    const fetch = authorized(await pairedDb(), async (_input, init) => {
      seen.push(new Headers(init?.headers));
      return json({});
    });
    await fetch('/api/sessions/1/rescue', {
      method: 'POST',
      headers: { [MANAGER_PIN_HEADER]: '2468', 'content-type': 'application/json' },
    });
    await fetch('/api/configs/1', { headers: { authorization: 'Bearer other' } });
    expect(seen[0]?.get(MANAGER_PIN_HEADER)).toBe('2468');
    expect(seen[0]?.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(seen[1]?.get('authorization')).toBe('Bearer other');
  });

  it('sends no Authorization before the tablet is paired, and a 401 then marks nothing', async () => {
    const db = await openTestDb();
    const unpaired: DeviceUnpaired[] = [];
    const net = network(revoked);
    await authorized(db, net.fetch, unpaired)('/api/configs/1');
    expect(net.seen[0]?.authorization).toBeNull();
    expect(await getMeta(db, 'deviceUnpaired')).toBeUndefined();
    expect(unpaired).toEqual([]);
  });

  it('reads the token once, not at every request (during a flush each read waits behind the outbox writes)', async () => {
    const db = await pairedDb();
    let reads = 0;
    const counted = new Proxy(db, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== 'get' || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => (
          (reads += 1),
          (value as (...a: unknown[]) => unknown).apply(target, args)
        );
      },
    });
    const net = network();
    const fetch = authorized(counted, net.fetch);
    for (let i = 0; i < 5; i += 1) await fetch('/api/orders', { method: 'POST', body: '{}' });
    expect(reads).toBe(1);
    expect(net.seen.every((s) => s.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('a new pairing applies at once: announced in this context, the next request carries the new token', async () => {
    const db = await pairedDb();
    const net = network();
    const fetch = authorized(db, net.fetch);
    await fetch('/api/configs/1');
    await storePairing(db, { ...PAIRED, token: 'pos_dev_second' });
    announceNewDeviceToken();
    await fetch('/api/configs/1');
    expect(net.seen.map((s) => s.authorization)).toEqual([`Bearer ${TOKEN}`, 'Bearer pos_dev_second']);
  });

  it('a pairing in another context not yet announced: the 401 to the old token is sent again once with the new one, and marks nothing', async () => {
    const db = await pairedDb();
    const unpaired: DeviceUnpaired[] = [];
    let repaired = false; // the server replaced TOKEN when another tab paired the tablet again
    const net = network(() =>
      repaired && net.seen.at(-1)?.authorization === `Bearer ${TOKEN}` ? revoked() : json({}),
    );
    const fetch = authorized(db, net.fetch, unpaired);
    await fetch('/api/configs/1'); // remembers TOKEN
    await storePairing(db, { ...PAIRED, token: 'pos_dev_other_tab' }); // no notice reached this context
    repaired = true;
    const response = await fetch('/api/orders', { method: 'POST', body: '{"orders":[]}' });
    expect(response.status).toBe(200);
    expect(net.seen.map((s) => s.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
      'Bearer pos_dev_other_tab',
    ]);
    expect((await readDevice(db)).unpaired).toBeUndefined();
    expect(unpaired).toEqual([]);
  });

  it('a one-shot (stream) body is not sent twice: the 401 is handed on, and the stored token is used next time', async () => {
    const db = await pairedDb();
    let repaired = false;
    const net = network(() =>
      repaired && net.seen.at(-1)?.authorization === `Bearer ${TOKEN}` ? revoked() : json({}),
    );
    const fetch = authorized(db, net.fetch);
    await fetch('/api/configs/1');
    await storePairing(db, { ...PAIRED, token: 'pos_dev_other_tab' });
    repaired = true;
    const body = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('{}')), c.close()) });
    expect((await fetch('/api/orders', { method: 'POST', body, duplex: 'half' } as RequestInit)).status).toBe(
      401,
    );
    expect((await fetch('/api/orders', { method: 'POST', body: '{}' })).status).toBe(200);
    expect(net.seen.map((s) => s.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
      'Bearer pos_dev_other_tab',
    ]);
  });

  it('a 401 device_revoked or unauthorized marks the tablet unpaired and tells; the response is handed on untouched', async () => {
    for (const code of ['device_revoked', 'unauthorized'] as const) {
      const db = await pairedDb();
      const unpaired: DeviceUnpaired[] = [];
      const response = await authorized(
        db,
        network(() => json({ error: { code, message: 'no' } }, 401)).fetch,
        unpaired,
      )('/api/orders', { method: 'POST' });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code, message: 'no' } });
      expect(await getMeta(db, 'deviceUnpaired')).toEqual({ code, at: 1_000 });
      expect(unpaired).toEqual([{ code, at: 1_000 }]);
    }
  });

  it('other refusals mark nothing: 403 forbidden, a 401 without the API body, a 401 of /api/pair', async () => {
    const db = await pairedDb();
    const unpaired: DeviceUnpaired[] = [];
    await authorized(
      db,
      network(() => json({ error: { code: 'forbidden', message: 'no' } }, 403)).fetch,
      unpaired,
    )('/api/orders');
    await authorized(
      db,
      network(() => new Response('<h1>401</h1>', { status: 401 })).fetch,
      unpaired,
    )('/api/orders');
    await authorized(
      db,
      network(() => json({ error: { code: 'pairing_code_invalid', message: 'no' } }, 401)).fetch,
      unpaired,
    )('/api/pair');
    expect(await getMeta(db, 'deviceUnpaired')).toBeUndefined();
    expect(unpaired).toEqual([]);
  });

  it('a 401 for a token that was replaced while the request was in flight (another tab paired) marks nothing; the request goes again with the new one', async () => {
    const db = await pairedDb();
    const unpaired: DeviceUnpaired[] = [];
    const seen: (string | null)[] = [];
    const fetch = authorized(
      db,
      async (_input, init) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        if (seen.length > 1) return json({});
        await storePairing(db, { ...PAIRED, token: 'pos_dev_new' });
        return revoked();
      },
      unpaired,
    );
    expect((await fetch('/api/sessions/42')).status).toBe(200);
    expect(seen).toEqual([`Bearer ${TOKEN}`, 'Bearer pos_dev_new']);
    expect((await readDevice(db)).unpaired).toBeUndefined();
    expect(unpaired).toEqual([]);
  });
});

describe('a revoked token in the worker', () => {
  async function revokedDevice() {
    const db = await pairedDb();
    const clock = testClock();
    const record = await seedSession(db, { now: clock.at, nextCheckAt: clock.at });
    const net = network((url) => (url.includes('/api/') ? revoked() : json({})));
    // The 401 is answered at once, but the authorized fetch records the unpairing in IndexedDB
    // before handing it on: the fixtures' 50 ms timeouts, there for the tests that wait one out,
    // were exceeded on a loaded machine and turned the 401 into a timeout.
    const deps = makeSyncDeps(db, net.fetch, clock, { checkTimeoutMs: 5_000, uploadTimeoutMs: 5_000 });
    deps.fetch = createAuthorizedFetch({
      fetch: net.fetch,
      db: () => db,
      origin: ORIGIN,
      now: clock.now,
      onUnpaired: (unpaired) => deps.broadcast({ type: 'device-unpaired', unpaired }),
    });
    return { db, clock, record, net, deps };
  }

  it('a check answered 401 keeps the session state, records the failure, marks the tablet unpaired and broadcasts it', async () => {
    const { db, clock, record, deps } = await revokedDevice();
    const after = await checkIfDue(deps);
    expect(after?.state).toBe(record.state);
    expect(after?.session).toEqual(record.session);
    expect(after?.lastError?.code).toBe('device_revoked');
    expect(await getSessionRecord(db, 42)).toEqual(after);
    expect(await getMeta(db, 'deviceUnpaired')).toEqual({ code: 'device_revoked', at: clock.at });
    expect(deps.messages).toContainEqual({
      type: 'device-unpaired',
      unpaired: { code: 'device_revoked', at: clock.at },
    });
  });

  it('an upload answered 401 keeps every order pending, with the reason; nothing is rejected or deleted', async () => {
    const { db, net, deps } = await revokedDevice();
    const entries = await addPending(db, 3);
    const report = await flushOutbox(deps);
    expect(report.failed).toBe(true);
    expect(net.seen.some((s) => s.url.endsWith('/api/orders'))).toBe(true);
    expect(await countByStatus(db)).toMatchObject({ pending: 3, rejected: 0, held: 0, synced: 0 });
    const pending = await listByStatus(db, 'pending');
    expect(pending.map((e) => e.uuid).sort()).toEqual(entries.map((e) => e.uuid).sort());
    expect(pending.every((e) => e.lastError?.code === 'device_revoked')).toBe(true);
    expect((await readDevice(db)).unpaired?.code).toBe('device_revoked');
    expect(deps.messages.some((m) => m.type === 'device-unpaired')).toBe(true);
  });
});
