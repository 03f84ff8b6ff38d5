import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from '../../src/sync/authorized-fetch.js';
import { listCatalog } from '../../src/store/catalog-repo.js';
import { markDeviceUnpaired, readDevice, storePairing } from '../../src/store/device-repo.js';
import { getMeta, setMeta } from '../../src/store/meta-repo.js';
import { addPending, openTestDb } from '../store/fixtures.js';
import { json } from '../sync/fake-api.js';
import { BAGUETTE, DEVICE_TOKEN, makeTill, seedPairedTill, tillServer } from './till-fakes.js';
import { waitFor } from '../kit/wait-for.js';
import { readStoredTill } from '../../src/app/read-stored-till.js';

const CROISSANT = { ...BAGUETTE, id: 2, name: 'Croissant', price: 110 };

/** The API of a till being paired: a new token for any code, two products. */
function pairingServer(pair?: () => Response) {
  return tillServer({ products: [BAGUETTE, CROISSANT], ...(pair ? { pair } : {}) });
}

describe('start-up and pairing', () => {
  it('renders the stored catalog and session before the server answers, then the refreshed ones', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const server = tillServer({ products: [BAGUETTE, CROISSANT] });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const till = makeTill(db, {
      fetch: async (input, init) => {
        await gate;
        return server.fetch(input, init);
      },
    });

    await till.lifecycle.start();

    const first = till.holder.state;
    expect(first.loaded).toBe(true);
    expect(first.refreshed).toBe(false);
    expect(first.catalog.map((p) => p.name)).toEqual(['Baguette']);
    expect(first.sessionRecord?.state).toBe('opened');
    expect(first.saleBlock).toBeNull(); // sellable from IndexedDB alone
    release();
    await waitFor('the refresh', () => till.holder.state.refreshed);
    expect(till.holder.state.catalog.map((p) => p.name)).toEqual(['Baguette', 'Croissant']);
    expect(till.bridge.sent).toContainEqual({ type: 'check-now' });
  });

  it('the stored read already says whether the tablet is paired, so its first state is the till or the pairing screen, not one then the other', async () => {
    const paired = await openTestDb();
    await seedPairedTill(paired);
    const fresh = await openTestDb();
    for (const [db, pairing] of [
      [paired, 'paired'],
      [fresh, 'none'],
    ] as const) {
      expect((await readStoredTill(db)).till.pairing).toBe(pairing);
      const till = makeTill(db, { fetch: tillServer({}).fetch });
      const seen: (string | null)[] = [];
      till.holder.subscribe((s) => seen.push(s.pairing));
      await till.lifecycle.start();
      // Unknown (null) until IndexedDB was read, then the stored answer and never another one.
      expect([...new Set(seen.filter((p) => p !== null))]).toEqual([pairing]);
    }
  });

  it('a refresh that fails is a notice naming the cause, and selling goes on with the stored data', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const server = tillServer({
      fail: () => json({ error: { code: 'database_unavailable', message: 'down' } }, 503),
    });
    const till = makeTill(db, { fetch: server.fetch });
    await till.lifecycle.start();
    await waitFor('the refresh', () => till.holder.state.refreshed);
    const s = till.holder.state;
    expect(s.notice?.()).toBe(
      'Could not refresh from the server (the server cannot reach its database: try again in a moment): selling goes on with the data on this device.',
    );
    expect(s.error).toBeNull();
    expect(s.catalog.map((p) => p.name)).toEqual(['Baguette']);
    expect(till.sale.addProduct(BAGUETTE)).toBe(true);
  });

  it('a revoked tablet is sent to the pairing screen, not told that the refresh failed', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const server = tillServer({
      fail: () => json({ error: { code: 'device_revoked', message: 'revoked' } }, 401),
    });
    // The page's fetch as in the browser: a refused token marks the tablet unpaired, then re-reads.
    let till: ReturnType<typeof makeTill> | null = null;
    const authorized = createAuthorizedFetch({
      fetch: server.fetch,
      db: () => db,
      origin: 'http://till.test',
      now: () => 1_700_000_000_000,
      onUnpaired: () => void till?.startup.rereadLive(),
    });
    till = makeTill(db, { fetch: authorized });
    await till.lifecycle.start();
    await waitFor('the pairing screen', () => till?.holder.state.pairing === 'unpaired');
    await waitFor('the refresh', () => till?.holder.state.refreshed);
    expect(till.holder.state.notice).toBeNull();
    expect(till.sale.addProduct(BAGUETTE)).toBe(false);
  });

  it('pairing errors are said by code, the typed code is kept, and nothing is stored', async () => {
    const cases: [string, () => Response, string][] = [
      [
        'K7QM-3XWA',
        () => json({ error: { code: 'pairing_code_invalid', message: 'x' } }, 401),
        'This code is unknown, expired or already used. Ask the manager for a new one.',
      ],
      [
        'k7qm3xwa',
        () => json({ error: { code: 'rate_limited', message: 'x' } }, 429),
        'Too many pairing attempts from this network: wait a minute, then try again.',
      ],
      [
        'K7QM-3XWA',
        () => json({ error: { code: 'server_stopping', message: 'x' } }, 503),
        'Pairing failed: the server is restarting: try again in a moment.',
      ],
    ];
    for (const [typed, answer, said] of cases) {
      const db = await openTestDb();
      const server = pairingServer(answer);
      const till = makeTill(db, { fetch: server.fetch });
      await till.lifecycle.start();
      expect(await till.startup.pair(typed)).toBe(false);
      const s = till.holder.state;
      expect(s.pairingError?.()).toBe(said);
      expect([s.pairing, s.pairingBusy, s.pairingCode]).toEqual(['none', false, typed]);
      expect((await readDevice(db)).token).toBeUndefined();
    }
  });

  it('a malformed code, or no network, is refused before any request is made', async () => {
    const db = await openTestDb();
    const server = pairingServer();
    const till = makeTill(db, { fetch: server.fetch });
    await till.lifecycle.start();
    await waitFor('the start-up', () => till.holder.state.refreshed);
    expect(await till.startup.pair('ABC')).toBe(false);
    expect(till.holder.state.pairingError?.()).toBe(
      'A pairing code has 8 letters or digits, like ABCD-2345.',
    );
    till.net.online = false;
    expect(await till.startup.pair('K7QM-3XWA')).toBe(false);
    expect(till.holder.state.pairingError?.()).toBe('Connect to the network to pair this tablet.');
    expect(server.requests).toEqual([]);
  });

  it('once paired: stores the token, follows it on the push stream, refreshes, checks the session and sends the outbox', async () => {
    const db = await openTestDb();
    const server = pairingServer();
    const till = makeTill(db, { fetch: server.fetch });
    await till.lifecycle.start();
    expect(await till.startup.pair('k7qm-3xwa')).toBe(true);
    const s = till.holder.state;
    expect([s.pairing, s.deviceNumber, s.pairingCode, s.pairingError]).toEqual(['paired', 7, null, null]);
    expect((await readDevice(db)).token).toBe('pos_dev_new');
    expect(till.stream.tokens.at(-1)).toBe('pos_dev_new');
    expect(s.catalog.map((p) => p.name)).toEqual(['Baguette', 'Croissant']);
    expect(s.currentSessionId).toBe(42);
    expect(till.stream.followed.at(-1)).toBe(42);
    expect(server.requests[0]?.body).toEqual({ code: 'K7QM-3XWA' });
    await Promise.resolve();
    expect(till.bridge.sent).toEqual(expect.arrayContaining([{ type: 'check-now' }, { type: 'flush-now' }]));
  });

  it('a pairing link pairs a tablet without a token once, and leaves the address bar', async () => {
    const db = await openTestDb();
    const server = pairingServer();
    const till = makeTill(db, { fetch: server.fetch, search: '?pair=K7QM-3XWA' });
    await till.lifecycle.start();
    await waitFor('the start-up', () => till.holder.state.refreshed);
    expect(till.holder.state.pairing).toBe('paired');
    expect(till.dropped).toEqual(['pair']);
    expect(server.requests.filter((r) => r.url.pathname === '/api/pair')).toHaveLength(1);
  });

  it('a pairing link on a tablet already paired does not spend the code, and still leaves the address bar', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const server = pairingServer();
    const till = makeTill(db, { fetch: server.fetch, search: '?pair=K7QM-3XWA' });
    await till.lifecycle.start();
    await waitFor('the start-up', () => till.holder.state.refreshed);
    expect(server.requests.filter((r) => r.url.pathname === '/api/pair')).toEqual([]);
    expect((await readDevice(db)).token).toBe(DEVICE_TOKEN);
    expect(till.dropped).toEqual(['pair']);
  });

  it('an unpaired tablet paired again keeps the orders it held and sends them under its device number', async () => {
    const db = await openTestDb();
    await storePairing(db, { token: 'pos_dev_old', deviceId: 'd', deviceNumber: 7, configId: 1 });
    await setMeta(db, 'currentSessionId', 42);
    await addPending(db, 2);
    await markDeviceUnpaired(db, 'pos_dev_old', { code: 'device_revoked', at: 1 });
    const server = pairingServer();
    const till = makeTill(db, { fetch: server.fetch });
    await till.lifecycle.start();
    expect(await till.startup.pair('K7QM-3XWA')).toBe(true);
    expect(server.requests[0]?.body).toEqual({ code: 'K7QM-3XWA', previousToken: 'pos_dev_old' });
    expect(till.holder.state.counts.pending).toBe(2);
    expect(till.holder.state.deviceNumber).toBe(7);
    expect(till.bridge.sent).toContainEqual({ type: 'flush-now' });
  });

  it('the refresh stores what it read, so the next start renders it offline', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const till = makeTill(db, { fetch: tillServer({ name: 'Front desk', products: [CROISSANT] }).fetch });
    await till.lifecycle.start();
    await waitFor('the refresh', () => till.holder.state.refreshed);
    expect(await getMeta(db, 'configName')).toBe('Front desk');
    expect((await listCatalog(db)).map((p) => p.name)).toEqual(['Croissant']);
  });
});
