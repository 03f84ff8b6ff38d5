import { defineConfig } from 'vite';

/**
 * Service-worker build: sw/index.ts into one classic script dist/sw.js (no module worker, so
 * every browser that runs service workers runs it). scripts/inject-manifest.ts then adds the
 * Workbox precache manifest.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: { entry: 'sw/index.ts', formats: ['iife'], name: 'posShellSw', fileName: () => 'sw.js' },
  },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
});
