import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/app/api-client.js';
import { pairDevice, pairingErrorText, pairWithCode, type PairAttempt } from '../../src/app/pair-device.js';
import { pairCodeOf, withoutPairParam } from '../../src/app/pair-param.js';
import { readLiveTill } from '../../src/app/read-stored-till.js';
import { refreshFromServer } from '../../src/app/refresh-from-server.js';
import { saleBlockReason } from '../../src/app/sale-guard.js';
import { PosError } from '../../src/domain/pos-error.js';
import { markDeviceUnpaired, pairingOf, readDevice, storePairing } from '../../src/store/device-repo.js';
import { countByStatus } from '../../src/store/outbox-repo.js';
import { getSessionRecord } from '../../src/store/session-repo.js';
import { createWithLock } from '../../src/sync/with-lock.js';
import { addPending, makeSession, openTestDb, seedSession } from '../store/fixtures.js';
import { fakeFetch, json, networkDown, type Handler } from '../sync/fake-api.js';

const DEVICE_ID = '8a3f2c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

/** A server whose `POST /api/pair` answers `answer` (201 with a new token by default). */
function pairServer(
  answer: Handler = (r) =>
    json(
      {
        token: `pos_dev_${String((r.body as { code: string }).code)}`,
        deviceId: DEVICE_ID,
        deviceNumber: 7,
        configId: 1,
      },
      201,
    ),
) {
  return fakeFetch(answer);
}

async function pairWith(
  server: ReturnType<typeof pairServer>,
  db: Awaited<ReturnType<typeof openTestDb>>,
  code = 'K7QM-3XWA',
) {
  return pairDevice(
    { db, api: new ApiClient(server.fetch), withLock: createWithLock({ locks: null }) },
    code,
  );
}

describe('pairing a tablet', () => {
  it('a fresh tablet POSTs /api/pair {code} (no previousToken) and stores token, id, number and config', async () => {
    const db = await openTestDb();
    const server = pairServer();
    expect(await pairWith(server, db)).toEqual({ kind: 'paired', deviceNumber: 7 });
    expect(server.requests.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      ['POST', '/api/pair', { code: 'K7QM-3XWA' }],
    ]);
    expect(await readDevice(db)).toEqual({
      token: 'pos_dev_K7QM-3XWA',
      deviceId: DEVICE_ID,
      deviceNumber: 7,
      configId: 1,
      unpaired: undefined,
    });
  });

  it('an unpaired tablet sends its previous token as proof, gets a new token, the marker goes, the outbox stays as it was', async () => {
    const db = await openTestDb();
    await storePairing(db, { token: 'pos_dev_old', deviceId: DEVICE_ID, deviceNumber: 7, configId: 1 });
    await seedSession(db);
    await addPending(db, 2);
    await markDeviceUnpaired(db, 'pos_dev_old', { code: 'device_revoked', at: 5 });
    expect(pairingOf(await readDevice(db))).toBe('unpaired');
    const server = pairServer();
    expect((await pairWith(server, db, 'AAAA-BBBB')).kind).toBe('paired');
    expect(server.requests[0]?.body).toEqual({ code: 'AAAA-BBBB', previousToken: 'pos_dev_old' });
    const device = await readDevice(db);
    expect(device).toMatchObject({ token: 'pos_dev_AAAA-BBBB', deviceNumber: 7, unpaired: undefined });
    expect(pairingOf(device)).toBe('paired');
    expect(await countByStatus(db)).toMatchObject({ pending: 2 });
  });

  it('a tablet holding a working token does not spend the code', async () => {
    const db = await openTestDb();
    await storePairing(db, { token: 'pos_dev_ok', deviceId: DEVICE_ID, deviceNumber: 2, configId: 1 });
    const server = pairServer();
    expect(await pairWith(server, db)).toEqual({ kind: 'already-paired', deviceNumber: 2 });
    expect(server.requests).toHaveLength(0);
  });

  it('two tabs pairing at once spend one code: the second decides again under the lock', async () => {
    const db = await openTestDb();
    const server = pairServer();
    const withLock = createWithLock({ locks: null });
    const api = new ApiClient(server.fetch);
    const outcomes = await Promise.all([
      pairDevice({ db, api, withLock }, 'AAAA-1111'),
      pairDevice({ db, api, withLock }, 'BBBB-2222'),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-paired', 'paired']);
    expect(server.requests).toHaveLength(1);
  });

  it('a refused code throws the API error and stores nothing; the cashier reads why', async () => {
    const db = await openTestDb();
    const invalid = pairServer(() =>
      json({ error: { code: 'pairing_code_invalid', message: 'unknown, expired or used' } }, 401),
    );
    const error = await pairWith(invalid, db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosError);
    expect((error as PosError).code).toBe('pairing_code_invalid');
    expect(await readDevice(db)).toMatchObject({ token: undefined, deviceId: undefined });
    expect(pairingErrorText(error)).toBe(
      'This code is unknown, expired or already used. Ask the manager for a new one.',
    );

    const limited = await pairWith(
      pairServer(() => json({ error: { code: 'rate_limited', message: 'slow down' } }, 429)),
      db,
    ).catch((e: unknown) => e);
    expect((limited as PosError).code).toBe('rate_limited');
    expect(pairingErrorText(limited)).toMatch(/Too many pairing attempts/);
    const offline = await pairWith(fakeFetch(networkDown), db).catch((e: unknown) => e);
    expect(pairingErrorText(offline)).toBe('Connect to the network to pair this tablet.');
  });
});

/** The sentence of a failed attempt (read now, as the screen reads it when it renders). */
function failureText(attempt: PairAttempt): string | null {
  return attempt.ok ? null : attempt.error();
}

describe('pairing from the till (screen or link)', () => {
  it('normalizes the typed code, refuses a malformed one or offline without asking the server, and turns refusals into sentences', async () => {
    const db = await openTestDb();
    const server = pairServer();
    const deps = { db, api: new ApiClient(server.fetch), withLock: createWithLock({ locks: null }) };
    expect(failureText(await pairWithCode({ ...deps, online: true }, 'abcd'))).toBe(
      'A pairing code has 8 letters or digits, like ABCD-2345.',
    );
    expect(failureText(await pairWithCode({ ...deps, online: false }, 'k7qm3xwa'))).toBe(
      'Connect to the network to pair this tablet.',
    );
    expect(server.requests).toHaveLength(0);
    expect(await pairWithCode({ ...deps, online: true }, ' k7qm3xwa ')).toEqual({
      ok: true,
      outcome: { kind: 'paired', deviceNumber: 7 },
    });
    expect(server.requests[0]?.body).toEqual({ code: 'K7QM-3XWA' });
    const refused = {
      ...deps,
      api: new ApiClient(
        pairServer(() => json({ error: { code: 'pairing_code_invalid', message: 'no' } }, 401)).fetch,
      ),
      online: true,
    };
    await storePairing(db, { token: 'pos_dev_x', deviceId: DEVICE_ID, deviceNumber: 7, configId: 1 });
    await markDeviceUnpaired(db, 'pos_dev_x', { code: 'device_revoked', at: 1 });
    expect(failureText(await pairWithCode(refused, 'AAAA-BBBB'))).toBe(
      'This code is unknown, expired or already used. Ask the manager for a new one.',
    );
  });
});

describe('the pairing link', () => {
  it('reads ?pair= and removes it from the URL, keeping the rest', () => {
    expect(pairCodeOf('?pair=K7QM-3XWA')).toBe('K7QM-3XWA');
    expect(pairCodeOf('?lang=fr')).toBeNull();
    expect(pairCodeOf('?pair=')).toBeNull();
    expect(withoutPairParam('http://till.test/?pair=K7QM-3XWA')).toBe('http://till.test/');
    expect(withoutPairParam('http://till.test/?lang=fr&pair=K7QM-3XWA#x')).toBe(
      'http://till.test/?lang=fr#x',
    );
  });
});

describe('a paired till', () => {
  it('reads its pairing with the live state; unpaired or never paired, it makes no sale', async () => {
    const db = await openTestDb();
    const record = await seedSession(db);
    expect((await readLiveTill(db)).pairing).toBe('none');
    await storePairing(db, { token: 'pos_dev_ok', deviceId: DEVICE_ID, deviceNumber: 4, configId: 1 });
    const live = await readLiveTill(db);
    expect(live).toMatchObject({ pairing: 'paired', deviceNumber: 4, token: 'pos_dev_ok' });
    const till = { sessionRecord: record, deviceNumber: 4, currency: 'EUR' };
    expect(saleBlockReason({ ...till, pairing: 'paired' }, 0)).toBeNull();
    await markDeviceUnpaired(db, 'pos_dev_ok', { code: 'device_revoked', at: 1 });
    expect((await readLiveTill(db)).pairing).toBe('unpaired');
    expect(saleBlockReason({ ...till, pairing: 'unpaired' }, 0)?.()).toMatch(/not paired/);
    expect(saleBlockReason({ ...till, pairing: 'none' }, 0)?.()).toMatch(/not paired/);
  });

  it('refreshes its own config (GET /api/configs/:id), never the list, then its session, then an unversioned catalog', async () => {
    const db = await openTestDb();
    await storePairing(db, { token: 'pos_dev_ok', deviceId: DEVICE_ID, deviceNumber: 4, configId: 1 });
    const config = {
      id: 1,
      name: 'Main counter',
      currency: 'EUR',
      checkSessionStateFrequency: 60,
      currentSessionId: 9,
      syncedRetentionDays: 7,
      managerPinHash: null,
    };
    const server = fakeFetch((r) => {
      if (r.url.pathname === '/api/configs/1') return json(config);
      if (r.url.pathname === '/api/configs/1/products')
        return json([
          { id: 1, name: 'Baguette', price: 120, taxRate: 550, category: 'Bread', barcode: null },
        ]);
      if (r.url.pathname === '/api/sessions/9') return json(makeSession({ id: 9 }));
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    });
    await refreshFromServer(
      db,
      new ApiClient(server.fetch),
      () => 1_000,
      () => undefined,
    );
    expect(server.requests.map((r) => r.url.pathname)).toEqual([
      '/api/configs/1',
      '/api/sessions/9',
      '/api/configs/1/products',
    ]);
    expect((await getSessionRecord(db, 9))?.state).toBe('opened');
  });

  it('a tablet never paired does not refresh: it has no config to ask for', async () => {
    const db = await openTestDb();
    const server = fakeFetch(() => json({}));
    await expect(
      refreshFromServer(
        db,
        new ApiClient(server.fetch),
        () => 0,
        () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    expect(server.requests).toHaveLength(0);
  });
});
