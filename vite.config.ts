import { defineConfig } from 'vite';
import { atLoadGroup } from './scripts/runs-at-load.js';

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
