/**
 * Last build step: writes the Workbox precache manifest (every built asset with its revision)
 * into dist/sw.js in place of `self.__WB_MANIFEST`, and updates its source map. Run after
 * `vite build` (page) and `vite build -c vite.sw.config.ts` (worker); it fails on an sw.js that
 * already had its manifest injected, so always rebuild the worker first.
 */
import { injectManifest } from 'workbox-build';

const { count, size, warnings } = await injectManifest({
  swSrc: 'dist/sw.js',
  swDest: 'dist/sw.js',
  globDirectory: 'dist',
  globPatterns: ['**/*.{js,css,html,webmanifest,png,svg,ico}'],
  globIgnores: ['sw.js', 'sw.js.map', '**/*.map'],
});

for (const warning of warnings) console.warn(`inject-manifest: ${warning}`);
console.log(`inject-manifest: precached ${count} files, ${(size / 1024).toFixed(1)} KiB`);
