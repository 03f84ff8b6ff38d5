import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The back office is its own page and must not pull zod in. Which files it may import at run time,
 * and that the till never imports it, are lint rules (eslint.config.js, checked in
 * test/layers.test.ts); what lint cannot see is an import of an import, followed here.
 */
const ROOT = process.cwd();

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of `file` as repo paths; `typeOnly` marks `import type` ones. */
function imports(file: string): { target: string; typeOnly: boolean }[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [
    ...source.matchAll(
      /(import|export)(\s+type)?[^'"]*?from\s+['"](\.[^'"]+)['"]|import\s+['"](\.[^'"]+)['"]/g,
    ),
  ].map((m) => ({
    target: relative(ROOT, resolve(dirname(join(ROOT, file)), m[3] ?? m[4] ?? '')),
    typeOnly: m[2] !== undefined,
  }));
}

describe('back-office layers', () => {
  it('nothing the back office loads at run time, however indirectly, pulls zod', () => {
    // Followed through every runtime import, dynamic ones (the French chunk) included.
    const seen = new Set<string>();
    const queue = files('src/admin');
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      if (seen.has(file)) continue;
      seen.add(file);
      const source = readFileSync(join(ROOT, file), 'utf8');
      const dynamic = [...source.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) =>
        relative(ROOT, resolve(dirname(join(ROOT, file)), m[1] ?? '')),
      );
      const targets = [
        ...imports(file)
          .filter((i) => !i.typeOnly)
          .map((i) => i.target),
        ...dynamic,
      ].map((t) => t.replace(/\.js$/, '.ts'));
      queue.push(...targets);
      expect(/from\s+['"]zod['"]/.test(source), `${file} imports zod`).toBe(false);
    }
    expect([...seen]).toContain('src/app/locale.ts');
    expect([...seen]).toContain('src/locales/fr.ts');
    expect([...seen].filter((f) => f.endsWith('/zod.ts'))).toEqual([]);
  });
});
