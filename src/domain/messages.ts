import { z } from './zod.js';
import type { DeviceUnpaired } from './pairing.js';
import { PosSessionSchema } from './pos-session.js';
import type { OutboxCounts, SessionRecord } from './session-record.js';

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

/**
 * Worker → pages messages.
 * - `session-state`: the stored record of the current session changed (a closure among others).
 * - `outbox-changed`: outbox counts changed (a flush or a sale).
 * - `device-unpaired`: the server refused this tablet's token (401 `device_revoked` or
 *   `unauthorized`, device ms `at`); every page shows "This device was unpaired".
 * - `catalog-changed`: a newer catalog (`version`, the server's `catalogVersion`) was stored; pages
 *   read it and show it at the next moment their cart is empty.
 */
export type WorkerMessage =
  | { type: 'session-state'; record: SessionRecord }
  | { type: 'outbox-changed'; counts: OutboxCounts }
  | { type: 'device-unpaired'; unpaired: DeviceUnpaired }
  | { type: 'catalog-changed'; version: number };

/** Reads an incoming page message; null for anything else (never throws). */
export function parsePageMessage(data: unknown): PageMessage | null {
  const parsed = PageMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** Reads an incoming worker message loosely by its `type`; null for anything else. */
export function parseWorkerMessage(data: unknown): WorkerMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const type = (data as { type?: unknown }).type;
  if (type === 'session-state' && 'record' in data) return data as WorkerMessage;
  if (type === 'outbox-changed' && 'counts' in data) return data as WorkerMessage;
  if (type === 'device-unpaired' && 'unpaired' in data) return data as WorkerMessage;
  if (type === 'catalog-changed' && 'version' in data) return data as WorkerMessage;
  return null;
}
