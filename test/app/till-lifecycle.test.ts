import { describe, expect, it } from 'vitest';
import { DUE_CHECK_SLACK_MS } from '../../src/app/due-check-timer.js';
import { REREAD_INTERVAL_MS } from '../../src/app/till-lifecycle.js';
import type { OpenPosDbHooks } from '../../src/store/db.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { addPending, openTestDb } from '../store/fixtures.js';
import { waitFor } from '../kit/wait-for.js';
import { BAGUETTE, makeTill, seedPairedTill } from './till-fakes.js';

const NOW = 1_700_000_000_000;

describe('the till lifecycle', () => {
  it('an IndexedDB the browser refuses is said, and the till is loaded with no sale possible', async () => {
    const db = await openTestDb();
    const till = makeTill(db, {
      openDb: () => Promise.reject(new DOMException('denied', 'InvalidStateError')),
    });
    await till.lifecycle.start();
    const s = till.holder.state;
    expect(s.error?.()).toMatch(/^This device cannot store sales/);
    expect([s.loaded, s.refreshed]).toEqual([true, true]);
    expect(till.sale.addProduct(BAGUETTE)).toBe(false);
    till.holder.dismissError();
    expect(till.holder.state.error?.()).toMatch(/^This device cannot store sales/); // needs a reload
  });

  it('a newer tab taking the database over is an error that no dismissal hides', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    let hooks: OpenPosDbHooks = {};
    const till = makeTill(db, {
      openDb: (h) => {
        hooks = h;
        return Promise.resolve(db);
      },
    });
    await till.lifecycle.start();
    hooks.versionchange?.();
    till.holder.dismissError();
    expect(till.holder.state.error?.()).toBe('A newer version was opened in another tab: reload.');
  });

  it('an older tab blocking the upgrade is named while it blocks, and the message goes once the database opens', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const seen: (string | null)[] = [];
    const till = makeTill(db, {
      openDb: (hooks) => {
        hooks.blocked?.();
        seen.push(till.holder.state.error?.() ?? null);
        return Promise.resolve(db);
      },
    });
    await till.lifecycle.start();
    expect(seen[0]).toMatch(/An older version of the till is open in another tab/);
    expect(till.holder.state.error).toBeNull();
  });

  it('sales pause by themselves when the session goes unverified too long, with no other change', async () => {
    const db = await openTestDb();
    const clock = { at: NOW };
    await seedPairedTill(db, { now: NOW, session: { maxUnverifiedSeconds: 60 } });
    const till = makeTill(db, { now: () => clock.at });
    await till.lifecycle.start();
    expect(till.holder.state.saleBlock).toBeNull();
    const pause = till.timers.live().find((t) => t.ms === 60_001);
    expect(pause).toBeDefined();
    clock.at = NOW + 60_001;
    pause?.run();
    expect(till.holder.state.saleBlock?.()).toMatch(/^Sales are paused: the session has not been verified/);
    expect(till.sale.addProduct(BAGUETTE)).toBe(true); // the cart may still grow
  });

  it('once sales are paused, arms no further timer: a 0 ms one would re-render the till in a loop until the next check', async () => {
    const db = await openTestDb();
    const clock = { at: NOW };
    await seedPairedTill(db, { now: NOW, session: { maxUnverifiedSeconds: 60 } });
    const till = makeTill(db, { now: () => clock.at });
    await till.lifecycle.start();
    const renders: unknown[] = [];
    till.holder.subscribe((s) => renders.push(s));
    clock.at = NOW + 60_001;
    till.timers
      .live()
      .find((t) => t.ms === 60_001)
      ?.run();
    expect(till.holder.state.saleBlock?.()).toMatch(/^Sales are paused/);
    const pauseTimers = () => till.timers.live().filter((t) => !t.repeat && t.ms < DUE_CHECK_SLACK_MS);
    expect(pauseTimers()).toEqual([]);
    till.sale.addProduct(BAGUETTE); // any later change while paused arms none either
    expect(pauseTimers()).toEqual([]);
    expect(renders).toHaveLength(3); // subscribe, the pause, the product
  });

  it('wakes the worker when the session check falls due, and moves the wake-up when the record changes', async () => {
    const db = await openTestDb();
    await seedPairedTill(db, { now: NOW, nextCheckAt: NOW + 5_000 });
    const till = makeTill(db, { now: () => NOW });
    await till.lifecycle.start();
    const due = () => till.timers.live().filter((t) => !t.repeat && t.ms >= DUE_CHECK_SLACK_MS);
    expect(due().map((t) => t.ms)).toContain(5_000 + DUE_CHECK_SLACK_MS);
    const record = till.holder.state.sessionRecord;
    if (!record) throw new Error('seeded session missing');
    till.holder.set({ sessionRecord: { ...record, nextCheckAt: NOW + 9_000 } });
    const wake = due().find((t) => t.ms === 9_000 + DUE_CHECK_SLACK_MS);
    expect(due().some((t) => t.ms === 5_000 + DUE_CHECK_SLACK_MS)).toBe(false);
    wake?.run();
    expect(till.bridge.sent).toContainEqual({ type: 'heartbeat' });
  });

  it('re-reads IndexedDB on its own, and when the tab is visible again, so a sale of another tab shows', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const till = makeTill(db);
    await till.lifecycle.start();
    expect(till.holder.state.counts.pending).toBe(0);
    await addPending(db, 1);
    till.timers
      .live()
      .find((t) => t.repeat && t.ms === REREAD_INTERVAL_MS)
      ?.run();
    await waitFor('the periodic re-read', () => till.holder.state.counts.pending === 1);
    await addPending(db, 1);
    till.events.isVisible = true;
    till.events.document.dispatchEvent(new Event('visibilitychange'));
    await waitFor('the re-read on visible', () => till.holder.state.counts.pending === 2);
  });

  it('follows online and offline, and retries a refresh that failed once the network is back', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const till = makeTill(db, { online: false });
    await till.lifecycle.start();
    await waitFor('the start-up', () => till.holder.state.refreshed);
    await setMeta(db, 'configName', 'stale');
    till.net.online = true;
    till.events.window.dispatchEvent(new Event('online'));
    expect(till.holder.state.online).toBe(true);
    await waitFor('the refresh', () => till.bridge.sent.some((m) => m.type === 'check-now'));
    expect(till.holder.state.configName).toBe('Main counter');
    till.events.window.dispatchEvent(new Event('offline'));
    expect(till.holder.state.online).toBe(false);
  });

  it('a network lost while the database opened (its offline event heard by no one) is read when the listeners go on', async () => {
    const db = await openTestDb();
    await seedPairedTill(db);
    const till = makeTill(db, {
      openDb: () => {
        till.net.online = false; // the event fires before connect() listens: nobody hears it
        till.events.window.dispatchEvent(new Event('offline'));
        return Promise.resolve(db);
      },
    });
    expect(till.holder.state.online).toBe(true);
    await till.lifecycle.start();
    expect(till.holder.state.online).toBe(false);
  });

  it('stop leaves no timer, listener or stream running, and closes the database', async () => {
    const db = await openTestDb();
    await seedPairedTill(db, { now: NOW, session: { maxUnverifiedSeconds: 60 } });
    const till = makeTill(db, { now: () => NOW });
    await till.lifecycle.start();
    expect(till.stream.running).toBe(true);
    expect(till.bridge.listeners).toBe(1);
    till.lifecycle.stop();
    expect(till.timers.live()).toEqual([]);
    expect(till.stream.running).toBe(false);
    expect(till.bridge.listeners).toBe(0);
    expect(till.lifecycle.db).toBeNull();
    till.events.window.dispatchEvent(new Event('offline'));
    expect(till.holder.state.online).toBe(true);
    till.holder.set({});
    expect(till.timers.live()).toEqual([]); // a change after stop arms nothing
  });
});
