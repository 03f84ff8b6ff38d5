import { defineConfig } from 'vite';

/**
 * Till build: index.html and its modules into dist/. The back office has its own build
 * (vite.admin.config.ts) so nothing it shares with the till (lit, styles) changes the till's
 * chunks or first load; the worker has its own too (vite.sw.config.ts).
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // `npm run dev` (scripts/dev.ts) starts the API server on another port and names it here.
    proxy: { '/api': process.env.POS_DEV_API ?? 'http://127.0.0.1:8080' },
  },
});
