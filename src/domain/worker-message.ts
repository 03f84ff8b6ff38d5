import type { DeviceUnpaired } from './pairing.js';
import type { OutboxCounts, SessionRecord } from './session-record.js';

/**
 * What the service worker tells its pages, zod-free so that the till's first load can read the
 * worker's messages without the schemas (messages.ts has the page's messages, their schema, and
 * re-exports this).
 */

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
