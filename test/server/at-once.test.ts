import { describe, expect, it } from 'vitest';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { atOnce, expectAcceptedExactlyStored } from '../kit/races.js';
import {
  call,
  freshSession,
  makeOrder,
  newPairingCode,
  SEED_CONFIG_ID,
  uncountedMove,
  useTestServer,
  type PairedDevice,
  type TestServer,
} from './fixtures.js';

/**
 * Requests that meet on the server: each rule is tried several rounds, the requests of a round
 * sent together (on PostgreSQL they run on separate connections, so without the lock, the
 * conditional update or the unique index the race is lost in nearly every round).
 */
const ROUNDS = 5;

let server: TestServer;
useTestServer((s) => (server = s));

describe('requests at the same moment', () => {
  it('stores an order sent twice at once (two instances, or a retry) once: one accepted, one duplicate, never a 500', async () => {
    const session = await freshSession(server.url);
    for (let round = 0; round < ROUNDS; round++) {
      const order = makeOrder({ sessionId: session.id });
      const answers = await atOnce(2, () => call(server.url, 'POST', '/api/orders', { orders: [order] }));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.map((a) => a.body.results[0].status).sort()).toEqual(['accepted', 'duplicate']);
    }
    const stored = (await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${session.id}/orders`)).body;
    expect(stored).toHaveLength(ROUNDS);
  });

  it('opens the register once when two managers open it at once: one 201, one 409 session_already_open', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await freshSession(server.url);
      const current = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body
        .currentSessionId as number;
      await call(server.url, 'PATCH', `/api/sessions/${current}`, uncountedMove('closed'));
      const answers = await atOnce(2, () =>
        call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, { state: 'opened' }),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const refused = answers.find((a) => a.status === 409);
      expect(refused?.body.error.code).toBe('session_already_open');
      const opened = answers.find((a) => a.status === 201);
      expect(refused?.body.error.message).toBe(`Session ${opened?.body.name} is opened: close it first.`);
      const sessions = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/sessions`)).body as {
        state: string;
      }[];
      expect(sessions.filter((s) => s.state !== 'closed')).toHaveLength(1);
    }
  });

  it("changes a session's state once when two changes meet: closing twice at once gives one 200, one 409 transition_not_allowed", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const session = await freshSession(server.url);
      const answers = await atOnce(2, () =>
        call(server.url, 'PATCH', `/api/sessions/${session.id}`, uncountedMove('closed')),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)?.body.error.code).toBe('transition_not_allowed');
    }
  });

  it('pairs one tablet with a code redeemed twice at once; the other gets pairing_code_invalid', async () => {
    const before = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/devices`)).body
      .length as number;
    for (let round = 0; round < ROUNDS; round++) {
      const code = await newPairingCode(server.url, SEED_CONFIG_ID);
      const answers = await atOnce(2, () =>
        call<PairedDevice>(server.url, 'POST', '/api/pair', { code }, undefined, { token: null }),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 401]);
      expect(
        (answers.find((a) => a.status === 401)?.body as unknown as { error: { code: string } }).error.code,
      ).toBe('pairing_code_invalid');
    }
    expect((await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/devices`)).body).toHaveLength(
      before + ROUNDS,
    );
  });

  it('numbers tablets paired at once with two codes differently', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const codes = await atOnce(2, () => newPairingCode(server.url, SEED_CONFIG_ID));
      const answers = await atOnce(2, (i) =>
        call<PairedDevice>(server.url, 'POST', '/api/pair', { code: codes[i] }, undefined, { token: null }),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers[0]?.body.deviceNumber).not.toBe(answers[1]?.body.deviceNumber);
    }
  });

  it('names one POS config when two get the same name at once: one 201, one 409 conflict, never a 500', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const name = `Terrace ${round}`;
      const answers = await atOnce(2, () =>
        call(server.url, 'POST', '/api/configs', { name, currency: 'EUR' }),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)?.body.error).toEqual({
        code: 'conflict',
        message: `Another POS config is already named ${name}.`,
      });
    }
  });

  it('a close racing uploads: every accepted order is stored, every session_closed one is not, and nothing lands after the close', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const session = await freshSession(server.url);
      const orders = Array.from({ length: 20 }, () => makeOrder({ sessionId: session.id }));
      const uploads = Promise.all(
        orders.map((order) => call(server.url, 'POST', '/api/orders', { orders: [order] })),
      );
      const closed = await call(server.url, 'PATCH', `/api/sessions/${session.id}`, uncountedMove('closed'));
      expect(closed.status).toBe(200);
      const storedWhenClosed = (
        await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${session.id}/orders`)
      ).body.length;
      const statuses = (await uploads).map((a) =>
        a.status === 200 ? (a.body.results[0].status as string) : `HTTP ${a.status}`,
      );
      const stored = (
        await call<PosOrder[]>(server.url, 'GET', `/api/sessions/${session.id}/orders`)
      ).body.map((o) => o.uuid);
      expectAcceptedExactlyStored(orders, statuses, stored, storedWhenClosed);
    }
  });
});
