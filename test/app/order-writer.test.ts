import { describe, expect, it } from 'vitest';
import { OrderWriter, type WriterPort } from '../../src/app/order-writer.js';
import type { PosDb } from '../../src/store/db.js';
import { listBySession } from '../../src/store/outbox-repo.js';
import { answerWriteRequest, type WriteOrderRequest } from '../../src/store/write-order.js';
import { makeDraft, openTestDb, seedSession } from '../store/fixtures.js';

type Behaviour = 'answers' | 'dies-after-commit' | 'dies-at-once' | 'silent' | 'no-database';

/**
 * The writer's worker, run in this thread on the same database: it answers as the real one does
 * (answerWriteRequest, with messages cloned as postMessage clones them), or fails as a worker can.
 */
class FakeWriter implements WriterPort {
  readonly requests: WriteOrderRequest[] = [];
  terminated = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(
    private readonly db: PosDb,
    private readonly behaviour: Behaviour,
  ) {}

  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  terminate(): void {
    this.terminated = true;
  }

  postMessage(request: WriteOrderRequest): void {
    this.requests.push(request);
    void this.run(structuredClone(request));
  }

  private async run(request: WriteOrderRequest): Promise<void> {
    const { behaviour } = this;
    if (behaviour === 'silent') return;
    if (behaviour === 'dies-at-once') return this.emit('error', new Event('error'));
    const answer = await answerWriteRequest(behaviour === 'no-database' ? null : this.db, request);
    if (behaviour === 'dies-after-commit') return this.emit('error', new Event('error'));
    this.emit('message', new MessageEvent('message', { data: structuredClone(answer) }));
  }

  private emit(type: string, event: Event): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

async function setup(behaviour: Behaviour) {
  const db = await openTestDb();
  const workers: FakeWriter[] = [];
  const writer = new OrderWriter(() => {
    const worker = new FakeWriter(db, behaviour);
    workers.push(worker);
    return worker;
  }, 50);
  const stored = async () => (await listBySession(db, 42)).map((e) => e.uuid);
  return { db, writer, workers, stored };
}

describe('OrderWriter: a sale written off the main thread, once, whatever the worker does', () => {
  it('writes through the worker: the entry as stored, with its reference, and when it committed', async () => {
    const { db, writer, workers, stored } = await setup('answers');
    const first = await writer.write(db, makeDraft(), 1_000);
    const second = await writer.write(db, makeDraft(), 2_000);
    expect(workers).toHaveLength(1);
    expect(workers[0]?.requests).toHaveLength(2);
    expect(await stored()).toEqual([first.entry.uuid, second.entry.uuid]);
    expect([first.entry.order.reference, second.entry.order.reference].map((r) => r.slice(-4))).toEqual([
      '0001',
      '0002',
    ]);
    expect(first.entry).toMatchObject({ status: 'pending', queuedAt: 1_000 });
    expect(first.committedAt).toBeGreaterThan(0);
  });

  it("the worker's refusal is the sale's: session not open, nothing written by either side", async () => {
    const { db, writer, stored } = await setup('answers');
    await seedSession(db, { state: 'closed' });
    await expect(writer.write(db, makeDraft(), 1)).rejects.toMatchObject({
      name: 'PosError',
      code: 'session_not_open',
    });
    expect(await stored()).toEqual([]);
  });

  it('a worker that dies after its commit: the sale is the stored one, never written twice, and the page writes from then on', async () => {
    const { db, writer, workers, stored } = await setup('dies-after-commit');
    const draft = makeDraft();
    const written = await writer.write(db, draft, 1);
    expect(written.entry.uuid).toBe(draft.uuid);
    expect(await stored()).toEqual([draft.uuid]);
    expect(workers[0]?.terminated).toBe(true);
    const next = await writer.write(db, makeDraft(), 2);
    expect(workers).toHaveLength(1); // not made again
    expect(await stored()).toEqual([draft.uuid, next.entry.uuid]);
  });

  it.each([
    ['fails before writing (its script did not load)', 'dies-at-once'],
    ['never answers (after the timeout)', 'silent'],
    ['has no database (closed by a newer version or the browser)', 'no-database'],
  ] as const)(
    'a worker that %s: the page writes the sale, once, and stops using it',
    async (_, behaviour) => {
      const { db, writer, workers, stored } = await setup(behaviour);
      const draft = makeDraft();
      await writer.write(db, draft, 1);
      expect(await stored()).toEqual([draft.uuid]);
      expect(workers[0]?.terminated).toBe(true);
    },
  );

  it('where no worker can be made, the page writes', async () => {
    const db = await openTestDb();
    const writer = new OrderWriter(() => {
      throw new Error('no workers here');
    });
    const draft = makeDraft();
    await writer.write(db, draft, 1);
    expect((await listBySession(db, 42)).map((e) => e.uuid)).toEqual([draft.uuid]);
    const none = new OrderWriter(null);
    const other = makeDraft();
    await none.write(db, other, 2);
    expect((await listBySession(db, 42)).map((e) => e.uuid)).toEqual([draft.uuid, other.uuid]);
  });
});
