import { describe, expect, it } from 'vitest';
import { markDeviceUnpaired } from '../../src/store/device-repo.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { openTestDb } from '../store/fixtures.js';
import { waitFor } from '../kit/wait-for.js';
import { BAGUETTE, DEVICE_TOKEN, makeTill, seedPairedTill } from './till-fakes.js';

/** A started, paired till of session 42 with one line in the cart. */
async function sellingTill() {
  const db = await openTestDb();
  await seedPairedTill(db);
  const till = makeTill(db);
  await till.lifecycle.start();
  await waitFor('the start-up', () => till.holder.state.refreshed);
  expect(till.sale.addProduct(BAGUETTE)).toBe(true);
  return { ...till, db };
}

describe('messages of the sync runner', () => {
  it('a pushed closure reaches the state at once: the dialog gets the record, sales stop, the cart is kept', async () => {
    const till = await sellingTill();
    const record = till.holder.state.sessionRecord;
    if (!record) throw new Error('seeded session missing');
    const closed = { ...record, state: 'closed' as const };
    const cart = till.holder.state.cart;

    till.bridge.emit({ type: 'session-state', record: closed });

    expect(till.holder.state.sessionRecord).toBe(closed);
    expect(till.holder.state.saleBlock?.()).toMatch(/closed\. No new sale can be made\./);
    expect(till.holder.state.cart).toBe(cart);
    expect(till.sale.addProduct(BAGUETTE)).toBe(false);
    expect(await till.sale.pay([{ method: 'cash', amount: 120 }])).toBe(false);
  });

  it('the record of another session never replaces the current one', async () => {
    const till = await sellingTill();
    const record = till.holder.state.sessionRecord;
    if (!record) throw new Error('seeded session missing');
    till.bridge.emit({ type: 'session-state', record: { ...record, id: 7, state: 'closed' } });
    expect(till.holder.state.sessionRecord).toBe(record);
    expect(till.holder.state.saleBlock).toBeNull();
  });

  it('new outbox counts show at once, with the last upload error the runner stored', async () => {
    const till = await sellingTill();
    const error = { code: 'database_unavailable', message: 'down', at: 5 };
    await setMeta(till.db, 'flushLastError', error);
    till.bridge.emit({ type: 'outbox-changed', counts: { pending: 3, synced: 1, held: 2, rejected: 0 } });
    expect(till.holder.state.counts).toEqual({ pending: 3, synced: 1, held: 2, rejected: 0 });
    await waitFor('the upload error', () => till.holder.state.uploadError);
    expect(till.holder.state.uploadError).toEqual(error);
  });

  it('"device unpaired" is read from IndexedDB, not trusted: a tablet paired again since stays paired', async () => {
    const till = await sellingTill();
    const reads: (string | null)[] = [];
    till.holder.subscribe((s) => reads.push(s.pairing));
    till.bridge.emit({ type: 'device-unpaired', unpaired: { code: 'device_revoked', at: 1 } });
    await waitFor('the re-read', () => reads.length > 1);
    expect(till.holder.state.pairing).toBe('paired');

    await markDeviceUnpaired(till.db, DEVICE_TOKEN, { code: 'device_revoked', at: 2 });
    till.bridge.emit({ type: 'device-unpaired', unpaired: { code: 'device_revoked', at: 2 } });
    await waitFor('the pairing screen', () => till.holder.state.pairing === 'unpaired');
    expect(till.stream.tokens.at(-1)).toBeNull(); // no push stream without a working token
  });
});
