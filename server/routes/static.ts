import { existsSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replyNotFound } from '../error-handler.js';

/** Hashed build output: its name changes with its content, so browsers may keep it a year. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Everything else is revalidated on each load (ETag), so a new build shows up at once. */
const REVALIDATE = 'no-cache';
const INDEX_FILE = 'index.html';
const HASHED_ASSETS_DIR = 'assets';

/**
 * Serves the built till from `staticDir` at `/`: `sw.js`, `index.html` and other root files
 * `no-cache`, `/assets/*` cached for a year, `*.webmanifest` as `application/manifest+json`, and
 * index.html for any other GET outside /api that accepts HTML (SPA fallback). When `staticDir`
 * has no index.html, `/` and the fallback answer 503 (run npm run build); the API still works.
 * Also installs the not-found handler (JSON 404 for everything else).
 */
export function staticRoutes(app: FastifyInstance, staticDir: string): void {
  const root = resolve(staticDir);
  const built = existsSync(join(root, INDEX_FILE));
  if (built) {
    void app.register(fastifyStatic, {
      root,
      cacheControl: false,
      setHeaders: (reply, path) => setCacheHeaders(reply, root, path),
    });
  } else {
    app.get('/', async (_request, reply) => replyNotBuilt(reply, root));
  }
  app.setNotFoundHandler((request, reply) => {
    if (!wantsTill(request)) return replyNotFound(request, reply);
    if (!built) return replyNotBuilt(reply, root);
    return reply.header('Cache-Control', REVALIDATE).sendFile(INDEX_FILE);
  });
}

function setCacheHeaders(reply: FastifyReply, root: string, path: string): void {
  const inAssets = relative(root, path).startsWith(HASHED_ASSETS_DIR + sep);
  void reply.header('Cache-Control', inAssets ? IMMUTABLE_CACHE : REVALIDATE);
  if (basename(path).endsWith('.webmanifest')) void reply.header('Content-Type', 'application/manifest+json');
}

/** A page navigation the till should answer: GET/HEAD outside /api that accepts HTML. */
function wantsTill(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  const isApi = path === '/api' || path.startsWith('/api/');
  const accept = request.headers.accept ?? '';
  return (request.method === 'GET' || request.method === 'HEAD') && !isApi && accept.includes('text/html');
}

function replyNotBuilt(reply: FastifyReply, root: string): FastifyReply {
  const message = `The till is not built: ${root} has no ${INDEX_FILE}. Run npm run build, then restart the server.`;
  return reply.code(503).header('Cache-Control', 'no-store').send({ error: { code: 'server_error', message } });
}
