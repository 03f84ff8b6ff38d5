import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runsWith, zodChains } from './kit/static-imports.js';

/**
 * The till's first load carries no zod: nothing src/main.ts imports statically, directly or not,
 * imports zod or src/domain/zod.ts. The schemas the page checks with come from
 * src/domain/till-schemas.ts, which the page reaches only through `import()`
 * (load-till-schemas.ts), so the bundler keeps them and zod in chunks loaded after the first
 * render. This reads the sources (no build): a static import that would pull zod back into the
 * entry chunk fails here with the chain of imports that does it.
 */
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
