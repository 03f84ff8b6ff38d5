import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WAITING_POLL_MS, sleepUntilUpdate } from '../../sw/sleep-until-update.js';

/** A registration whose `waiting` worker the test sets. */
const registration = (): { waiting: ServiceWorker | null } => ({ waiting: null });

describe('sleepUntilUpdate (a wait inside a worker event never holds an update back)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits the whole time when no new version comes', async () => {
    const wait = sleepUntilUpdate(registration())(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(wait).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends within a poll once a new version waits, and at once when one already does', async () => {
    const reg = registration();
    const wait = sleepUntilUpdate(reg)(60_000);
    await vi.advanceTimersByTimeAsync(3_000);
    reg.waiting = {} as ServiceWorker;
    await vi.advanceTimersByTimeAsync(WAITING_POLL_MS);
    await expect(wait).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleepUntilUpdate(reg)(60_000)).resolves.toBe(false);
  });
});
