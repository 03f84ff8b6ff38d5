import { describe, expect, it } from 'vitest';
import type { PosSession } from '../../src/domain/pos-session.js';
import type { SessionState } from '../../src/domain/session-state.js';
import { createSessionChangeHandlers } from '../../server/events/session-change-handlers.js';
import { SessionEvents } from '../../server/session-events.js';

function session(id: number, configId: number, state: SessionState): PosSession {
  return { id, name: `S${id}`, configId, state, openedAt: null, closedAt: null };
}

/** A database of sessions whose reads the test answers one by one (a read sees the row as it is when it starts). */
function slowDatabase(rows: PosSession[]) {
  const table = new Map(rows.map((row) => [Number(row.id), row]));
  const pending: Array<{ id: number; answer: () => void }> = [];
  let readsStarted = 0;
  return {
    set: (row: PosSession) => table.set(Number(row.id), row),
    readSession: (id: number) => {
      readsStarted += 1;
      const row = table.get(id) ?? null;
      return new Promise<PosSession | null>((resolve) => pending.push({ id, answer: () => resolve(row) }));
    },
    reads: () => readsStarted,
    pending: () => pending.map((p) => p.id),
    /** Answers the pending read at `index` and lets the handlers go on. */
    answer: async (index = 0) => {
      const [read] = pending.splice(index, 1);
      if (!read) throw new Error(`no pending read at ${index}`);
      read.answer();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function follow(events: SessionEvents, sessionId: number): PosSession[] {
  const seen: PosSession[] = [];
  events.subscribe(sessionId, (s) => seen.push(s));
  return seen;
}

describe('session change handlers', () => {
  it('never leaves a stream on an older state when two changes of one session arrive close together', async () => {
    const events = new SessionEvents();
    const db = slowDatabase([session(1, 1, 'opened')]);
    const handlers = createSessionChangeHandlers({ events, readSession: db.readSession, log: () => undefined });
    const seen = follow(events, 1);
    db.set(session(1, 1, 'closing_control'));
    handlers.session(1);
    db.set(session(1, 1, 'closed'));
    handlers.session(1);
    handlers.session(1);
    // One read in flight (it saw closing_control); the two later changes wait as ONE more read.
    expect(db.pending()).toEqual([1]);
    await db.answer();
    expect(db.pending()).toEqual([1]);
    await db.answer();
    expect(seen.map((s) => s.state)).toEqual(['closing_control', 'closed']);
    expect(db.reads()).toBe(2);
  });

  it('does not read a session no stream follows here', async () => {
    const events = new SessionEvents();
    const db = slowDatabase([session(1, 1, 'closed')]);
    const handlers = createSessionChangeHandlers({ events, readSession: db.readSession, log: () => undefined });
    handlers.session(1);
    handlers.resync();
    handlers.config(1);
    expect(db.reads()).toBe(0);
  });

  it('pushes a config change only to the followed sessions of that config', async () => {
    const events = new SessionEvents();
    const db = slowDatabase([session(1, 1, 'closed'), session(2, 1, 'opened'), session(3, 2, 'opened')]);
    const handlers = createSessionChangeHandlers({ events, readSession: db.readSession, log: () => undefined });
    const [one, two, three] = [follow(events, 1), follow(events, 2), follow(events, 3)];
    handlers.config(1);
    while (db.pending().length) await db.answer();
    expect([one.length, two.length, three.length]).toEqual([1, 1, 0]);
  });

  it('re-reads every followed session on resync, so a change missed while the listener was down still arrives', async () => {
    const events = new SessionEvents();
    const db = slowDatabase([session(1, 1, 'opened'), session(3, 2, 'opened')]);
    const handlers = createSessionChangeHandlers({ events, readSession: db.readSession, log: () => undefined });
    const [one, three] = [follow(events, 1), follow(events, 3)];
    db.set(session(1, 1, 'closed'));
    handlers.resync();
    while (db.pending().length) await db.answer();
    expect(one.map((s) => s.state)).toEqual(['closed']);
    expect(three.map((s) => s.state)).toEqual(['opened']);
  });

  it('logs a failed re-read, publishes nothing for a session gone, and keeps serving the next changes', async () => {
    const events = new SessionEvents();
    const lines: string[] = [];
    let fail = true;
    const handlers = createSessionChangeHandlers({
      events,
      readSession: async (id) => {
        if (fail) throw new Error('database_unavailable');
        return id === 1 ? session(1, 1, 'closed') : null;
      },
      log: (line) => lines.push(line),
    });
    const [one, two] = [follow(events, 1), follow(events, 2)];
    expect(() => handlers.session(1)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual(['change feed: cannot re-read session 1 for its streams: database_unavailable']);
    fail = false;
    handlers.session(1);
    handlers.session(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(one.map((s) => s.state)).toEqual(['closed']);
    expect(two).toEqual([]);
  });
});
