import type { OrderDraft } from '../domain/build-order.js';
import { isCashMove, type OrderEntry, type PosDb } from '../store/db.js';
import { addOrder, getEntry } from '../store/outbox-repo.js';
import {
  preciseEpochMs,
  refusalError,
  type WriteOrderAnswer,
  type WriteOrderRequest,
} from '../store/write-order.js';

/** What the page needs of the writer's worker (a `Worker`; a fake in Node tests). */
export interface WriterPort {
  postMessage(request: WriteOrderRequest): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

/** A sale written: the entry as stored, and when its transaction completed (epoch ms, sub-ms). */
export interface OrderWrite {
  entry: OrderEntry;
  committedAt: number;
}

/**
 * Longest wait for the writer's answer before the page writes the sale itself (ms). A strict write
 * takes milliseconds; only a writer that died without a word gets near this.
 */
export const WRITER_TIMEOUT_MS = 10_000;

/**
 * Writes sales to the outbox through a dedicated worker (src/store/order-writer-worker.ts), so a
 * sale's IndexedDB round trips never wait behind the page's frames: the frame a tap paints ran
 * between the transaction's reads and their answers in every sale measured, and took longer than
 * the write. Whatever the worker does, the sale is written once or refused with the reason:
 * - the worker refuses (session not open, disk full): that PosError, nothing written;
 * - the worker cannot be made, fails to load, has no database, dies or does not answer in time: the page stops using it and writes the sale itself, unless the
 *   worker committed it before failing (found by its uuid: the outbox's key, so never twice).
 */
export class OrderWriter {
  private port: WriterPort | null = null;
  private broken = false;
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: WriteOrderAnswer | null) => void>();

  /**
   * `create` makes the worker; null where there are no workers (the page then writes).
   * `timeoutMs`: how long an answer may take (default {@link WRITER_TIMEOUT_MS}).
   */
  constructor(
    private readonly create: (() => WriterPort) | null,
    private readonly timeoutMs = WRITER_TIMEOUT_MS,
  ) {}

  /** Starts the worker ahead of the first sale (call once the page's database is open). */
  start(): void {
    this.ensure();
  }

  /**
   * Writes `draft` (`now`: device epoch ms) as addOrder does, in the worker when it works.
   * Rejects with addOrder's PosError: `session_not_open`, `storage_full`, `storage_failed`.
   */
  async write(db: PosDb, draft: OrderDraft, now: number): Promise<OrderWrite> {
    const port = this.ensure();
    if (port) {
      const answer = await this.ask(port, { id: this.nextId++, draft, now });
      if (answer?.kind === 'written') return { entry: answer.entry, committedAt: answer.committedAt };
      if (answer?.kind === 'refused') throw refusalError(answer);
      if (answer?.kind === 'unavailable') console.warn(`pos-shell: ${answer.message} The page writes sales.`);
      this.stop();
      const committed = await storedOrder(db, draft.uuid);
      if (committed) return { entry: committed, committedAt: preciseEpochMs() };
    }
    try {
      return { entry: await addOrder(db, draft, now), committedAt: preciseEpochMs() };
    } catch (error) {
      // A worker that died mid-commit may still have committed after the look above.
      const committed = port ? await storedOrder(db, draft.uuid).catch(() => undefined) : undefined;
      if (committed) return { entry: committed, committedAt: preciseEpochMs() };
      throw error;
    }
  }

  private ensure(): WriterPort | null {
    if (this.port || this.broken || !this.create) return this.port;
    try {
      const port = this.create();
      port.addEventListener('message', (event) =>
        this.settle((event as MessageEvent<WriteOrderAnswer>).data),
      );
      port.addEventListener('error', (event) => {
        event.preventDefault?.();
        console.warn('pos-shell: the order writer failed; the page writes sales', event);
        this.stop();
      });
      port.addEventListener('messageerror', () => this.stop());
      this.port = port;
    } catch (error) {
      console.warn('pos-shell: no order writer; the page writes sales', error);
      this.broken = true;
    }
    return this.port;
  }

  private ask(port: WriterPort, request: WriteOrderRequest): Promise<WriteOrderAnswer | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request.id);
        resolve(null);
      }, this.timeoutMs);
      this.waiting.set(request.id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      port.postMessage(request);
    });
  }

  private settle(answer: WriteOrderAnswer): void {
    const resolve = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    resolve?.(answer);
  }

  /** Stops using the worker for good; every request waiting is answered null (failed). */
  private stop(): void {
    this.broken = true;
    this.port?.terminate();
    this.port = null;
    for (const resolve of this.waiting.values()) resolve(null);
    this.waiting.clear();
  }
}

async function storedOrder(db: PosDb, uuid: string): Promise<OrderEntry | undefined> {
  const stored = await getEntry(db, uuid);
  return stored && !isCashMove(stored) ? stored : undefined;
}
