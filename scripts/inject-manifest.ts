/**
 * Last build step: writes the Workbox precache manifest (every built asset with its revision)
 * into dist/sw.js in place of `self.__WB_MANIFEST`, and updates its source map. Run after
 * `vite build` (page) and `vite build -c vite.sw.config.ts` (worker); it fails on an sw.js that
 * already had its manifest injected, so always rebuild the worker first. An argument names
 * another output folder (the update test builds a second version with `--outDir`). The back office
 * is left out of the precache.
 */
import { join } from 'node:path';
import { injectManifest } from 'workbox-build';

const outDir = process.argv[2] ?? 'dist';
const { count, size, warnings } = await injectManifest({
  swSrc: join(outDir, 'sw.js'),
  swDest: join(outDir, 'sw.js'),
  globDirectory: outDir,
  globPatterns: ['**/*.{js,css,html,webmanifest,png,svg,ico}'],
  // The back office (admin.html and its `assets/admin-*` chunks, named so in vite.admin.config.ts) is
  // online only: tablets never download it.
  // The `.br` and `.gz` copies (scripts/precompress.ts, run after this) are never listed: the worker
  // fetches each file with the browser's Accept-Encoding and stores it decoded.
  globIgnores: ['sw.js', 'sw.js.map', '**/*.map', '**/*.br', '**/*.gz', 'admin.html', 'assets/admin-*'],
});

for (const warning of warnings) console.warn(`inject-manifest: ${warning}`);
console.log(`inject-manifest: precached ${count} files, ${(size / 1024).toFixed(1)} KiB`);
