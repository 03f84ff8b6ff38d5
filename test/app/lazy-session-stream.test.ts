import { describe, expect, it } from 'vitest';
import { LazySessionStream } from '../../src/app/lazy-session-stream.js';
import type { ManagedStream } from '../../src/app/till-lifecycle.js';
import type { PageBridge } from '../../src/bridge/page-bridge.js';

/** A stream that records what it was told, and a loader whose chunk arrives when the test says. */
function setup() {
  const calls: string[] = [];
  const stream: ManagedStream = {
    start: () => calls.push('start'),
    stop: () => calls.push('stop'),
    follow: (id) => calls.push(`follow ${String(id)}`),
    authorize: (token) => calls.push(`authorize ${String(token)}`),
  };
  const loads: { resolve: (s: ManagedStream) => void; reject: (e: Error) => void }[] = [];
  const make = () =>
    new Promise<ManagedStream>((resolve, reject) => {
      loads.push({ resolve, reject });
    });
  const lazy = new LazySessionStream({} as PageBridge, make);
  return { calls, stream, loads, lazy };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LazySessionStream', () => {
  it('a session followed and a token given before the code loaded reach the stream once it is in (a closure pushed at start is not missed)', async () => {
    const { calls, stream, loads, lazy } = setup();
    lazy.start();
    lazy.follow(7);
    lazy.authorize('token-a');
    lazy.follow(8);
    expect(calls).toEqual([]);
    expect(loads).toHaveLength(1); // one load, however many calls
    loads[0]!.resolve(stream);
    await settle();
    expect(calls).toEqual(['start', 'authorize token-a', 'follow 8']);
    lazy.follow(9);
    expect(calls.at(-1)).toBe('follow 9');
  });

  it('a till stopped before the code loaded opens no stream', async () => {
    const { calls, stream, loads, lazy } = setup();
    lazy.start();
    lazy.follow(7);
    lazy.stop();
    loads[0]!.resolve(stream);
    await settle();
    expect(calls).toEqual([]);
  });

  it('a chunk that failed to load is loaded again at the next call, with the state of then', async () => {
    const { calls, stream, loads, lazy } = setup();
    lazy.start();
    lazy.follow(7);
    loads[0]!.reject(new Error('offline, chunk missing'));
    await settle();
    lazy.authorize('token-b');
    expect(loads).toHaveLength(2);
    loads[1]!.resolve(stream);
    await settle();
    expect(calls).toEqual(['start', 'authorize token-b', 'follow 7']);
  });
});
