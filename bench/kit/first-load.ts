import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The build both pages are served from. */
export const DIST = join(process.cwd(), 'dist');

/**
 * What a first visit of a page (`index.html`, the till; `admin.html`, the back office) must
 * download before it runs: its module scripts, preloads and stylesheets, and every chunk they
 * import statically (lazy `import()` chunks excluded).
 */
export async function firstLoadFiles(page = 'index.html', dist = DIST): Promise<string[]> {
  const htmlText = await readFile(join(dist, page), 'utf8');
  const queue = [...htmlText.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/([^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (!file || seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(dist, file), 'utf8');
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    // Static imports and re-exports only: `import "./x.js"`, `import {a} from "./x.js"`, `export … from`.
    for (const m of code.matchAll(
      /(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\/[^"']+)["']/g,
    )) {
      queue.push(dir + (m[1] ?? '').slice(2));
    }
  }
  return [...seen];
}

/** The summed gzip -9 size (bytes) of those of `files` whose name ends with `ext`. */
export async function gzipSizes(files: readonly string[], ext: string, dist = DIST): Promise<number> {
  let total = 0;
  for (const f of files.filter((x) => x.endsWith(ext)))
    total += gzipSync(await readFile(join(dist, f)), { level: 9 }).length;
  return total;
}

/** Bytes as the bench prints them: KB of 1,024 bytes, one decimal. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
