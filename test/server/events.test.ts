import { describe, expect, it } from 'vitest';
import {
  call,
  freshSession,
  SEED_CONFIG_ID,
  startTestServer,
  uncountedMove,
  useTestServer,
  type TestServer,
} from './fixtures.js';
import { sessionEvents } from '../kit/session-events.js';

/** The closure must reach an open stream within this (DESIGN.md budget: under 1 s with push). */
const PUSH_BUDGET_MS = 1_000;

let server: TestServer;
useTestServer((s) => (server = s));

describe('session event stream', () => {
  it('sends the session on connect and its closing_control within 1 s of the PATCH', async () => {
    const session = await freshSession(server.url);
    const abort = new AbortController();
    const response = await fetch(
      `${server.url}/api/sessions/${session.id}/events?access_token=${server.device.token}`,
      { signal: abort.signal },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const stream = sessionEvents(response);
    expect((await stream.next(PUSH_BUDGET_MS)).state).toBe('opened');
    const patchedAt = Date.now();
    await call(server.url, 'PATCH', `/api/sessions/${session.id}`, { state: 'closing_control' });
    const pushed = await stream.nextMatching((s) => s.state !== 'opened', PUSH_BUDGET_MS);
    expect(pushed).toMatchObject({ id: session.id, state: 'closing_control' });
    expect(Date.now() - patchedAt).toBeLessThan(PUSH_BUDGET_MS);
    abort.abort();
  });

  it('pushes a frequency change of the config to the open session stream', async () => {
    const session = await freshSession(server.url);
    const abort = new AbortController();
    const stream = sessionEvents(
      await fetch(`${server.url}/api/sessions/${session.id}/events?access_token=${server.device.token}`, {
        signal: abort.signal,
      }),
    );
    await stream.next(PUSH_BUDGET_MS);
    await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { checkSessionStateFrequency: 20 });
    const pushed = await stream.nextMatching((s) => s.checkSessionStateFrequency === 20, PUSH_BUDGET_MS);
    expect(pushed.checkSessionStateFrequency).toBe(20);
    abort.abort();
  });

  it('tells a till blocked on a closed session, within 1 s, that a new session was opened for its register', async () => {
    const session = await freshSession(server.url);
    const abort = new AbortController();
    const stream = sessionEvents(
      await fetch(`${server.url}/api/sessions/${session.id}/events?access_token=${server.device.token}`, {
        signal: abort.signal,
      }),
    );
    await stream.next(PUSH_BUDGET_MS);
    await call(server.url, 'PATCH', `/api/sessions/${session.id}`, uncountedMove('closed'));
    expect(await stream.nextMatching((s) => s.state === 'closed', PUSH_BUDGET_MS)).toMatchObject({
      state: 'closed',
      nextSession: null,
    });
    const opened = await call(server.url, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, {
      state: 'opened',
    });
    const pushed = await stream.nextMatching((s) => s.nextSession != null, PUSH_BUDGET_MS);
    expect(pushed).toMatchObject({
      id: session.id,
      state: 'closed',
      nextSession: { id: opened.body.id, name: opened.body.name, state: 'opened' },
    });
    abort.abort();
  });

  it('answers 404 JSON for the stream of an unknown session', async () => {
    const answer = await call(server.url, 'GET', '/api/sessions/31337/events');
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('answers a HEAD on the stream with its headers at once instead of holding it open unanswered', async () => {
    const config = await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
    const response = await fetch(`${server.url}/api/sessions/${config.body.currentSessionId}/events`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${server.device.token}` },
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  });

  it('lets the server close while a stream is open', async () => {
    const other = await startTestServer();
    const response = await fetch(`${other.url}/api/sessions/1/events`, {
      headers: { authorization: `Bearer ${other.device.token}` },
    });
    const stream = sessionEvents(response);
    await stream.next(PUSH_BUDGET_MS);
    await other.stop();
    await expect(stream.next(PUSH_BUDGET_MS)).rejects.toThrow(/stream ended|terminated/);
  });
});
