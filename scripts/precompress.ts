/**
 * Last build step, after scripts/inject-manifest.ts: writes the `.br` and `.gz` copies of the
 * built text files (scripts/precompress-dir.ts) that the server sends to browsers that accept them.
 * An argument names another output folder, as for inject-manifest.
 */
import { precompressDir } from './precompress-dir.js';

const outDir = process.argv[2] ?? 'dist';
const started = performance.now();
const { files, bytes, brBytes, gzBytes } = await precompressDir(outDir);
const kib = (n: number): string => (n / 1024).toFixed(1);
console.log(
  `precompress: ${files} files, ${kib(bytes)} KiB -> br ${kib(brBytes)} KiB, gzip ${kib(gzBytes)} KiB ` +
    `in ${Math.round(performance.now() - started)} ms`,
);
