import { describe, expect, it } from 'vitest';
import type { PosOrder } from '../../src/domain/pos-order.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import {
  call,
  closeCurrentSession,
  freshSession,
  makeOrder,
  moveSession,
  SEED_CONFIG_ID,
  useTestServer,
  type TestServer,
} from './fixtures.js';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';

/** The server's tolerance for device clocks (rescue-orders.ts), restated to test its edge. */
const TOLERANCE_MS = 5 * 60 * 1000;

let server: TestServer;
useTestServer((s) => (server = s));

/** A session that took orders on a device and was closed before they reached the server. */
async function closedSessionWithHeld(count: number): Promise<{ closed: PosSession; held: PosOrder[] }> {
  const session = await freshSession(server.url);
  const held = Array.from({ length: count }, () => makeOrder({ sessionId: session.id }));
  const closed = await moveSession(server.url, session.id, 'closed');
  return { closed, held };
}

async function rescue(sessionId: number | string, orders: unknown[]) {
  return call(server.url, 'POST', `/api/sessions/${sessionId}/rescue`, { orders });
}

async function ordersOf(sessionId: number | string): Promise<PosOrder[]> {
  return (await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${sessionId}/orders`)).body;
}

describe('rescuing held orders', () => {
  it("takes the rescued orders off their tablet's last report, so the closed session stops counting them", async () => {
    const deviceToken = server.device.token;
    const report = (sessionId: number | string, pending: number, held: number) =>
      call(
        server.url,
        'GET',
        `/api/sessions/${sessionId}?pending=${pending}&held=${held}`,
        undefined,
        undefined,
        { token: deviceToken },
      );
    const summary = async (sessionId: number | string) =>
      (await call<{ pending: number; held: number }>(server.url, 'GET', `/api/sessions/${sessionId}/summary`))
        .body;

    // The tablet learnt of the closure and holds 3: two are rescued.
    const first = await closedSessionWithHeld(3);
    expect((await report(first.closed.id, 0, 3)).status).toBe(200);
    expect((await rescue(first.closed.id, first.held.slice(0, 2))).status).toBe(200);
    expect(await summary(first.closed.id)).toMatchObject({ pending: 0, held: 1 });
    // A duplicate is no second discharge.
    await rescue(first.closed.id, first.held.slice(0, 1));
    expect(await summary(first.closed.id)).toMatchObject({ pending: 0, held: 1 });

    // Its last report came before it learnt of the closure: the rescued orders were counted pending.
    const second = await closedSessionWithHeld(2);
    expect((await report(second.closed.id, 2, 0)).status).toBe(200);
    await rescue(second.closed.id, second.held);
    expect(await summary(second.closed.id)).toMatchObject({ pending: 0, held: 0 });
  });

  it('attaches them to the opened session of the config, keeping uuid and createdAt', async () => {
    const { closed, held } = await closedSessionWithHeld(2);
    const next = (
      await call<PosSession>(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, {
        state: 'opened',
      })
    ).body;
    const answer = await rescue(closed.id, held);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sessionId: next.id,
      sessionName: next.name,
      closedSessionName: closed.name,
      rescueSession: false,
      clockSkewToleranceMs: TOLERANCE_MS,
      results: held.map((o) => ({ uuid: o.uuid, status: 'accepted' })),
    });
    expect(await ordersOf(next.id)).toEqual(held);
    expect(await ordersOf(closed.id)).toEqual([]);
    expect((await rescue(closed.id, [held[0]])).body.results).toEqual([
      { uuid: held[0]?.uuid, status: 'duplicate' },
    ]);
  });

  it('opens and closes a rescue session for them when no session is opened', async () => {
    const { closed, held } = await closedSessionWithHeld(2);
    const answer = await rescue(closed.id, held);
    expect(answer.status).toBe(200);
    expect(answer.body.rescueSession).toBe(true);
    expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    const created = (await call<PosSession>(server.url, 'GET', `/api/sessions/${answer.body.sessionId}`))
      .body;
    expect(created).toMatchObject({
      name: `${closed.name} (rescue)`,
      state: 'closed',
      rescue: true,
      configId: SEED_CONFIG_ID,
    });
    expect(created.openedAt).not.toBeNull();
    expect(created.closedAt).not.toBeNull();
    expect((await ordersOf(created.id)).map((o) => o.uuid)).toEqual(held.map((o) => o.uuid));
    const config = await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
    expect(config.body.currentSessionId).toBeNull();
  });

  it('refuses an order made after closedAt + tolerance, another session, or bad totals; accepts the rest', async () => {
    const { closed, held } = await closedSessionWithHeld(1);
    const closedAt = Date.parse(closed.closedAt ?? '');
    const late = makeOrder({
      sessionId: closed.id,
      createdAt: new Date(closedAt + TOLERANCE_MS + 1_000).toISOString(),
    });
    const justInside = makeOrder({
      sessionId: closed.id,
      createdAt: new Date(closedAt + TOLERANCE_MS - 1_000).toISOString(),
    });
    const foreign = makeOrder({ sessionId: 1 });
    const badTotals = { ...makeOrder({ sessionId: closed.id }), amountPaid: 1 };
    const answer = await rescue(closed.id, [late, ...held, foreign, badTotals, justInside]);
    expect(answer.status).toBe(200);
    const results = answer.body.results as { status: string; error?: { code: string; message: string } }[];
    expect(results.map((r) => r.status)).toEqual(['invalid', 'accepted', 'invalid', 'invalid', 'accepted']);
    expect(results[0]?.error?.message).toMatch(/after the session closed/);
    expect(results[2]?.error?.message).toMatch(/belongs to session/);
    expect(results[3]?.error?.message).toMatch(/amountPaid|payments/);
    expect((await ordersOf(answer.body.sessionId)).map((o) => o.uuid)).toEqual([
      held[0]?.uuid,
      justInside.uuid,
    ]);
  });

  it('creates no rescue session when nothing is accepted', async () => {
    const { closed, held } = await closedSessionWithHeld(1);
    await rescue(closed.id, held);
    await closeCurrentSession(server.url);
    const answer = await rescue(closed.id, held);
    expect(answer.body).toMatchObject({
      sessionId: null,
      rescueSession: false,
      results: [{ uuid: held[0]?.uuid, status: 'duplicate' }],
    });
  });

  it('refuses with 409 when the session is not closed, 404 when unknown, 400 for no orders', async () => {
    const open = await freshSession(server.url);
    const notClosed = await rescue(open.id, [makeOrder({ sessionId: open.id })]);
    expect(notClosed.status).toBe(409);
    expect(notClosed.body.error.code).toBe('conflict');
    const unknown = await rescue(4242, [makeOrder({ sessionId: 4242 })]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const empty = await rescue(open.id, []);
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
  });
});

describe('rescue is a manager decision', () => {
  async function withPin<T>(pin: string | null, run: () => Promise<T>): Promise<T> {
    await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { managerPin: pin });
    try {
      return await run();
    } finally {
      await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { managerPin: null });
    }
  }

  async function rescueWithPin(sessionId: number | string, orders: unknown[], pin?: string) {
    const response = await fetch(`${server.url}/api/sessions/${sessionId}/rescue`, {
      method: 'POST',
      // From the tablet: its device token, and the PIN the manager typed there.
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${server.device.token}`,
        ...(pin === undefined ? {} : { [MANAGER_PIN_HEADER]: pin }),
      },
      body: JSON.stringify({ orders }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { error?: { code: string }; results?: { status: string }[] },
    };
  }

  it("from a tablet, refuses a rescue without the config's manager PIN or with a wrong one (403 forbidden), stores nothing", async () => {
    await withPin('2468', async () => {
      const { closed, held } = await closedSessionWithHeld(1);
      for (const pin of [undefined, '1111']) {
        const answer = await rescueWithPin(closed.id, held, pin);
        expect(answer.status).toBe(403);
        expect(answer.body.error?.code).toBe('forbidden');
      }
      expect((await rescueWithPin(closed.id, held, '2468')).body.results?.map((r) => r.status)).toEqual([
        'accepted',
      ]);
    });
  });
});
