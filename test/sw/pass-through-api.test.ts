import { afterEach, describe, expect, it, vi } from 'vitest';
import { passThroughApi } from '../../sw/pass-through-api.js';

const ORIGIN = 'https://till.example';

/** A fetch event of `url`: what it was answered with and which promises extended it. */
function fetchEvent(url: string, accept = 'application/json') {
  const extended: Promise<unknown>[] = [];
  const answered: Promise<Response>[] = [];
  const event = {
    request: new Request(url, { headers: { accept } }),
    respondWith: (answer: Response | Promise<Response>) => void answered.push(Promise.resolve(answer)),
    waitUntil: (promise: Promise<unknown>) => void extended.push(promise),
  };
  return { event, extended, answered };
}

describe('passThroughApi (API requests go to the network; the check after them never holds an update)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('answers an API request from the network and runs the check inside the event while no new version waits', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"ok":true}')),
    );
    const afterResponse = vi.fn(async () => undefined);
    const { event, extended, answered } = fetchEvent(`${ORIGIN}/api/sessions/7`);
    expect(passThroughApi(event, ORIGIN, afterResponse, { waiting: null })).toBe(true);
    expect(await (await answered[0])?.json()).toEqual({ ok: true });
    expect(extended).toHaveLength(1);
    await extended[0];
    expect(afterResponse).toHaveBeenCalledTimes(1);
  });

  it('still answers and still checks, but does not keep the event open, while a new version waits to take over', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"ok":true}')),
    );
    let checked = false;
    const afterResponse = vi.fn(async () => {
      checked = true;
    });
    const { event, extended, answered } = fetchEvent(`${ORIGIN}/api/sessions/7`);
    const waiting = {} as ServiceWorker;
    expect(passThroughApi(event, ORIGIN, afterResponse, { waiting })).toBe(true);
    expect((await answered[0])?.status).toBe(200);
    expect(extended).toEqual([]);
    await vi.waitFor(() => expect(checked).toBe(true));
  });

  it('leaves other paths, other origins and event streams to the browser', () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const afterResponse = vi.fn(async () => undefined);
    for (const [url, accept] of [
      [`${ORIGIN}/index.html`, 'text/html'],
      ['https://elsewhere.example/api/sessions/7', 'application/json'],
      [`${ORIGIN}/api/configs/1/events`, 'text/event-stream'],
    ] as const) {
      const { event, extended, answered } = fetchEvent(url, accept);
      expect(passThroughApi(event, ORIGIN, afterResponse, { waiting: null })).toBe(false);
      expect([answered, extended]).toEqual([[], []]);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
