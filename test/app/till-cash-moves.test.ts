import { describe, expect, it } from 'vitest';
import { cashMovesOffered } from '../../src/app/till-cash-moves.js';
import { recordFromSession } from '../../src/sync/build-session-record.js';
import { countByStatus, listBySession } from '../../src/store/outbox-repo.js';
import { getSessionRecord, putSessionRecord } from '../../src/store/session-repo.js';
import { makeSession, openTestDb } from '../store/fixtures.js';
import { makeTill, seedPairedTill } from './till-fakes.js';

/** A started, paired till whose session 42 is stored `opened` with cash control. */
async function till(options: Parameters<typeof makeTill>[1] = {}) {
  const db = await openTestDb();
  await seedPairedTill(db, { session: { cashControl: true } });
  const t = makeTill(db, options);
  await t.lifecycle.start();
  return { ...t, db };
}

describe('cash in and cash out on the till', () => {
  it('a cash out is written to the outbox before anything else, signed negative, then the worker is asked to send it', async () => {
    const { cashMoves, db, bridge, holder } = await till();
    const outcome = await cashMoves.record({ direction: 'out', amount: 2000, reason: ' Bank deposit ' });
    expect(outcome).toMatchObject({
      ok: true,
      move: { amount: -2000, reason: 'Bank deposit', sessionId: 42 },
    });
    const stored = await listBySession(db, 42);
    expect(stored).toMatchObject([
      { kind: 'cash-move', status: 'pending', currency: 'EUR', move: { amount: -2000, deviceNumber: 3 } },
    ]);
    expect(bridge.sent).toContainEqual({ type: 'flush-now' });
    await expect.poll(() => holder.state.counts.pending).toBe(1);
  });

  it('a cash in is positive', async () => {
    const { cashMoves } = await till();
    expect(await cashMoves.record({ direction: 'in', amount: 5000, reason: 'Change float' })).toMatchObject({
      ok: true,
      move: { amount: 5000 },
    });
  });

  it('offline, the move is still saved and Background Sync is asked to send it later', async () => {
    const { cashMoves, db, bridge } = await till({ online: false });
    expect((await cashMoves.record({ direction: 'out', amount: 100, reason: 'Tips' })).ok).toBe(true);
    expect((await countByStatus(db)).pending).toBe(1);
    await expect.poll(() => bridge.syncRequests).toBe(1);
  });

  it('refused while the session is not opened, with the sentence of a new order, and nothing is written', async () => {
    for (const state of ['closing_control', 'closed', 'opening_control'] as const) {
      const { cashMoves, db, holder } = await till();
      const record = await getSessionRecord(db, 42);
      if (record) await putSessionRecord(db, { ...record, state });
      holder.set({ sessionRecord: record ? { ...record, state } : null });
      const outcome = await cashMoves.record({ direction: 'out', amount: 2000, reason: 'Bank deposit' });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok)
        expect(outcome.error()).toMatch(/^Session Main counter\/00042 .*No cash move can be made\.$/);
      expect(await listBySession(db, 42)).toEqual([]);
    }
  });

  it('a closure the worker stored but this page had not heard of yet still refuses the move (checked in the write)', async () => {
    const { cashMoves, db } = await till();
    const record = await getSessionRecord(db, 42);
    if (record) await putSessionRecord(db, { ...record, state: 'closed' }); // the page's state still says opened
    const outcome = await cashMoves.record({ direction: 'in', amount: 100, reason: 'Tips' });
    expect(outcome.ok).toBe(false);
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 0, held: 0, rejected: 0 });
  });

  it('refuses an amount of 0, beyond 10^10 or a blank reason, and writes nothing', async () => {
    const { cashMoves, db } = await till();
    const refusals = [
      { direction: 'out' as const, amount: 0, reason: 'Tips' },
      { direction: 'out' as const, amount: 10_000_000_001, reason: 'Tips' },
      { direction: 'in' as const, amount: 100, reason: '  ' },
    ];
    const texts = [];
    for (const request of refusals) {
      const outcome = await cashMoves.record(request);
      texts.push(outcome.ok ? 'saved' : outcome.error());
    }
    expect(texts).toEqual([
      'Type an amount greater than 0.',
      'This amount is too large for a cash move.',
      'Give a reason for the cash move.',
    ]);
    expect(await countByStatus(db)).toEqual({ pending: 0, synced: 0, held: 0, rejected: 0 });
  });

  it('is offered only when the config has cash control, as the session answer says', () => {
    const record = (cashControl?: boolean) =>
      recordFromSession(
        makeSession(cashControl === undefined ? {} : { cashControl }),
        0,
        null,
        60_000,
        'seed',
      );
    expect(cashMovesOffered({ sessionRecord: record(true) })).toBe(true);
    expect(cashMovesOffered({ sessionRecord: record(false) })).toBe(false);
    expect(cashMovesOffered({ sessionRecord: record() })).toBe(false);
    expect(cashMovesOffered({ sessionRecord: null })).toBe(false);
  });
});
