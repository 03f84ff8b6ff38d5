import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The till's first load carries no zod: nothing src/main.ts imports statically, directly or not,
 * imports zod or src/domain/zod.ts. The schemas the page checks with come from
 * src/domain/till-schemas.ts, which the page reaches only through `import()`
 * (load-till-schemas.ts), so the bundler keeps them and zod in chunks loaded after the first
 * render. This reads the sources (no build): a static import that would pull zod back into the
 * entry chunk fails here with the chain of imports that does it.
 */
const ROOT = resolve(import.meta.dirname, '..');

/**
 * An import or re-export statement as prettier writes them in this tree (each at the start of a
 * line): its `type` keyword, if any, and its module. A regex rather than the TypeScript parser:
 * loading the compiler cost this test seconds of the unit project's time.
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

/** Every module reached from `entry` by static imports, each with the module that imported it first. */
function runsWith(entry: string): { reached: Map<string, string | null>; packages: Map<string, string> } {
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

/** The zod imports among what `entry` runs at load, each as the chain of imports from `entry`. */
function zodChains(entry: string): string[] {
  const { reached, packages } = runsWith(entry);
  const chain = (file: string): string => {
    const links: string[] = [];
    for (let at: string | null | undefined = file; at; at = reached.get(at)) links.push(relative(ROOT, at));
    return links.reverse().join(' → ');
  };
  const zodModule = resolve(ROOT, 'src/domain/zod.ts');
  const chains = [...packages]
    .filter(([name]) => name === 'zod' || name.startsWith('zod/'))
    .map(([name, by]) => `${chain(by)} → ${name}`);
  if (reached.has(zodModule)) chains.push(chain(zodModule));
  return chains;
}

describe("the till's first load", () => {
  it('imports no zod: the schemas come from a chunk loaded with import() after the first render', () => {
    expect(zodChains('src/main.ts')).toEqual([]);
  });

  it('is read the way the bundler reads it: the schemas module does reach zod, and the shell is reached', () => {
    expect(zodChains('src/domain/till-schemas.ts')).not.toEqual([]);
    expect(runsWith('src/main.ts').reached.has(resolve(ROOT, 'src/ui/pos-app.ts'))).toBe(true);
    expect(runsWith('src/main.ts').reached.has(resolve(ROOT, 'src/domain/till-schemas.ts'))).toBe(false);
  });
});
