import { z } from './zod.js';
import { PosSessionSchema } from './pos-session.js';

export { parseWorkerMessage, type WorkerMessage } from './worker-message.js';

/**
 * Page → worker messages.
 * - `heartbeat`: a page is alive; the worker runs "check if due" (and flushes if orders wait).
 * - `check-now`: check the session at once (page start, `online`), unless a check is in flight or
 *   one started less than MIN_CHECK_GAP_MS ago (then it is due at the end of that gap).
 * - `flush-now`: send the outbox now (after a sale, on `online`).
 * - `session-pushed`: the page's push stream (SSE) delivered this session state.
 * - `skip-waiting`: the cashier accepted an update.
 */
export const PageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heartbeat') }),
  z.object({ type: z.literal('check-now') }),
  z.object({ type: z.literal('flush-now') }),
  z.object({ type: z.literal('session-pushed'), session: PosSessionSchema }),
  z.object({ type: z.literal('skip-waiting') }),
]);
export type PageMessage = z.infer<typeof PageMessageSchema>;

/** Reads an incoming page message; null for anything else (never throws). */
export function parsePageMessage(data: unknown): PageMessage | null {
  const parsed = PageMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}
