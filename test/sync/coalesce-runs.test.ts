import { describe, expect, it } from 'vitest';
import { coalesceRuns } from '../../src/sync/coalesce-runs.js';

/** A run that waits until released; counts its starts. */
function gatedRun() {
  const releases: (() => void)[] = [];
  let starts = 0;
  const run = () =>
    new Promise<void>((resolve) => {
      starts += 1;
      releases.push(resolve);
    });
  return { run, starts: () => starts, release: () => releases.shift()?.() };
}

describe('coalesceRuns', () => {
  it('20 calls while one runs cost one more run, not twenty', async () => {
    const gate = gatedRun();
    const heartbeat = coalesceRuns(gate.run);
    const first = heartbeat();
    const burst = Array.from({ length: 20 }, () => heartbeat());
    expect(gate.starts()).toBe(1);
    gate.release();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(gate.starts()).toBe(2);
    gate.release();
    await Promise.all(burst);
    expect(gate.starts()).toBe(2);
  });

  it('a call after the runs settled starts a fresh run; a failed run does not wedge the next', async () => {
    let fail = true;
    let starts = 0;
    const heartbeat = coalesceRuns(async () => {
      starts += 1;
      if (fail) throw new Error('IndexedDB failed');
    });
    await expect(heartbeat()).rejects.toThrow('IndexedDB failed');
    fail = false;
    await heartbeat();
    expect(starts).toBe(2);
  });

  it('a folded run is told when the earliest call it covers was made, not when it starts', async () => {
    let clock = 1_000;
    const asks: number[] = [];
    const releases: (() => void)[] = [];
    const flush = coalesceRuns(
      (askedAt) =>
        new Promise<void>((resolve) => {
          asks.push(askedAt);
          releases.push(resolve);
        }),
      () => clock,
    );
    const first = flush();
    clock = 2_000;
    const second = flush();
    clock = 3_000;
    const third = flush();
    clock = 4_000;
    releases.shift()?.();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    releases.shift()?.();
    await Promise.all([second, third]);
    expect(asks).toEqual([1_000, 2_000]);
  });
});
