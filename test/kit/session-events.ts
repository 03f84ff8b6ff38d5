import { PosSessionSchema, type PosSession } from '../../src/domain/pos-session.js';
import { SESSION_EVENT } from '../../src/domain/api/names.js';

/** Reads `event: session` messages of an SSE response one by one. */
export function sessionEvents(response: Response): { next: (timeoutMs: number) => Promise<PosSession> } {
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
  return { next };
}
