import type { PosSession } from '../src/domain/pos-session.js';
import { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from '../test/kit/admin-token.js';
import { sessionEvents } from '../test/kit/session-events.js';
import { uncountedMove } from '../test/kit/uncounted-move.js';
import { percentile, skipped, type BenchRow } from './bench-row.js';
import { benchPostgres, postgresMissing } from './kit/bench-postgres.js';
import { startServerProcess, type ServerProcess } from '../test/kit/server-process.js';
import { pairTablets } from './kit/tablets.js';

export const title = 'closure fan-out across instances';

/** Closes measured. */
const CLOSES = 20;
/** The budget for a close on one instance to reach a till streaming from another (ms). */
const BUDGET_MS = 1_000;
/** How long to wait for an event before calling the close lost (ms). */
const EVENT_TIMEOUT_MS = 10_000;

/**
 * Two server processes (A and B) on one PostgreSQL database (benchPostgres says which), nothing
 * between them but the database: a tablet paired on A streams its session's events from B; the
 * manager closes the session on A (`PATCH`, the clock taken right before it) and the clock stops
 * when B's stream delivers `closed`. Then a new session is opened on A, the stream moves to it,
 * and again: 20 closes. Reports p50 and max, and how long the PATCH itself took.
 */
export async function run(): Promise<BenchRow[]> {
  const section = 'closure fan-out A → B';
  const missing = postgresMissing();
  if (missing) return [skipped(section, missing)];
  const postgres = await benchPostgres();
  const servers: ServerProcess[] = [];
  try {
    const database = await postgres.newDatabase('pos_fanout');
    try {
      servers.push(
        await startServerProcess({ databaseUrl: database.url, number: 1 }),
        await startServerProcess({ databaseUrl: database.url, number: 2 }),
      );
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const [tablet] = await pairTablets(a.url, 1);
      if (!tablet) throw new Error('no tablet');
      const toEvent: number[] = [];
      const patch: number[] = [];
      let sessionId = 1;
      for (let i = 0; i < CLOSES; i += 1) {
        const abort = new AbortController();
        try {
          const response = await fetch(`${b.url}/api/sessions/${sessionId}/events`, {
            headers: { authorization: `Bearer ${tablet.token}` },
            signal: abort.signal,
          });
          if (response.status !== 200) throw new Error(`events on B → ${response.status}`);
          const events = sessionEvents(response);
          if ((await events.next(EVENT_TIMEOUT_MS)).state !== 'opened')
            throw new Error(`session ${sessionId} is not opened`);
          const closedAt = performance.now();
          const closing = manager(a, 'PATCH', `/api/sessions/${sessionId}`, uncountedMove('closed')).then(
            () => patch.push(performance.now() - closedAt),
          );
          // A late echo of the opening (the config's change, re-read by B) may come first: skipped.
          let event = await events.next(EVENT_TIMEOUT_MS);
          while (event.state === 'opened') event = await events.next(EVENT_TIMEOUT_MS);
          const ms = performance.now() - closedAt;
          await closing;
          if (event.state !== 'closed') throw new Error(`B pushed ${event.state}, not closed`);
          toEvent.push(ms);
          process.stderr.write(`  close of session ${sessionId} on A seen on B after ${ms.toFixed(1)} ms\n`);
        } finally {
          abort.abort();
        }
        sessionId = Number(
          (
            await manager<PosSession>(a, 'POST', `/api/configs/${SEED_CONFIG_ID}/sessions`, {
              state: 'opened',
            })
          ).id,
        );
      }
      const max = Math.max(...toEvent);
      return [
        { section, metric: 'PostgreSQL used', value: postgres.source, budget: '', ok: null },
        {
          section,
          metric: `PATCH on A to the event on B: p50 of ${toEvent.length}`,
          value: `${percentile(toEvent, 50).toFixed(1)} ms`,
          budget: `< ${BUDGET_MS / 1000} s`,
          ok: percentile(toEvent, 50) < BUDGET_MS,
        },
        {
          section,
          metric: `PATCH on A to the event on B: max of ${toEvent.length}`,
          value: `${max.toFixed(1)} ms`,
          budget: `< ${BUDGET_MS / 1000} s`,
          ok: max < BUDGET_MS,
        },
        {
          section,
          metric: 'the PATCH itself (answered by A): p50 / max',
          value: `${percentile(patch, 50).toFixed(1)} / ${Math.max(...patch).toFixed(1)} ms`,
          budget: '',
          ok: null,
        },
      ];
    } finally {
      for (const server of servers) await server.stop();
      await database.drop();
    }
  } finally {
    await postgres.dispose();
  }
}

/** A JSON request to `server` as the manager; throws on a non-2xx answer with its body. */
async function manager<T = unknown>(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
