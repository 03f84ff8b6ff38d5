import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps, RouteContext } from './app-deps.js';
import { Auth } from './auth/auth.js';
import { MAX_BODY_BYTES } from './body-limits.js';
import { clientErrorHandler } from './client-error.js';
import { compressAnswers } from './compression.js';
import { backupRoutes } from './routes/backups.js';
import { cashMoveRoutes } from './routes/cash-moves.js';
import { serializerCompiler, validatorCompiler } from './contract-compilers.js';
import { registerErrorHandler, replyError } from './error-handler.js';
import { httpError } from './http-error.js';
import { LocalChangeFeed } from './events/local-change-feed.js';
import { pushToStreams } from './events/push-to-streams.js';
import { registerOpenApi } from './openapi.js';
import { logRequests } from './request-log.js';
import { SessionEvents } from './session-events.js';
import { configRoutes } from './routes/configs.js';
import { deviceRoutes } from './routes/devices.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { orderRoutes } from './routes/orders.js';
import { PAIRING_ATTEMPTS_PER_MINUTE, pairRoutes } from './routes/pair.js';
import { productRoutes } from './routes/products.js';
import { productsCsvRoutes } from './routes/products-csv.js';
import { reportRoutes } from './routes/reports.js';
import { rescueRoutes } from './routes/rescue.js';
import { sessionRoutes } from './routes/sessions.js';
import { staticRoutes } from './routes/static.js';

/**
 * Content-Security-Policy of every answer: scripts, styles, workers and connections from this
 * origin only, no inline script or style (Lit's constructed style sheets are not inline), no
 * plugins, no framing, no <base>. `data:` images for generated ones (a pairing QR code).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The CSP above as a header value. */
const CSP_HEADER = Object.entries(CONTENT_SECURITY_POLICY)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

/** Headers of errors Fastify answers before routing (a malformed URL), which skip helmet's hooks. */
const FRAMEWORK_ERROR_HEADERS = {
  'content-security-policy': CSP_HEADER,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Builds the Fastify app: JSON API under /api (errors `{error: {code, message}}`, never a 500
 * for bad input), session event streams, and the built till from `deps.staticDir`. Only
 * `application/json` bodies are parsed (anything else answers 415), and `text/csv` by the catalog
 * import alone. Who may call what is in docs/ACCESS.md (auth/auth.ts); every answer carries the
 * security headers. Does not listen. The change feed starts when the app is ready; closing the
 * app ends open event streams, stops the feed and waits for the pushes under way, but leaves
 * `deps.db` open.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    ...(deps.https ? { https: deps.https } : {}),
    logger: deps.logger ?? false,
    // One hop: the proxy's own X-Forwarded-For entry, not whatever the client put before it.
    trustProxy: deps.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    bodyLimit: MAX_BODY_BYTES,
    // A request reaching a closing server gets the API's error shape (below), not Fastify's own 503 body.
    return503OnClosing: false,
    // Errors raised before routing (a badly encoded URL, a too long id) get the API's shape too.
    frameworkErrors: (error, request, reply) => {
      // These answer before any hook runs: give them the headers helmet gives everything else.
      void reply.headers(FRAMEWORK_ERROR_HEADERS);
      void replyError(error, request, reply);
    },
    // Requests Node cannot parse (a URL over its header limit) get the API's shape and headers too.
    clientErrorHandler: clientErrorHandler(FRAMEWORK_ERROR_HEADERS),
  });
  if (deps.requestLog) logRequests(app.server, deps.requestLog);
  const now = deps.now ?? (() => new Date());
  const events = deps.events ?? new SessionEvents();
  const changes = deps.changes ?? new LocalChangeFeed();
  const ctx: RouteContext = {
    db: deps.db,
    auth: new Auth(deps.db, deps.adminToken, now, deps.tokenFailuresPerMinute),
    changes,
    events,
    now,
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
  };
  // Security headers on every answer (docs/ACCESS.md). HSTS only when this server speaks TLS
  // itself; behind a proxy the proxy sets it.
  void app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: deps.https ? { maxAge: 15_552_000 } : false,
  });
  // Fastify parses text/plain by default; the API speaks JSON only.
  app.removeContentTypeParser('text/plain');
  registerErrorHandler(app);
  // Every /api route declares its request and answers in the contract (src/domain/api/): requests
  // are checked and answers serialised from those zod schemas.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // While the server drains, a request arriving on a kept-alive connection is refused with 503
  // `server_stopping` and `Connection: close`: the client (the till's outbox, the proxy) sends
  // it again, to another instance behind a proxy. Requests already in flight finish.
  let stopping = false;
  app.addHook('onRequest', async (_request, reply) => {
    if (!stopping) return;
    void reply.header('connection', 'close');
    throw httpError('server_stopping', 'This server is stopping: try again in a moment.');
  });
  app.addHook('preClose', async () => {
    stopping = true;
    events.shutdown();
  });
  // The one place changes turn into pushes: re-read, then publish to this instance's streams.
  const pusher = pushToStreams(deps.db, events, (message, error) => app.log.error({ err: error }, message));
  app.addHook('onReady', async () => changes.start(pusher));
  app.addHook('onClose', async () => {
    await changes.stop();
    await pusher.settled();
  });
  const { observe } = deps;
  if (observe)
    app.addHook('preHandler', async (request) =>
      observe({ method: request.method, url: request.url, body: request.body }),
    );
  // Before the routes: the document is made from the routes registered after it, which sit in
  // a plugin of their own so that they are added once the document's plugin listens for them.
  registerOpenApi(app, deps.version, CONTENT_SECURITY_POLICY);
  void app.register(async (api) => {
    // First, so that every route of the API below gets it.
    await compressAnswers(api);
    healthRoutes(api, { version: deps.version, db: deps.db, changes });
    configRoutes(api, ctx);
    sessionRoutes(api, ctx);
    eventRoutes(api, ctx);
    productRoutes(api, ctx);
    await api.register(async (scope) => productsCsvRoutes(scope, ctx));
    deviceRoutes(api, ctx);
    await api.register(async (scope) =>
      pairRoutes(scope, ctx, deps.pairingAttemptsPerMinute ?? PAIRING_ATTEMPTS_PER_MINUTE),
    );
    orderRoutes(api, ctx);
    cashMoveRoutes(api, ctx);
    rescueRoutes(api, ctx);
    reportRoutes(api, ctx);
    backupRoutes(api, ctx, deps.backups);
  });
  staticRoutes(app, deps.staticDir);
  return app;
}
