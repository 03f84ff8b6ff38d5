import { resolve } from 'node:path';
import { defineConfig } from 'vite';

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
    rolldownOptions: {
      input: { admin: resolve(import.meta.dirname, 'admin.html') },
      output: {
        entryFileNames: 'assets/admin-[name]-[hash].js',
        chunkFileNames: 'assets/admin-[name]-[hash].js',
        assetFileNames: 'assets/admin-[name]-[hash][extname]',
      },
    },
  },
});
