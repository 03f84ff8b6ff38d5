import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/**
 * What a page runs at load, read from the sources (no build) the way the bundler reads them:
 * the modules an entry reaches by static imports, directly or not. The first-load guards of the
 * till (test/first-load.test.ts) and of the back office (test/admin/first-load.test.ts) walk it.
 */
export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * An import or re-export statement as prettier writes them in this tree (each at the start of a
 * line): its `type` keyword, if any, and its module. A regex rather than the TypeScript parser:
 * loading the compiler cost the unit project seconds.
 */
const IMPORT_STATEMENT =
  /^(?:import|export)\s+(type\s+)?(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+)\s+from\s+'([^']+)'|^import\s+'([^']+)'/gm;

/** The modules `file` imports at run time: `import type` and `export type` are erased, `import()` is left out. */
function staticImports(file: string): string[] {
  const specifiers: string[] = [];
  // `import { type A } from` counts: under verbatimModuleSyntax it is kept as `import {} from`.
  for (const [, typeOnly, from, bare] of readFileSync(file, 'utf8').matchAll(IMPORT_STATEMENT)) {
    if (typeOnly === undefined) specifiers.push(from ?? bare ?? '');
  }
  return specifiers;
}

/** What an entry runs at load: each module reached with the module that imported it first, and the packages. */
export interface LoadGraph {
  /** Absolute paths of the modules reached, each with its first importer (null for the entry). */
  reached: Map<string, string | null>;
  /** Package specifiers imported, each with the first module that imports it. */
  packages: Map<string, string>;
}

/** Every module reached from `entry` (a path from the repository's root) by static imports. */
export function runsWith(entry: string): LoadGraph {
  const start = resolve(ROOT, entry);
  const reached = new Map<string, string | null>([[start, null]]);
  const packages = new Map<string, string>();
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (!file.endsWith('.ts')) continue;
    for (const specifier of staticImports(file)) {
      if (!specifier.startsWith('.')) {
        if (!packages.has(specifier)) packages.set(specifier, file);
        continue;
      }
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (!existsSync(target)) throw new Error(`${relative(ROOT, file)} imports ${specifier}, not found`);
      if (!reached.has(target)) {
        reached.set(target, file);
        queue.push(target);
      }
    }
  }
  return { reached, packages };
}

/** The chain of imports by which `graph`'s entry reaches `file`: `src/main.ts → … → file`. */
export function chainTo(graph: LoadGraph, file: string): string {
  const links: string[] = [];
  for (let at: string | null | undefined = file; at; at = graph.reached.get(at))
    links.push(relative(ROOT, at));
  return links.reverse().join(' → ');
}

/** The zod imports among what `entry` runs at load, each as the chain of imports from `entry`. */
export function zodChains(entry: string): string[] {
  const graph = runsWith(entry);
  const zodModule = resolve(ROOT, 'src/domain/zod.ts');
  const chains = [...graph.packages]
    .filter(([name]) => name === 'zod' || name.startsWith('zod/'))
    .map(([name, by]) => `${chainTo(graph, by)} → ${name}`);
  if (graph.reached.has(zodModule)) chains.push(chainTo(graph, zodModule));
  return chains;
}
