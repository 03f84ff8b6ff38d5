import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PosSessionSchema } from '../../src/domain/pos-session.js';
import {
  call,
  freshSession,
  makeOrder,
  uploadOrders,
  moveSession,
  SEED_CONFIG_ID,
  uncountedMove,
  useTestServer,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the session check', () => {
  it('answers the seeded opened session with no-store', async () => {
    const answer = await call(server.url, 'GET', '/api/sessions/1');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const session = PosSessionSchema.parse(answer.body);
    expect(session).toMatchObject({
      id: 1,
      name: 'Main counter/00001',
      configId: SEED_CONFIG_ID,
      state: 'opened',
      closedAt: null,
      checkSessionStateFrequency: 60,
      maxUnverifiedSeconds: null,
      rescue: false,
      devices: [],
    });
    expect(session.openedAt).toMatch(ISO_UTC);
  });

  it('records the report of the checking device (its token, not a query parameter) and shows it in devices', async () => {
    const { deviceId, token } = server.device;
    const asDevice = { token };
    const first = await call(
      server.url,
      'GET',
      `/api/sessions/1?deviceId=${randomUUID()}&pending=3&held=1`,
      undefined,
      undefined,
      asDevice,
    );
    expect(first.status).toBe(200);
    expect(first.body.devices).toHaveLength(1);
    const report = first.body.devices.find((d: { deviceId: string }) => d.deviceId === deviceId);
    expect(report).toMatchObject({ deviceId, pending: 3, held: 1 });
    expect(report.lastSeenAt).toMatch(ISO_UTC);
    await call(server.url, 'GET', '/api/sessions/1?pending=0&held=0', undefined, undefined, asDevice);
    const again = await call(server.url, 'GET', '/api/sessions/1');
    const reports = again.body.devices.filter((d: { deviceId: string }) => d.deviceId === deviceId);
    expect(reports).toEqual([expect.objectContaining({ pending: 0, held: 0 })]);
  });

  it("names the register's new session in the check of a closed one, so a blocked till knows Reload continues in it", async () => {
    const session = await freshSession(server.url);
    expect((await call(server.url, 'GET', `/api/sessions/${session.id}`)).body.nextSession).toBeNull();
    await call(server.url, 'PATCH', `/api/sessions/${session.id}`, uncountedMove('closed'));
    expect((await call(server.url, 'GET', `/api/sessions/${session.id}`)).body.nextSession).toBeNull();
    const opened = await call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, {
      state: 'opening_control',
    });
    const check = await call(server.url, 'GET', `/api/sessions/${session.id}`, undefined, undefined, {
      token: server.device.token,
    });
    expect(PosSessionSchema.parse(check.body).nextSession).toEqual({
      id: opened.body.id,
      name: opened.body.name,
      state: 'opening_control',
    });
    expect((await call(server.url, 'GET', `/api/sessions/${opened.body.id}`)).body.nextSession).toBeNull();
  });

  it.each(['pending=-1', 'held=two', 'pending=1.5', 'pending=1&pending=2'])(
    'refuses the query %s with 400',
    async (query) => {
      const answer = await call(server.url, 'GET', `/api/sessions/1?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    },
  );

  it('tells a device whether the last order or cash move it had confirmed is still stored (lastSyncedKnown), so its till notices data restored from an older copy', async () => {
    const asDevice = { token: server.device.token };
    const { id } = await freshSession(server.url);
    const check = (query: string) =>
      call(server.url, 'GET', `/api/sessions/${id}?pending=0&held=0${query}`, undefined, undefined, asDevice);
    const order = makeOrder({ sessionId: id, deviceNumber: server.device.deviceNumber });
    expect((await uploadOrders(server.url, [order]))[0]?.status).toBe('accepted');
    const move = {
      uuid: randomUUID(),
      sessionId: id,
      deviceNumber: server.device.deviceNumber,
      amount: -500,
      reason: 'Bank deposit',
      createdAt: new Date().toISOString(),
    };
    const moved = await call(server.url, 'POST', '/api/cash-moves', { moves: [move] }, undefined, asDevice);
    expect(moved.body.results[0]?.status).toBe('accepted');

    for (const uuid of [order.uuid, order.uuid.toUpperCase(), move.uuid]) {
      const known = await check(`&lastSynced=${uuid}`);
      expect(known.status).toBe(200);
      expect(PosSessionSchema.parse(known.body).lastSyncedKnown).toBe(true);
    }
    const gone = await check(`&lastSynced=${randomUUID()}`);
    expect(gone.status).toBe(200);
    expect(gone.body.lastSyncedKnown).toBe(false);
    // Not asked, not answered: a till that names nothing, and the manager, get the session alone.
    expect((await check('')).body).not.toHaveProperty('lastSyncedKnown');
    const admin = await call(server.url, 'GET', `/api/sessions/${id}?lastSynced=${randomUUID()}`);
    expect(admin.status).toBe(200);
    expect(admin.body).not.toHaveProperty('lastSyncedKnown');
    const bad = await check('&lastSynced=not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('answers 404 for an unknown or non-numeric session', async () => {
    for (const id of ['9999', 'x1', '%20']) {
      const answer = await call(server.url, 'GET', `/api/sessions/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });

  it('carries a frequency change of the config', async () => {
    const session = await freshSession(server.url);
    await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { checkSessionStateFrequency: 15 });
    const answer = await call(server.url, 'GET', `/api/sessions/${session.id}`);
    expect(answer.body.checkSessionStateFrequency).toBe(15);
    await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { checkSessionStateFrequency: 60 });
  });
});

describe('opening sessions', () => {
  it('refuses a second session while one is not closed (409 session_already_open)', async () => {
    await freshSession(server.url);
    const answer = await call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`);
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('session_already_open');
  });

  it('opens a named session after the last one closed, and the config points at it', async () => {
    const session = await freshSession(server.url);
    expect(session.name).toBe(`Main counter/${String(session.id).padStart(5, '0')}`);
    expect(session.state).toBe('opened');
    const config = await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
    expect(config.body.currentSessionId).toBe(session.id);
  });

  it('opens in opening_control without an openedAt, which is set on opening', async () => {
    const session = await freshSession(server.url, 'opening_control');
    expect(session).toMatchObject({ state: 'opening_control', openedAt: null });
    const opened = await moveSession(server.url, session.id, 'opened');
    expect(opened.openedAt).toMatch(ISO_UTC);
  });

  it('answers 404 for an unknown config and 400 for a bad body', async () => {
    const unknown = await call(server.url, 'POST', '/api/configs/42/sessions', {});
    expect(unknown.status).toBe(404);
    const bad = await call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, {
      state: 'closed',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});

describe('changing the state', () => {
  it('walks opened → closing_control → closed and sets closedAt', async () => {
    const session = await freshSession(server.url);
    expect((await moveSession(server.url, session.id, 'closing_control')).state).toBe('closing_control');
    const closed = await moveSession(server.url, session.id, 'closed');
    expect(closed.closedAt).toMatch(ISO_UTC);
    const config = await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
    expect(config.body.currentSessionId).toBeNull();
  });

  it.each([
    ['opened', 'opening_control'],
    ['opened', 'opened'],
    ['closed', 'opened'],
    ['opening_control', 'closed'],
  ])('refuses %s → %s with 409 transition_not_allowed', async (from, to) => {
    const session = await freshSession(server.url, from === 'opening_control' ? 'opening_control' : 'opened');
    if (from === 'closed') await moveSession(server.url, session.id, 'closed');
    const answer = await call(server.url, 'PATCH', `/api/sessions/${session.id}`, { state: to });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('transition_not_allowed');
  });

  it.each([[{ state: 'paused' }], [{ state: 3 }], [{}], [{ state: 'closed', extra: true }]])(
    'refuses the body %j with 400',
    async (body) => {
      const answer = await call(server.url, 'PATCH', '/api/sessions/1', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    },
  );

  it('answers 404 for a PATCH of an unknown session', async () => {
    const answer = await call(server.url, 'PATCH', '/api/sessions/12345', { state: 'closed' });
    expect(answer.status).toBe(404);
  });
});

describe('the sessions list, a page at a time (GET /api/configs/:id/sessions?limit=&before=)', () => {
  interface Listed {
    id: number;
    name: string;
  }
  const list = (query: string) =>
    call<Listed[]>(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/sessions${query}`);

  it('gives the newest first, `limit` of them, and with `before` the ones older than that id, so a shop past the first page reads them all', async () => {
    for (let i = 0; i < 4; i += 1) await freshSession(server.url);
    const all = await list('');
    expect(all.status).toBe(200);
    const ids = all.body.map((s) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const first = await list('?limit=2');
    expect(first.body.map((s) => s.id)).toEqual(ids.slice(0, 2));
    const second = await list(`?limit=2&before=${ids[1]}`);
    expect(second.body.map((s) => s.id)).toEqual(ids.slice(2, 4));
    // Page after page until a short one: every session once, in order.
    const read: number[] = [];
    let before = '';
    for (;;) {
      const page = await list(`?limit=2${before}`);
      read.push(...page.body.map((s) => s.id));
      if (page.body.length < 2) break;
      before = `&before=${page.body[page.body.length - 1]?.id}`;
    }
    expect(read).toEqual(ids);
    expect((await list(`?before=${Math.min(...ids)}`)).body).toEqual([]);
  });

  it.each([
    ['limit', '0'],
    ['limit', '201'],
    ['limit', 'ten'],
    ['before', '0'],
    ['before', '-3'],
    ['before', '2.5'],
    ['before', '2147483648'], // past the largest id PostgreSQL's integer holds (was a 500 there)
  ])('refuses %s=%s with 400 validation_failed at its field', async (field, value) => {
    const answer = await list(`?${field}=${value}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringMatching(new RegExp(`^${field}: `)) },
    });
  });
});
