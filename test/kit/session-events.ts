import { PosSessionSchema, type PosSession } from '../../src/domain/pos-session.js';
import { SESSION_EVENT } from '../../src/domain/api/names.js';

/**
 * Reads `event: session` messages of an SSE response one by one: `next` the next one within
 * `timeoutMs`, `nextMatching` the next one `matches` accepts within `timeoutMs`, skipping others
 * (on PostgreSQL the change feed is asynchronous: a change made just before the stream connected,
 * the session's own opening, can arrive after the stream's first event as a repeat of its state).
 * Both throw when none comes in time or the stream ends.
 */
export function sessionEvents(response: Response): {
  next: (timeoutMs: number) => Promise<PosSession>;
  nextMatching: (matches: (session: PosSession) => boolean, timeoutMs: number) => Promise<PosSession>;
} {
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error('no body');
  let buffer = '';
  const next = async (timeoutMs: number): Promise<PosSession> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (block.includes(`event: ${SESSION_EVENT}`) && data)
          return PosSessionSchema.parse(JSON.parse(data.slice(6)));
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no session event in time');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no session event in time')), left);
      });
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('stream ended');
      buffer += chunk.value;
    }
  };
  const nextMatching = async (
    matches: (session: PosSession) => boolean,
    timeoutMs: number,
  ): Promise<PosSession> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const session = await next(Math.max(1, deadline - Date.now()));
      if (matches(session)) return session;
    }
  };
  return { next, nextMatching };
}
