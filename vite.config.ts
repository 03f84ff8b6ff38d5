import { defineConfig } from 'vite';

/** Page build: index.html and its modules into dist/. The worker has its own build (vite.sw.config.ts). */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
