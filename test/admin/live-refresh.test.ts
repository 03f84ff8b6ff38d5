import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_REFRESH_MS, LiveRefresh } from '../../src/admin/live-refresh.js';

/** A document stand-in: `hidden` and its `visibilitychange` event. */
class FakeVisibility extends EventTarget {
  hidden = false;
  set(hidden: boolean): void {
    this.hidden = hidden;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('LiveRefresh (back office re-reads)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('re-reads every LIVE_REFRESH_MS while visible, and stops when asked', async () => {
    const visibility = new FakeVisibility();
    let runs = 0;
    const live = new LiveRefresh({ visibility, run: async () => void (runs += 1) });
    live.start();
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS - 1);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * LIVE_REFRESH_MS);
    expect(runs).toBe(3);
    live.stop();
    await vi.advanceTimersByTimeAsync(5 * LIVE_REFRESH_MS);
    expect(runs).toBe(3);
  });

  it('a hidden page reads nothing; showing it again reads at once', async () => {
    const visibility = new FakeVisibility();
    let runs = 0;
    const live = new LiveRefresh({ visibility, run: async () => void (runs += 1), intervalMs: 1_000 });
    live.start();
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(0);
    visibility.set(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    live.stop();
    visibility.set(true);
    visibility.set(false);
    expect(runs).toBe(1);
  });

  it('never runs two re-reads at once: a tick during a slow one is skipped', async () => {
    const visibility = new FakeVisibility();
    let started = 0;
    let finish: () => void = () => undefined;
    const live = new LiveRefresh({
      visibility,
      intervalMs: 1_000,
      run: () => new Promise<void>((resolve) => ((started += 1), (finish = resolve))),
    });
    live.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(started).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(2);
    live.stop();
  });
});
