import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pairCodeIn } from '../../src/domain/pair-link.js';
import { replyNotFound } from '../error-handler.js';

/** Hashed build output: its name changes with its content, so browsers may keep it a year. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Everything else is revalidated on each load (ETag), so a new build shows up at once. */
const REVALIDATE = 'no-cache';
const INDEX_FILE = 'index.html';
/** The back office page, a second entry of the same Vite build. */
const ADMIN_FILE = 'admin.html';
const HASHED_ASSETS_DIR = 'assets';
/**
 * Files of the build that are never served: source maps (kept in dist/ for debugging, not shipped to
 * tablets), the encoded copies scripts/precompress.ts writes, which are sent only as the
 * encoding of their own file, and dot folders and files (Vite's manifest in `.vite/`).
 */
const UNSERVED_FILE = /\.(?:map|br|gz)$|(?:^|\/)\./;
/** The suffix of an encoded copy, sent in place of the file it encodes. */
const ENCODED_SUFFIX = /\.(?:br|gz)$/;
/** Vite's manifest of the till build (`build.manifest`): which file each source module became. */
const VITE_MANIFEST = join('.vite', 'manifest.json');
/** The module of the pairing screen, as the manifest names it. */
const PAIRING_SCREEN_MODULE = 'src/ui/pos-pairing.ts';

/**
 * Serves the built till from `staticDir` at `/`: `sw.js`, `index.html` and other root files
 * `no-cache`, `/assets/*` cached for a year, `*.webmanifest` as `application/manifest+json`, and
 * index.html for any other GET outside /api that accepts HTML (SPA fallback). A file with a `.br`
 * or `.gz` copy beside it (scripts/precompress.ts) is sent as that copy to a browser that accepts
 * the encoding (`Vary: Accept-Encoding` on every file); source maps and the copies themselves
 * answer the JSON 404, whatever the request accepts. The back office
 * `admin.html` answers `/admin` and `/admin/`, and page navigations under `/admin/`, `no-cache`
 * too. When `staticDir` has no index.html (or no admin.html, for the back office), those pages
 * answer 503 (run npm run build); the API still works. Also installs the not-found handler (JSON
 * 404 for everything else).
 */
export function staticRoutes(app: FastifyInstance, staticDir: string): void {
  const root = resolve(staticDir);
  const built = existsSync(join(root, INDEX_FILE));
  if (built) {
    const preload = pairingScreenPreload(root);
    if (preload) {
      // A pairing link opens a new tablet on the pairing screen, whose chunk the page would ask for
      // only once its entry ran: named here, it downloads beside the entry (one round trip less
      // before the screen shows on a slow network).
      app.addHook('onRequest', async (request, reply) => {
        const [path, query = ''] = request.url.split('?');
        if ((path === '/' || path === '/' + INDEX_FILE) && pairCodeIn(new URLSearchParams(query)) !== null)
          void reply.header('Link', preload);
      });
    }
    void app.register(fastifyStatic, {
      root,
      cacheControl: false,
      // Each encoding is a file of its own, so its ETag (size and time) is its own too.
      preCompressed: true,
      allowedPath: (path) => !UNSERVED_FILE.test(path),
      setHeaders: (reply, path) => setCacheHeaders(reply, root, path),
    });
  } else {
    app.get('/', async (_request, reply) => replyNotBuilt(reply, root));
  }
  app.setNotFoundHandler((request, reply) => {
    const page = pageFor(request);
    if (!page) return replyNotFound(request, reply);
    // admin.html is looked for on each request: a sendFile of a missing file would come back here.
    if (!built || (page === ADMIN_FILE && !existsSync(join(root, ADMIN_FILE))))
      return replyNotBuilt(reply, root, page);
    return reply.header('Cache-Control', REVALIDATE).sendFile(page);
  });
}

/**
 * The `Link` header value that preloads the pairing screen's chunk of the build in `root`
 * (`</assets/pos-pairing-<hash>.js>; rel=modulepreload`), or null when the build has no Vite
 * manifest or the manifest does not name that chunk (an older build: nothing is hinted).
 */
function pairingScreenPreload(root: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(join(root, VITE_MANIFEST), 'utf8')) as Record<
      string,
      { file?: unknown } | undefined
    >;
    const file = manifest[PAIRING_SCREEN_MODULE]?.file;
    return typeof file === 'string' && /^[\w./-]+\.js$/.test(file) ? `</${file}>; rel=modulepreload` : null;
  } catch {
    return null;
  }
}

function setCacheHeaders(reply: FastifyReply, root: string, path: string): void {
  const inAssets = relative(root, path).startsWith(HASHED_ASSETS_DIR + sep);
  void reply.header('Cache-Control', inAssets ? IMMUTABLE_CACHE : REVALIDATE);
  // `path` is the file sent: an encoded copy's type is its own file's.
  if (basename(path).replace(ENCODED_SUFFIX, '').endsWith('.webmanifest'))
    void reply.header('Content-Type', 'application/manifest+json');
}

/**
 * The page a request that matched no file should get: admin.html for `/admin` and `/admin/` (any
 * GET/HEAD) and for page navigations under `/admin/`; index.html for other page navigations
 * outside /api (GET/HEAD that accepts HTML); null for source maps, encoded copies and the rest (a
 * JSON 404).
 */
function pageFor(request: FastifyRequest): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const path = request.url.split('?')[0] ?? '';
  if (UNSERVED_FILE.test(path)) return null;
  const acceptsHtml = (request.headers.accept ?? '').includes('text/html');
  if (path === '/admin' || path === '/admin/') return ADMIN_FILE;
  if (path.startsWith('/admin/')) return acceptsHtml ? ADMIN_FILE : null;
  const isApi = path === '/api' || path.startsWith('/api/');
  return acceptsHtml && !isApi ? INDEX_FILE : null;
}

function replyNotBuilt(reply: FastifyReply, root: string, file = INDEX_FILE): FastifyReply {
  const what = file === ADMIN_FILE ? 'The back office' : 'The till';
  const message = `${what} is not built: ${root} has no ${file}. Run npm run build, then restart the server.`;
  return reply
    .code(503)
    .header('Cache-Control', 'no-store')
    .send({ error: { code: 'server_error', message } });
}
