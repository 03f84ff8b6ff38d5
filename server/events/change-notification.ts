import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/**
 * The one PostgreSQL channel every instance LISTENs on for session and config changes. One channel
 * for both kinds: one LISTEN per instance, and the notifications of one transaction reach the
 * listener in the order they were sent.
 */
export const CHANGE_CHANNEL = 'pos_changes';

/** A change as it travels between instances: what changed, and its id (nothing else: every instance re-reads). */
export interface Change {
  kind: 'session' | 'config';
  id: number;
}

const PREFIX_OF: Record<Change['kind'], string> = { session: 's', config: 'c' };
const KIND_OF: Record<string, Change['kind']> = { s: 'session', c: 'config' };
/** `s:42`, `c:1`: a kind letter and a positive integer written without leading zeros. */
const PAYLOAD = /^([sc]):([1-9][0-9]{0,15})$/;

/** The payload of `change`: `s:42` (session 42) or `c:1` (config 1). Throws a RangeError when the id is not a positive safe integer. */
export function formatChange(change: Change): string {
  if (!Number.isSafeInteger(change.id) || change.id < 1) {
    throw new RangeError(
      `A ${change.kind} id to notify must be a positive integer, not ${String(change.id)}`,
    );
  }
  return `${PREFIX_OF[change.kind]}:${change.id}`;
}

/** The change a payload names, or null when it is not one {@link formatChange} writes. */
export function parseChange(payload: string): Change | null {
  const match = PAYLOAD.exec(payload);
  const kind = match?.[1] === undefined ? undefined : KIND_OF[match[1]];
  const id = Number(match?.[2]);
  return kind && Number.isSafeInteger(id) ? { kind, id } : null;
}

/**
 * Sends `change` on {@link CHANGE_CHANNEL} through `executor`, the open transaction of the change:
 * PostgreSQL delivers it to every listener when that transaction commits, and never when it rolls
 * back. Rejects as the query does (the transaction then fails with it).
 */
export async function notifyChange(executor: Executor, change: Change): Promise<void> {
  await sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${formatChange(change)})`.execute(executor);
}
