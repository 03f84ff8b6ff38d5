import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { atLoadGroup } from './scripts/runs-at-load.js';

/** The favicon as index.html names it, and the file it is (public/ is served at /). */
const FAVICON_LINK = 'href="/icons/icon.svg" type="image/svg+xml"';
const FAVICON_FILE = 'public/icons/icon.svg';

/**
 * Writes the favicon into the built index.html as a data: URL (about 0.6 KB). As a file it was one
 * more request made before the first paint, beside the same icon fetched again for the manifest
 * (two fetches of one file, differently encoded); on Lighthouse's slow network that request
 * delayed the till's largest paint: LCP 1.61 s (1.60 to 1.81) with it, 1.42 s (1.38 to 1.45)
 * without, three runs each in alternation. The file stays the one source (the manifest and the
 * back office still name it); the build fails if index.html stops naming it as expected.
 */
function inlineFavicon(): Plugin {
  return {
    name: 'pos-inline-favicon',
    apply: 'build',
    transformIndexHtml(html) {
      if (!html.includes(FAVICON_LINK)) throw new Error(`index.html no longer has ${FAVICON_LINK}`);
      const svg = readFileSync(FAVICON_FILE, 'utf8').trim();
      return html.replace(
        FAVICON_LINK,
        `href="data:image/svg+xml,${encodeURIComponent(svg)}" type="image/svg+xml"`,
      );
    },
  };
}

/**
 * Till build: index.html and its modules into dist/. The back office has its own build
 * (vite.admin.config.ts) so nothing it shares with the till (lit, styles) changes the till's
 * chunks or first load; the worker has its own too (vite.sw.config.ts).
 *
 * Every module the page runs at load goes into one chunk. Left to itself the bundler splits out
 * each module that a lazy chunk shares with the first load (22 small chunks): each is one more
 * request through the service worker and one more module to link before the till can start,
 * which cost the offline start tens of ms. Lazy chunks (payment, receipt, pairing, French) stay
 * apart and import from that chunk.
 */
export default defineConfig({
  plugins: [inlineFavicon()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // dist/.vite/manifest.json: the server reads it to name the pairing screen's chunk in the
    // answer to a pairing link (server/routes/static.ts). Never served (a dot folder), never precached.
    manifest: true,
    // No preload helper in the first load (about 1.5 KB with its polyfill): a lazy chunk's own
    // imports are fetched when it runs instead of beside it, one more step through the worker's
    // cache (a few ms) when a panel first opens, and the first load is what a cheap tablet waits for.
    modulePreload: false,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [atLoadGroup('till')] },
      },
    },
  },
  // The order writer (src/store/order-writer-worker.ts) is a module worker that loads the refund
  // rules when it first writes a refund: it needs ES output to split that chunk.
  worker: { format: 'es' },
  server: {
    // `npm run dev` (scripts/dev.ts) starts the API server on another port and names it here.
    proxy: { '/api': process.env.POS_DEV_API ?? 'http://127.0.0.1:8080' },
  },
});
