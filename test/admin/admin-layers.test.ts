import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The back office is its own page: the till never imports it (so its first load stays
 * the till's), and it takes from the rest only what stays small: domain types and the error class,
 * and the shared look. Runtime imports of zod-backed domain modules would pull zod into it.
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
  it('nothing outside src/admin imports it', () => {
    const outside = [...files('src'), ...files('sw')].filter((f) => !f.startsWith('src/admin/'));
    const offenders = outside.flatMap((f) =>
      imports(f)
        .filter((i) => i.target.startsWith('src/admin'))
        .map((i) => `${f} → ${i.target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/admin imports at run time only itself, the error class, the one HTTP client and its API error parser, the shared names, the limits, the shared styles and the language', () => {
    // src/app/locale.ts: the back office speaks the till's languages with the same choice (the
    // same stored key, the same browser rule, the same French chunk) instead of a copy of it.
    const allowed = [
      'src/admin/',
      'src/domain/pos-error.js',
      'src/domain/api/error-body.js',
      // The till's HTTP client and its transport, so both pages speak to the API alike.
      'src/app/http.js',
      'src/sync/fetch-json.js',
      'src/domain/api/names.js',
      'src/domain/config-limits.js',
      'src/domain/token-text.js',
      'src/ui/shared-styles.js',
      'src/app/locale.js',
    ];
    const offenders = files('src/admin').flatMap((f) =>
      imports(f)
        .filter((i) => !i.typeOnly && !allowed.some((a) => i.target.startsWith(a)))
        .map((i) => `${f} → ${i.target}`),
    );
    expect(offenders).toEqual([]);
  });

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
