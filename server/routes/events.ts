import type { FastifyInstance } from 'fastify';
import { SESSION_EVENT } from '../../src/domain/api/names.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sessionEvents } from '../../src/domain/api/sessions.js';
import type { RouteContext } from '../app-deps.js';
import { sessionFor } from '../auth/auth.js';
import { isDatabaseUnavailable } from '../db/dialect.js';
import { getSession } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { sessionView } from '../session-view.js';

/** A comment line every 15 s keeps proxies and the browser from dropping an idle stream. */
export const SSE_PING_INTERVAL_MS = 15_000;
/** Reconnection delay (ms) the browser's EventSource uses after the stream drops. */
export const SSE_RETRY_MS = 3_000;

/**
 * `GET /api/sessions/:id/events`: Server-Sent Events. On connect `event: session` with the
 * session JSON, then the same on every change (state, or the config's frequency); a `: ping`
 * comment every {@link SSE_PING_INTERVAL_MS}. 404 for an unknown session. Needs the config's
 * device token (in the header or as `?access_token=`: EventSource sends no headers) or the admin
 * token (header only). A device sees only its own report, and its stream ends at the first event or
 * ping after it is revoked. The stream ends when
 * the client goes, the server shuts down, or the database cannot be read for an event or a ping
 * (the till reconnects, and meanwhile checks on its schedule).
 */
export function eventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, events, auth } = ctx;
  app.withTypeProvider<ZodTypeProvider>().get(
    sessionEvents.url,
    // Never compressed: a compressor holds bytes back until it has enough, and each event must
    // reach the till at once (the stream is written to the socket, past every onSend hook).
    { schema: sessionEvents.schema, compress: false },
    async (request, reply) => {
      const principal = await auth.authenticate(request, { allowQueryToken: true });
      const { id } = request.params;
      const row = await getSession(db, id);
      if (!row) throw httpError('not_found', `No session ${id}`);
      auth.allowConfig(principal, row.config_id);
      const headers = {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      };
      // A HEAD asks only whether the stream would open. Node sends a HEAD answer's headers when it
      // ends, so a stream held open would leave the client waiting for them forever.
      if (request.method === 'HEAD') return reply.code(200).headers(headers).send('');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, headers);
      // A device revoked while its stream is open loses it at the next event or ping.
      const stillAllowed = async (): Promise<boolean> =>
        principal.kind === 'admin' || (await auth.isPaired(principal.deviceId));
      // One write at a time, in order: each waits for the one before (its read and its revocation check).
      let writes: Promise<void> = Promise.resolve();
      const enqueue = (text: () => Promise<string> | string): void => {
        writes = writes
          .then(async () => {
            const ended = (): boolean => res.writableEnded || res.destroyed;
            if (ended()) return;
            const chunk = await text();
            if (ended()) return;
            if (!(await stillAllowed())) return void res.end();
            res.write(chunk);
          })
          .catch((error: unknown) => {
            // The database gone (a revocation check at a ping): the stream ends and its till
            // reconnects; the pool already said once that the database is unusable.
            if (!isDatabaseUnavailable(error))
              request.log.error({ err: error }, 'session event stream failed');
            res.end();
          });
      };
      const event = (session: PosSession): string =>
        `event: ${SESSION_EVENT}\ndata: ${JSON.stringify(sessionFor(principal, session))}\n\n`;
      res.write(`retry: ${SSE_RETRY_MS}\n\n`);
      // Subscribed before the first read, which is queued first: a change committed meanwhile is
      // pushed after it, never lost and never overtaken by the older state.
      const unsubscribe = events.subscribe(id, (session) => enqueue(() => event(session)));
      enqueue(async () =>
        event(
          await sessionView(
            db,
            (await getSession(db, id)) ?? row,
            principal.kind === 'device' ? principal.deviceId : undefined,
          ),
        ),
      );
      const ping = setInterval(() => enqueue(() => ': ping\n\n'), SSE_PING_INTERVAL_MS);
      const stopOnShutdown = events.onShutdown(() => res.end());
      res.on('close', () => {
        clearInterval(ping);
        unsubscribe();
        stopOnShutdown();
      });
    },
  );
}
