import { MANAGER_PIN_HEADER } from '../domain/api/names.js';
import { z } from '../domain/zod.js';
import { IdSchema, type Id } from '../domain/ids.js';
import { MAX_ORDERS_PER_UPLOAD, OrderResultSchema } from '../domain/pos-order.js';
import { PosError } from '../domain/pos-error.js';
import { isCashMove, type OrderEntry, type OutboxEntry, type PosDb } from '../store/db.js';
import { updateEntries } from '../store/outbox-repo.js';
import { getSessionRecord } from '../store/session-repo.js';
import type { EntryUpdate } from '../sync/plan-upload-results.js';
import type { FetchFn } from '../sync/sync-deps.js';
import { HttpClient } from './http.js';

/** A rescue request that has not answered after this long is given up; the orders stay held. */
export const RESCUE_TIMEOUT_MS = 30_000;

/** What `POST /api/sessions/:id/rescue` answers. */
export const RescueAnswerSchema = z.object({
  sessionId: z.nullable(IdSchema),
  /** Absent from servers before the names were added: the summary then shows ids. */
  sessionName: z.optional(z.nullable(z.string())),
  closedSessionName: z.optional(z.string()),
  rescueSession: z.boolean(),
  clockSkewToleranceMs: z.number(),
  results: z.array(OrderResultSchema),
});

/** What a rescue did for the held orders of one closed session. */
export interface RescueSummary {
  /** The closed session the orders were made in. */
  sessionId: Id;
  /** Its name, from the server's answer or the tablet's own record of it; null when neither knows. */
  sessionName: string | null;
  /** Now `synced`: accepted (and duplicate, already on the server). */
  rescued: number;
  duplicate: number;
  /** Left `held`, with the server's reason on the entry. */
  invalid: number;
  /** Session the orders landed in (the opened one, or a rescue session). */
  landedSessionId: Id | null;
  /** Its name ("Main counter/00002 (rescue)"), null when the server did not say. */
  landedSessionName: string | null;
  rescueSession: boolean;
  /** Why the request failed as a whole (network, wrong PIN, session not closed), else null. */
  error: { code: string; message: string } | null;
}

/** What {@link rescueHeld} needs; `now` is device epoch ms. */
export interface RescueDeps {
  db: PosDb;
  fetch: FetchFn;
  now: () => number;
  /** The manager PIN typed to open the area. */
  pin: string;
}

/**
 * A manager's rescue (never automatic): POSTs the held entries of each closed session to
 * `/api/sessions/:id/rescue`, at most MAX_ORDERS_PER_UPLOAD per request, and applies each answer
 * in ONE IndexedDB transaction: `accepted` / `duplicate` → `synced` with `landedSessionId` = the
 * answer's session; `invalid` → stays `held` with the server's reason. A request that fails as a
 * whole changes nothing. Entries not `held`, and cash moves, are ignored. Never rejects for the network; rejects
 * when IndexedDB fails.
 */
export async function rescueHeld(
  deps: RescueDeps,
  entries: readonly OutboxEntry[],
): Promise<RescueSummary[]> {
  const bySession = new Map<string, OrderEntry[]>();
  for (const entry of entries) {
    // Held cash moves stay on the device: the server's rescue takes orders only, so a manager
    // reads them from the area (and its exports) and records them in the back office.
    if (entry.status !== 'held' || isCashMove(entry)) continue;
    const key = String(entry.sessionId);
    bySession.set(key, [...(bySession.get(key) ?? []), entry]);
  }
  const summaries: RescueSummary[] = [];
  for (const group of bySession.values()) {
    for (let start = 0; start < group.length; start += MAX_ORDERS_PER_UPLOAD) {
      summaries.push(await rescueChunk(deps, group.slice(start, start + MAX_ORDERS_PER_UPLOAD)));
    }
  }
  return summaries;
}

async function rescueChunk(deps: RescueDeps, chunk: readonly OrderEntry[]): Promise<RescueSummary> {
  const sessionId = chunk[0]?.sessionId ?? '';
  const known = await getSessionRecord(deps.db, sessionId);
  const summary: RescueSummary = {
    sessionId,
    sessionName: known?.session?.name ?? null,
    rescued: 0,
    duplicate: 0,
    invalid: 0,
    landedSessionId: null,
    landedSessionName: null,
    rescueSession: false,
    error: null,
  };
  let answer: z.infer<typeof RescueAnswerSchema>;
  try {
    const http = new HttpClient({ fetch: deps.fetch, timeoutMs: RESCUE_TIMEOUT_MS });
    const path = `/api/sessions/${encodeURIComponent(String(sessionId))}/rescue`;
    const json = { orders: chunk.map((e) => e.order) };
    const headers = { [MANAGER_PIN_HEADER]: deps.pin };
    answer = (await http.json({ method: 'POST', path, json, headers }, RescueAnswerSchema)).body;
  } catch (error) {
    // Nothing was changed: the orders stay held, with the reason shown for the whole request.
    if (!(error instanceof PosError)) throw error;
    return { ...summary, error: { code: error.code, message: error.message } };
  }
  const byUuid = new Map(
    answer.results.flatMap((r) => (r.uuid === null ? [] : [[r.uuid.toLowerCase(), r] as const])),
  );
  const now = deps.now();
  const updates = chunk.map((entry): EntryUpdate => {
    const result = byUuid.get(entry.uuid.toLowerCase());
    if (result?.status === 'accepted' || result?.status === 'duplicate') {
      summary[result.status === 'accepted' ? 'rescued' : 'duplicate'] += 1;
      return {
        uuid: entry.uuid,
        patch: { status: 'synced', syncedAt: now, landedSessionId: answer.sessionId, lastError: null },
      };
    }
    summary.invalid += 1;
    const lastError = result?.error ?? {
      code: 'bad_response',
      message: 'The server did not answer for this order.',
    };
    return { uuid: entry.uuid, patch: { lastError, lastAttemptAt: now } };
  });
  await updateEntries(deps.db, updates);
  return {
    ...summary,
    sessionName: answer.closedSessionName ?? summary.sessionName,
    rescued: summary.rescued + summary.duplicate,
    landedSessionId: answer.sessionId,
    landedSessionName: answer.sessionName ?? null,
    rescueSession: answer.rescueSession,
  };
}
