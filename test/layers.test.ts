import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Which layer may import which (STYLE.md §1): the domain imports nothing of ours outside itself,
 * page and worker never import the server, the server imports only itself and the domain, and
 * only the bridge touches `navigator.serviceWorker`.
 */
const ROOT = process.cwd();

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function localImports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) =>
    relative(ROOT, resolve(dirname(join(ROOT, file)), m[1] ?? '')),
  );
}

function offenders(dir: string, allowed: string[]): string[] {
  return files(dir).flatMap((file) =>
    localImports(file)
      .filter((target) => !allowed.some((prefix) => target.startsWith(prefix)))
      .map((target) => `${file} → ${target}`),
  );
}

describe('layers', () => {
  it('browser code takes zod from src/domain/zod.ts only (jitless under the CSP)', () => {
    const direct = [...files('src'), ...files('sw')].filter(
      (file) =>
        file !== join('src', 'domain', 'zod.ts') &&
        /from\s+['"]zod(\/[^'"]*)?['"]/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(direct).toEqual([]);
  });
  it('the names shared by page, worker and server import nothing (a leaf any layer may import)', () => {
    const source = readFileSync(join(ROOT, 'src', 'domain', 'api', 'names.ts'), 'utf8');
    expect(source.match(/^\s*(?:import|export)\b.*\bfrom\b.*$/gm) ?? []).toEqual([]);
  });
  it('the domain imports only the domain', () => {
    expect(offenders('src/domain', ['src/domain'])).toEqual([]);
  });
  it('the store imports only the store and the domain', () => {
    expect(offenders('src/store', ['src/store', 'src/domain'])).toEqual([]);
  });
  it('sync imports only sync, store and domain (it runs in the worker too)', () => {
    expect(offenders('src/sync', ['src/sync', 'src/store', 'src/domain'])).toEqual([]);
  });
  it('the worker imports only sw, sync, store and domain', () => {
    expect(offenders('sw', ['sw', 'src/sync', 'src/store', 'src/domain'])).toEqual([]);
  });
  it('the server imports only the server and the domain', () => {
    expect(offenders('server', ['server', 'src/domain'])).toEqual([]);
  });
  it('only the bridge touches navigator.serviceWorker', () => {
    const touching = files('src').filter((f) =>
      readFileSync(join(ROOT, f), 'utf8').includes('navigator.serviceWorker'),
    );
    expect(touching.every((f) => f.startsWith('src/bridge/'))).toBe(true);
  });
});
