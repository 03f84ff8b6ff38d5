import { describe, expect, it, vi } from 'vitest';
import type { UpdateSource } from '../../src/bridge/update-source.js';
import { UpdateFlow, type UpdateStatus } from '../../src/app/update-flow.js';

/** A fake bridge: the test fires `waiting` / `activated` and decides what applyUpdate answers. */
function fakeSource(options: { applies?: boolean; flushing?: boolean[] } = {}) {
  const waiting = new Set<() => void>();
  const activated = new Set<() => void>();
  const flushing = [...(options.flushing ?? [])];
  const source: UpdateSource & { fireWaiting: () => void; fireActivated: () => void } = {
    onUpdateWaiting: (cb) => (waiting.add(cb), () => waiting.delete(cb)),
    onUpdateActivated: (cb) => (activated.add(cb), () => activated.delete(cb)),
    applyUpdate: vi.fn(async () => options.applies ?? true),
    flushRunning: vi.fn(async () => flushing.shift() ?? false),
    fireWaiting: () => waiting.forEach((cb) => cb()),
    fireActivated: () => activated.forEach((cb) => cb()),
  };
  return source;
}

function makeFlow(source: ReturnType<typeof fakeSource>) {
  const reload = vi.fn();
  let clock = 0;
  const flow = new UpdateFlow({ source, reload, sleep: async (ms) => void (clock += ms), now: () => clock });
  const seen: UpdateStatus[] = [];
  flow.subscribe((s) => seen.push(s));
  return { flow, reload, seen };
}

/** Lets the flow's awaited promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UpdateFlow: an update only between sales, never mid-sale', () => {
  it('shows the prompt only once a new worker waits', () => {
    const source = fakeSource();
    const { flow } = makeFlow(source);
    expect(flow.status).toBe('none');
    source.fireWaiting();
    expect(flow.status).toBe('available');
  });

  it('applies at once and reloads when no sale is in progress', async () => {
    const source = fakeSource();
    const { flow, reload } = makeFlow(source);
    source.fireWaiting();
    flow.request();
    await settle();
    expect(source.applyUpdate).toHaveBeenCalledTimes(1);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('never switches mid-sale: waits for the sale to end, then applies', async () => {
    const source = fakeSource();
    const { flow, reload } = makeFlow(source);
    flow.setBusy(true);
    source.fireWaiting();
    flow.request();
    await settle();
    expect(flow.status).toBe('after-sale');
    expect(source.applyUpdate).not.toHaveBeenCalled();
    flow.setBusy(true);
    await settle();
    expect(reload).not.toHaveBeenCalled();
    flow.setBusy(false);
    await settle();
    expect(source.applyUpdate).toHaveBeenCalledTimes(1);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does not apply by itself when the cart empties without the cashier asking', async () => {
    const source = fakeSource();
    const { flow, reload } = makeFlow(source);
    flow.setBusy(true);
    source.fireWaiting();
    flow.setBusy(false);
    await settle();
    expect(flow.status).toBe('available');
    expect(reload).not.toHaveBeenCalled();
  });

  it('waits for a running flush before activating the new worker', async () => {
    const source = fakeSource({ flushing: [true, true, false] });
    const { flow, reload } = makeFlow(source);
    source.fireWaiting();
    flow.request();
    await settle();
    expect(source.flushRunning).toHaveBeenCalledTimes(3);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('says failed, and lets the cashier retry, when the new worker does not take control', async () => {
    const source = fakeSource({ applies: false });
    const { flow, reload } = makeFlow(source);
    source.fireWaiting();
    flow.request();
    await settle();
    expect(flow.status).toBe('failed');
    expect(reload).not.toHaveBeenCalled();
    flow.request();
    await settle();
    expect(source.applyUpdate).toHaveBeenCalledTimes(2);
  });

  it('when another tab applied the update, reloads only once this tab is between sales', async () => {
    const source = fakeSource();
    const { flow, reload } = makeFlow(source);
    flow.setBusy(true);
    source.fireWaiting();
    source.fireActivated();
    expect(flow.status).toBe('after-sale');
    expect(reload).not.toHaveBeenCalled();
    flow.setBusy(false);
    await settle();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(source.applyUpdate).not.toHaveBeenCalled();
  });
});
