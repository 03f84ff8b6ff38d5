import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosSession } from '../../src/domain/pos-session.js';
import {
  call,
  closeCurrentSession,
  makeOrder,
  pairDevice,
  SEED_CONFIG_ID,
  startTestServer,
  TEST_ADMIN_TOKEN,
  type PairedDevice,
  type TestServer,
} from './fixtures.js';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';

/**
 * docs/ACCESS.md: every route with no token, a token nobody issued, a revoked device's
 * token, another POS config's device token, and the wrong kind of token. Real HTTP, real SQLite.
 */
let server: TestServer;
/** A device of the seeded config (config 1), paired by the fixture. */
let tablet: PairedDevice;
/** A device of a second config. */
let otherTablet: PairedDevice;
/** A device of config 1 the manager revoked. */
let revoked: PairedDevice;
let otherConfigId: number;
let otherSession: PosSession;
/** A closed session of config 1, and one of config 2 (for the rescue route). */
let closedSessionId: number;
let otherClosedSession: PosSession;

beforeAll(async () => {
  server = await startTestServer();
  tablet = server.device;
  const created = await call(server.url, 'POST', '/api/configs', { name: 'Bakery counter', currency: 'EUR' });
  expect(created.status).toBe(201);
  otherConfigId = created.body.id;
  otherClosedSession = (await call<PosSession>(server.url, 'POST', `/api/configs/${otherConfigId}/sessions`))
    .body;
  await call(server.url, 'PATCH', `/api/sessions/${otherClosedSession.id}`, { state: 'closed' });
  otherSession = (await call<PosSession>(server.url, 'POST', `/api/configs/${otherConfigId}/sessions`)).body;
  otherTablet = await pairDevice(server.url, otherConfigId);
  revoked = await pairDevice(server.url, SEED_CONFIG_ID);
  expect((await call(server.url, 'POST', `/api/devices/${revoked.deviceId}/revoke`, {})).status).toBe(200);
  closedSessionId = 1;
  await closeCurrentSession(server.url);
  await call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`);
});
afterAll(async () => {
  await server.stop();
});

/**
 * Who may call a route: the manager only, a device of the resource's config (or the manager), a
 * device only, or a device (or the manager) that finds only its own config's things (another
 * config's is 404 not_found to it, as a thing never made: the order lookup by reference).
 */
type Audience = 'admin' | 'config' | 'device' | 'ownConfig';

interface RouteCase {
  method: string;
  path: () => string;
  body?: () => unknown;
  audience: Audience;
}

/** Every route of the API that needs a token, with a request that is valid in itself. */
const ROUTES: RouteCase[] = [
  { method: 'GET', path: () => '/api/configs', audience: 'admin' },
  {
    method: 'POST',
    path: () => '/api/configs',
    body: () => ({ name: 'Never made', currency: 'EUR' }),
    audience: 'admin',
  },
  {
    method: 'PATCH',
    path: () => `/api/configs/${SEED_CONFIG_ID}`,
    body: () => ({ checkSessionStateFrequency: 30 }),
    audience: 'admin',
  },
  { method: 'GET', path: () => `/api/configs/${SEED_CONFIG_ID}/sessions`, audience: 'admin' },
  { method: 'POST', path: () => `/api/configs/${SEED_CONFIG_ID}/sessions`, audience: 'admin' },
  {
    method: 'PATCH',
    path: () => `/api/sessions/${otherClosedSession.id}`,
    body: () => ({ state: 'closed' }),
    audience: 'config',
  },
  { method: 'GET', path: () => `/api/sessions/${closedSessionId}/orders`, audience: 'admin' },
  { method: 'GET', path: () => `/api/sessions/${closedSessionId}/orders.csv`, audience: 'admin' },
  { method: 'GET', path: () => `/api/sessions/${closedSessionId}/summary`, audience: 'admin' },
  {
    method: 'POST',
    path: () => `/api/configs/${SEED_CONFIG_ID}/pairing-codes`,
    body: () => ({}),
    audience: 'admin',
  },
  { method: 'GET', path: () => `/api/configs/${SEED_CONFIG_ID}/devices`, audience: 'admin' },
  {
    method: 'POST',
    path: () => `/api/devices/${revoked.deviceId}/revoke`,
    body: () => ({}),
    audience: 'admin',
  },
  {
    method: 'PATCH',
    path: () => `/api/devices/${revoked.deviceId}`,
    body: () => ({ name: 'Spare tablet' }),
    audience: 'admin',
  },
  { method: 'GET', path: () => `/api/configs/${otherConfigId}`, audience: 'config' },
  { method: 'GET', path: () => `/api/configs/${otherConfigId}/products`, audience: 'config' },
  { method: 'GET', path: () => `/api/sessions/${otherSession.id}`, audience: 'config' },
  { method: 'GET', path: () => `/api/sessions/${otherSession.id}/events`, audience: 'config' },
  {
    method: 'POST',
    path: () => `/api/sessions/${otherClosedSession.id}/rescue`,
    body: () => ({
      orders: [makeOrder({ sessionId: otherClosedSession.id, deviceNumber: otherTablet.deviceNumber })],
    }),
    audience: 'config',
  },
  {
    method: 'POST',
    path: () => '/api/orders',
    body: () => ({ orders: [makeOrder({ sessionId: otherSession.id, deviceNumber: tablet.deviceNumber })] }),
    audience: 'device',
  },
  { method: 'GET', path: () => '/api/device', audience: 'device' },
  { method: 'GET', path: () => '/api/backups/last', audience: 'admin' },
  { method: 'GET', path: () => '/api/orders/by-reference/00001-001-0001', audience: 'ownConfig' },
];

const label = (r: RouteCase) => `${r.method} ${r.path.toString().replace(/^\(\) => /, '')}`;

describe('every route that needs a token', () => {
  it.each(ROUTES.map((r) => [label(r), r] as const))(
    '%s without a token answers 401 unauthorized',
    async (_name, route) => {
      const answer = await call(server.url, route.method, route.path(), route.body?.(), undefined, {
        token: null,
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
    },
  );

  it.each(ROUTES.map((r) => [label(r), r] as const))(
    '%s with a token nobody issued answers 401 unauthorized',
    async (_name, route) => {
      const answer = await call(server.url, route.method, route.path(), route.body?.(), undefined, {
        token: 'pos_dev_forged0000000000000000000000000000000',
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
    },
  );

  it.each(ROUTES.map((r) => [label(r), r] as const))(
    '%s with a revoked device token answers 401 device_revoked',
    async (_name, route) => {
      const answer = await call(server.url, route.method, route.path(), route.body?.(), undefined, {
        token: revoked.token,
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('device_revoked');
    },
  );

  const forDevices = ROUTES.filter((r) => r.audience !== 'device' && r.audience !== 'ownConfig');
  it.each(forDevices.map((r) => [label(r), r] as const))(
    '%s with a device token of another config (or on a manager route) answers 403 forbidden',
    async (_name, route) => {
      // `tablet` belongs to config 1: the config routes above name config 2's resources.
      const answer = await call(server.url, route.method, route.path(), route.body?.(), undefined, {
        token: tablet.token,
        headers: { [MANAGER_PIN_HEADER]: '2468' },
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    },
  );

  it('POST /api/orders with the admin token answers 403: orders come from a paired device', async () => {
    const order = makeOrder({ sessionId: otherSession.id, deviceNumber: otherTablet.deviceNumber });
    const answer = await call(server.url, 'POST', '/api/orders', { orders: [order] }, undefined, {
      token: TEST_ADMIN_TOKEN,
    });
    expect(answer.status).toBe(403);
  });

  it('the same routes work with the right token (the table is not refused for another reason)', async () => {
    const asOther = { token: otherTablet.token };
    expect(
      (await call(server.url, 'GET', `/api/configs/${otherConfigId}`, undefined, undefined, asOther)).status,
    ).toBe(200);
    expect(
      (await call(server.url, 'GET', `/api/configs/${otherConfigId}/products`, undefined, undefined, asOther))
        .status,
    ).toBe(200);
    expect(
      (await call(server.url, 'GET', `/api/sessions/${otherSession.id}`, undefined, undefined, asOther))
        .status,
    ).toBe(200);
    const order = makeOrder({ sessionId: otherSession.id, deviceNumber: otherTablet.deviceNumber });
    // Config 2 has no catalog: the order is refused for its content, which proves it got past access.
    const upload = await call(server.url, 'POST', '/api/orders', { orders: [order] }, undefined, asOther);
    expect(upload.status).toBe(200);
    expect(upload.body.results[0]).toMatchObject({ status: 'invalid' });
    expect((await call(server.url, 'GET', '/api/device', undefined, undefined, asOther)).body).toMatchObject({
      deviceId: otherTablet.deviceId,
      deviceNumber: otherTablet.deviceNumber,
      configId: otherConfigId,
    });
    expect((await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/sessions`)).status).toBe(200);
  });

  it('the event stream takes the token as ?access_token= (EventSource sends no headers)', async () => {
    const abort = new AbortController();
    const ok = await fetch(
      `${server.url}/api/sessions/${otherSession.id}/events?access_token=${otherTablet.token}`,
      { signal: abort.signal },
    );
    expect(ok.status).toBe(200);
    abort.abort();
    const refused = await fetch(
      `${server.url}/api/sessions/${otherSession.id}/events?access_token=${tablet.token}`,
    );
    expect(refused.status).toBe(403);
    // Only the event stream: other routes ignore a token in the URL.
    const elsewhere = await fetch(
      `${server.url}/api/sessions/${otherSession.id}?access_token=${otherTablet.token}`,
    );
    expect(elsewhere.status).toBe(401);
  });
});

describe('what a device sees and keeps', () => {
  it('a device sees only its own report in the session, the manager sees every device', async () => {
    const second = await pairDevice(server.url, otherConfigId);
    await call(server.url, 'GET', `/api/sessions/${otherSession.id}?pending=1&held=0`, undefined, undefined, {
      token: otherTablet.token,
    });
    const seen = await call(
      server.url,
      'GET',
      `/api/sessions/${otherSession.id}?pending=2&held=0`,
      undefined,
      undefined,
      { token: second.token },
    );
    expect(seen.body.devices.map((d: { deviceId: string }) => d.deviceId)).toEqual([second.deviceId]);
    const manager = await call(server.url, 'GET', `/api/sessions/${otherSession.id}`);
    expect(manager.body.devices.map((d: { deviceId: string }) => d.deviceId).sort()).toEqual(
      [otherTablet.deviceId, second.deviceId].sort(),
    );
  });

  it('a revoked device loses its open event stream at the next event', async () => {
    const doomed = await pairDevice(server.url, otherConfigId);
    const response = await fetch(
      `${server.url}/api/sessions/${otherSession.id}/events?access_token=${doomed.token}`,
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('retry:');
    await call(server.url, 'POST', `/api/devices/${doomed.deviceId}/revoke`, {});
    await call(server.url, 'PATCH', `/api/configs/${otherConfigId}`, { checkSessionStateFrequency: 41 });
    let text = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).not.toContain('"checkSessionStateFrequency":41');
  });

  it('refuses the admin token in a URL (proxies log URLs): header only', async () => {
    const answer = await fetch(
      `${server.url}/api/sessions/${otherSession.id}/events?access_token=${TEST_ADMIN_TOKEN}`,
    );
    expect(answer.status).toBe(401);
  });
});

describe('order upload checks the device', () => {
  it('refuses (403) a batch with an order whose reference carries another device number', async () => {
    const current = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body
      .currentSessionId as number;
    const mine = makeOrder({ sessionId: current, deviceNumber: tablet.deviceNumber });
    const forged = makeOrder({ sessionId: current, deviceNumber: tablet.deviceNumber + 7 });
    const answer = await call(server.url, 'POST', '/api/orders', { orders: [mine, forged] }, undefined, {
      token: tablet.token,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    // Nothing of the refused batch was stored.
    expect((await call(server.url, 'GET', `/api/sessions/${current}/orders`)).body).toEqual([]);
  });
});

describe('rescue from a tablet', () => {
  it('is refused (403) while the config has no manager PIN, and allowed to the admin token', async () => {
    await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { managerPin: null });
    const order = makeOrder({ sessionId: closedSessionId, deviceNumber: tablet.deviceNumber });
    const fromTablet = await call(
      server.url,
      'POST',
      `/api/sessions/${closedSessionId}/rescue`,
      { orders: [order] },
      undefined,
      {
        token: tablet.token,
        headers: { [MANAGER_PIN_HEADER]: '1234' },
      },
    );
    expect(fromTablet.status).toBe(403);
    expect(fromTablet.body.error.message).toMatch(/manager PIN/);
    const byManager = await call(server.url, 'POST', `/api/sessions/${closedSessionId}/rescue`, {
      orders: [order],
    });
    expect(byManager.status).toBe(200);
  });
});

describe('manager PIN guessing from a tablet', () => {
  it('pauses rescues from tablets of the config after 5 wrong PINs (429 with Retry-After), even for the right PIN', async () => {
    await call(server.url, 'PATCH', `/api/configs/${otherConfigId}`, { managerPin: '8642' });
    const order = makeOrder({ sessionId: otherClosedSession.id, deviceNumber: otherTablet.deviceNumber });
    const tryPin = (pin: string) =>
      call(
        server.url,
        'POST',
        `/api/sessions/${otherClosedSession.id}/rescue`,
        { orders: [order] },
        undefined,
        {
          token: otherTablet.token,
          headers: { [MANAGER_PIN_HEADER]: pin },
        },
      );
    const statuses: number[] = [];
    for (const pin of ['0000', '1111', '2222', '3333', '4444', '8642'])
      statuses.push((await tryPin(pin)).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    const paused = await tryPin('8642');
    expect(paused.body.error.code).toBe('rate_limited');
    const wait = Number(paused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
  });
});

describe('stored secrets', () => {
  it('keeps device tokens and pairing codes only as SHA-256 hashes', async () => {
    const code = (await call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {})).body
      .code as string;
    const { db } = server.database;
    const dump = JSON.stringify([
      await db.selectFrom('devices').selectAll().execute(),
      await db.selectFrom('pairing_codes').selectAll().execute(),
      await db.selectFrom('configs').selectAll().execute(),
    ]);
    for (const secret of [
      tablet.token,
      otherTablet.token,
      revoked.token,
      code,
      code.replace('-', ''),
      TEST_ADMIN_TOKEN,
    ]) {
      expect(dump).not.toContain(secret);
    }
    const hashes = await db
      .selectFrom('devices')
      .select('token_hash')
      .where('token_hash', 'is not', null)
      .execute();
    expect(hashes.length).toBeGreaterThanOrEqual(3);
    for (const { token_hash } of hashes) expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
