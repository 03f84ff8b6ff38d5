import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { atLoadGroup } from './scripts/runs-at-load.js';

/**
 * Back-office build: admin.html into the same dist/ after the till's build, every file
 * it emits named `assets/admin-*` so scripts/inject-manifest.ts leaves them out of the till's
 * precache. It carries its own copy of lit: the till's chunks stay exactly as they were.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    // The preload helper stays (unlike the till's build; about 0.6 KB gzip): the back office has
    // no service worker, so a section's chunk and the small chunks it imports come over the
    // network, fetched side by side rather than one round trip after the other.
    rolldownOptions: {
      input: { admin: resolve(import.meta.dirname, 'admin.html') },
      output: {
        // Every module the page runs at load in the entry's chunk (scripts/runs-at-load.ts): one
        // request for the sign-in, the shell and Registers; each other section is a chunk of its own.
        codeSplitting: { groups: [atLoadGroup('admin')] },
        entryFileNames: 'assets/admin-[name]-[hash].js',
        chunkFileNames: 'assets/admin-[name]-[hash].js',
        assetFileNames: 'assets/admin-[name]-[hash][extname]',
      },
    },
  },
});
