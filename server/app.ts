import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps, RouteContext } from './app-deps.js';
import { registerErrorHandler, replyError } from './error-handler.js';
import { SessionEvents } from './session-events.js';
import { configRoutes } from './routes/configs.js';
import { deviceRoutes } from './routes/devices.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { orderRoutes } from './routes/orders.js';
import { productRoutes } from './routes/products.js';
import { rescueRoutes } from './routes/rescue.js';
import { sessionRoutes } from './routes/sessions.js';
import { staticRoutes } from './routes/static.js';

/**
 * Largest request body (bytes): 500 orders of about 8 KB (≈40 lines) each. A bigger body answers
 * 413 payload_too_large; clients split their outbox into smaller batches.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Builds the Fastify app: JSON API under /api (errors `{error: {code, message}}`, never a 500
 * for bad input), session event streams, and the built till from `deps.staticDir`. Only
 * `application/json` bodies are parsed (anything else answers 415). Does not listen; closing the
 * app ends open event streams but leaves `deps.db` open.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    // Errors raised before routing (a badly encoded URL, a too long id) get the API's shape too.
    frameworkErrors: (error, request, reply) => void replyError(error, request, reply),
  });
  const ctx: RouteContext = { db: deps.db, events: deps.events ?? new SessionEvents(), now: deps.now ?? (() => new Date()) };
  // Fastify parses text/plain by default; the API speaks JSON only.
  app.removeContentTypeParser('text/plain');
  registerErrorHandler(app);
  app.addHook('preClose', async () => ctx.events.shutdown());
  const { observe } = deps;
  if (observe) app.addHook('preHandler', async (request) => observe({ method: request.method, url: request.url, body: request.body }));
  healthRoutes(app, deps.version);
  configRoutes(app, ctx);
  sessionRoutes(app, ctx);
  eventRoutes(app, ctx);
  productRoutes(app, ctx);
  deviceRoutes(app, ctx);
  orderRoutes(app, ctx);
  rescueRoutes(app, ctx);
  staticRoutes(app, deps.staticDir);
  return app;
}
