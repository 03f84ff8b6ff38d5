import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Receives one finished log line (no newline). */
export type LogLine = (line: string) => void;

/** Longest path a log line shows; a longer one is cut with `…` (a log line stays a line). */
export const MAX_LOGGED_PATH = 200;

/**
 * The log line of one request: `GET /api/sessions/1 200 2.1 ms`. The path is logged WITHOUT its
 * query string: a pairing link carries a one-time code in `?pair=`, the event stream a device
 * token in `?access_token=`. Characters outside printable ASCII are percent-encoded, so a crafted
 * URL cannot forge a second line. `status` null: the connection closed before any answer.
 */
export function requestLine(method: string, url: string, status: number | null, ms: number): string {
  const raw = url.split('?')[0] ?? '';
  let path = raw.replace(
    /[^\x21-\x7E]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  if (path.length > MAX_LOGGED_PATH) path = `${path.slice(0, MAX_LOGGED_PATH)}…`;
  const answered = status === null ? '- (closed before the answer)' : String(status);
  return `${method.replace(/[^A-Z]/gi, '?')} ${path} ${answered} ${ms.toFixed(1)} ms`;
}

/**
 * Writes one {@link requestLine} per request `server` receives, when its connection is done with
 * it (answer sent, or closed). Never a header, a token or a body. The session event stream is
 * logged like any request, when it ends: its time is then how long the tablet held it, and its
 * status is the one it was opened with (its start would only say `200 0.4 ms`).
 */
export function logRequests(server: Pick<Server, 'prependListener'>, write: LogLine): void {
  // First listener: the clock starts before Fastify handles the request.
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const start = performance.now();
    response.once('close', () => {
      const status = response.headersSent ? response.statusCode : null;
      write(requestLine(request.method ?? '?', request.url ?? '', status, performance.now() - start));
    });
  });
}
