import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text files worth compressing; images are compressed already and source maps are not served. */
export const COMPRESSIBLE_EXTENSIONS = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.json',
  '.webmanifest',
  '.svg',
  '.txt',
]);
/**
 * Files under this many bytes are left alone: they fit in one packet either way, and the encoded
 * copy would save a few dozen bytes at the cost of one more file to serve.
 */
export const MIN_BYTES = 1024;

/** What {@link precompressDir} wrote. */
export interface PrecompressResult {
  /** Files that got at least one encoded sibling. */
  files: number;
  /** Their bytes as built. */
  bytes: number;
  /** The bytes of their `.br` and `.gz` siblings. */
  brBytes: number;
  gzBytes: number;
}

/**
 * Writes `x.br` (brotli, quality 11) and `x.gz` (gzip, level 9) beside every compressible file of
 * `dir` (see {@link COMPRESSIBLE_EXTENSIONS}) of at least {@link MIN_BYTES}, so the server sends
 * them as they are (@fastify/static's `preCompressed`) instead of compressing at each request. An
 * encoding that does not make a file smaller is not written: the server then falls back to the
 * next encoding or to the file itself. Run after the last step that changes a file (the manifest
 * injected into sw.js), since an encoded copy is not rewritten when its file changes.
 */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const result: PrecompressResult = { files: 0, bytes: 0, brBytes: 0, gzBytes: 0 };
  const paths = (await readdir(dir, { recursive: true }))
    // Dot folders (Vite's manifest in .vite/) are read by the server, never served.
    .filter((path) => COMPRESSIBLE_EXTENSIONS.has(extname(path)) && !/(?:^|[\\/])\./.test(path))
    .map((path) => join(dir, path));
  // All at once: zlib runs each on libuv's thread pool, which bounds the parallel work itself.
  await Promise.all(
    paths.map(async (path) => {
      if (!(await stat(path)).isFile()) return;
      const content = await readFile(path);
      if (content.length < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(content, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
        gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      const smaller = [
        { suffix: '.br', encoded: br },
        { suffix: '.gz', encoded: gz },
      ].filter(({ encoded }) => encoded.length < content.length);
      if (smaller.length === 0) return;
      await Promise.all(smaller.map(({ suffix, encoded }) => writeFile(path + suffix, encoded)));
      result.files += 1;
      result.bytes += content.length;
      result.brBytes += smaller.find((one) => one.suffix === '.br')?.encoded.length ?? content.length;
      result.gzBytes += smaller.find((one) => one.suffix === '.gz')?.encoded.length ?? content.length;
    }),
  );
  return result;
}
