import type { OrderDraft } from '../domain/build-order.js';
import { PosError, type ErrorCode } from '../domain/pos-error.js';
import type { OrderEntry, PosDb } from './db.js';
import { addOrder } from './outbox-repo.js';

/**
 * The order writer's messages (src/app/order-writer.ts and its worker): the page asks a dedicated
 * worker to write a sale so that the write's IndexedDB round trips never wait behind the page's
 * frames. A tap paints a frame between the transaction's reads and their answers, and on a cheap
 * tablet that frame took longer than the write itself.
 */

/** Page → writer: write `draft` with `addOrder` (`now`: device epoch ms, the entry's `queuedAt`). */
export interface WriteOrderRequest {
  id: number;
  draft: OrderDraft;
  now: number;
}

/**
 * Writer → page, one per request:
 * - `written`: committed; `committedAt` is when the transaction completed (epoch ms with the
 *   worker's sub-ms clock: `performance.timeOrigin + performance.now()`).
 * - `refused`: addOrder threw this PosError (a closed session, a full disk): nothing was written.
 * - `unavailable`: the writer has no database (it could not open it, or the browser or a newer
 *   version closed it): nothing was written, the page writes the sale itself.
 */
export type WriteOrderAnswer =
  | { id: number; kind: 'written'; entry: OrderEntry; committedAt: number }
  | { id: number; kind: 'refused'; code: ErrorCode; message: string }
  | { id: number; kind: 'unavailable'; message: string };

/** Epoch ms with sub-ms precision, comparable between a page and its workers. */
export function preciseEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Runs one request on `db` (null when the writer has no database) and answers it. Never rejects:
 * addOrder's PosError becomes `refused` (its code and message kept, so the page shows what it
 * would have shown had it written the sale itself).
 */
export async function answerWriteRequest(
  db: PosDb | null,
  request: WriteOrderRequest,
): Promise<WriteOrderAnswer> {
  const { id } = request;
  if (!db) return { id, kind: 'unavailable', message: 'The order writer has no database.' };
  try {
    const entry = await addOrder(db, request.draft, request.now);
    return { id, kind: 'written', entry, committedAt: preciseEpochMs() };
  } catch (error) {
    const refused = error instanceof PosError ? error : new PosError('storage_failed', String(error));
    return { id, kind: 'refused', code: refused.code, message: refused.message };
  }
}

/** The PosError a `refused` answer carries (the worker is of the page's own build: the same codes). */
export function refusalError(answer: Extract<WriteOrderAnswer, { kind: 'refused' }>): PosError {
  return new PosError(answer.code, answer.message);
}
