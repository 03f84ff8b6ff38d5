// @ts-check
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which layer may import which (STYLE.md §1), as lint rules so that a wrong import fails in the
 * editor and in `npm run lint` with the layer's message. `may` lists what a layer's files may
 * import, as repository paths: a folder ends with `/`, anything else is one file; `mayNot` lists
 * what they may never import. `typesFromAnywhere` lets `import type` through (types are erased, so
 * they pull nothing into the layer's bundle).
 *
 * `no-restricted-imports` compares import strings, not resolved paths, so each layer becomes one
 * pattern per number of `../` an import climbs from each depth of the layer's folder.
 * @type {{dir: string, files?: string[], may?: string[], mayNot?: string[], typesFromAnywhere?: boolean, message: string}[]}
 */
const LAYERS = [
  {
    dir: 'src/domain',
    may: ['src/domain/'],
    message:
      'src/domain is pure, shared by page, worker and server: it may import only src/domain (no DOM, IndexedDB, Lit or fetch).',
  },
  {
    dir: 'src/store',
    may: ['src/store/', 'src/domain/'],
    message:
      'src/store is the one IndexedDB module of page and worker: it may import only src/store and src/domain.',
  },
  {
    dir: 'src/sync',
    may: ['src/sync/', 'src/store/', 'src/domain/'],
    message:
      'src/sync runs in the service worker too: it may import only src/sync, src/store and src/domain.',
  },
  {
    dir: 'sw',
    may: ['sw/', 'src/sync/', 'src/store/', 'src/domain/'],
    message: 'sw/ is the service worker: it may import only sw, src/sync, src/store and src/domain.',
  },
  {
    dir: 'server',
    may: ['server/', 'src/domain/'],
    message: 'server/ may import only server and src/domain, never page or worker code.',
  },
  {
    dir: 'src/admin',
    may: [
      'src/admin/',
      'src/domain/pos-error.js',
      'src/domain/api/error-body.js',
      // The one HTTP client and its transport, so the till and the back office speak to the API alike.
      'src/app/http.js',
      'src/sync/fetch-json.js',
      'src/domain/api/names.js',
      'src/domain/config-limits.js',
      'src/domain/token-text.js',
      // Zod-free arithmetic of a drawer count, shared with the till and the server.
      'src/domain/cash-count.js',
      'src/domain/denominations.js',
      // The one 'load once, try again after a failure' helper, for the sections loaded at first showing.
      'src/domain/lazily.js',
      'src/ui/shared-styles.js',
      'src/app/locale.js',
    ],
    typesFromAnywhere: true,
    message:
      'src/admin is a page of its own that must not pull zod in: at run time it may import only src/admin, the error class and error-body parser, the one HTTP client (src/app/http.ts and its transport src/sync/fetch-json.ts), the shared names, the limits and token text, the drawer count arithmetic (cash-count, denominations), the load-once helper (lazily), the shared styles and the language (src/app/locale.ts); `import type` from anywhere.',
  },
  ...['src/app', 'src/ui', 'src/bridge', 'src/locales'].map((dir) => ({
    dir,
    mayNot: ['src/admin/', 'server/'],
    message: `${dir} is the till's page: it never imports src/admin (the back office is a page of its own, kept out of the till's first load) or server/.`,
  })),
  {
    dir: 'src',
    files: ['src/*.ts'],
    mayNot: ['src/admin/', 'server/'],
    message:
      "src/main.ts starts the till's page: it never imports src/admin (the back office is a page of its own) or server/.",
  },
];

/** Deepest folder below a layer's own that the generated patterns cover. */
const MAX_DEPTH = 5;

/** A RegExp source matching `text` literally. */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The import strings a file `depth` folders below `layer.dir` may not write, one regex per number
 * of `../` they climb: climbing no further than the layer's folder stays inside the layer.
 */
function layerPatterns(layer, depth) {
  const parts = layer.dir.split('/');
  const patterns = [];
  // A file directly in the layer's folder may also reach a folder below it with `./`.
  const first = layer.mayNot && depth === 0 ? 0 : depth + 1;
  for (let up = first; up <= depth + parts.length; up += 1) {
    const base = parts.slice(0, parts.length - Math.max(0, up - depth)).join('/');
    const under = (path) =>
      base === '' ? path : path.startsWith(`${base}/`) ? path.slice(base.length + 1) : null;
    const climb = up === 0 ? '^\\./' : `^(\\.\\./){${up}}(?!\\.\\./)`;
    const target = (path) => (path.endsWith('/') ? `${literal(path)}` : `${literal(path)}$`);
    if (layer.may) {
      const reachable = layer.may.map(under).filter((path) => path !== null);
      const allowed = reachable.length > 0 ? `(?!${reachable.map(target).join('|')})` : '';
      patterns.push({ regex: `${climb}${allowed}`, message: layer.message });
    } else {
      const reachable = (layer.mayNot ?? []).map(under).filter((path) => path !== null);
      if (reachable.length === 0) continue;
      patterns.push({ regex: `${climb}(${reachable.map(target).join('|')})`, message: layer.message });
    }
  }
  return patterns.map((pattern) => ({ ...pattern, allowTypeImports: layer.typesFromAnywhere ?? false }));
}

const ZOD_FROM_DOMAIN = {
  paths: [
    {
      name: 'zod',
      message:
        "Browser code takes zod from src/domain/zod.ts, which sets it jitless: the app's CSP forbids the eval zod would use.",
    },
  ],
  patterns: [
    {
      group: ['zod/*'],
      message:
        "Browser code takes zod from src/domain/zod.ts, which sets it jitless: the app's CSP forbids the eval zod would use.",
    },
  ],
};

const ONE_ZOD_MESSAGE =
  "pos-shell has one zod API, zod/mini (functions, tree-shaken, no method closures per schema): import { z } from 'zod/mini' (browser code: from src/domain/zod.ts).";

/** Classic zod (`zod`, `zod/v4`, …) anywhere zod/mini may be imported: the one API is zod/mini. */
const ZOD_MINI_ONLY = {
  paths: [{ name: 'zod', message: ONE_ZOD_MESSAGE }],
  patterns: [{ group: ['zod/*', '!zod/mini'], message: ONE_ZOD_MESSAGE }],
};

/** One config per layer and depth; later configs replace a rule's options, so each file gets one. */
function layerConfigs() {
  return LAYERS.flatMap((layer) =>
    Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
      const files = layer.files ?? [`${layer.dir}/${'*/'.repeat(depth)}*.ts`];
      if (layer.files && depth > 0) return [];
      const browser = layer.dir !== 'server';
      return [
        {
          files,
          rules: {
            '@typescript-eslint/no-restricted-imports': [
              'error',
              {
                paths: browser ? ZOD_FROM_DOMAIN.paths : ZOD_MINI_ONLY.paths,
                patterns: [
                  ...layerPatterns(layer, depth),
                  ...(browser ? ZOD_FROM_DOMAIN.patterns : ZOD_MINI_ONLY.patterns),
                ],
              },
            ],
          },
        },
      ];
    }).flat(),
  );
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tmp/', 'data/', 'src/locales/fr.ts'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      // tsconfig.json is a solution file: each file is checked under the runtime's tsconfig that holds it.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten await in the outbox loses orders: every promise is awaited, returned or `void`ed.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        // A `default` is a deliberate answer for the rest (error codes shown as a generic message).
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `x == null` is the one loose comparison kept: it means null or undefined, on purpose.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // An empty string in an environment variable or a name means "not given", as `||` says.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // It asks for `x!` instead of `x as T`; the house style avoids non-null assertions altogether.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // An async function without await keeps a Promise-returning contract (engine dialects, change
      // feeds, Fastify hooks, fakes) and turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/ui/**/*.ts', 'src/admin/**/*.ts'],
    extends: [
      lit.configs['flat/recommended'],
      wc.configs['flat/recommended'],
      wc.configs['flat/best-practice'],
    ],
    rules: {
      // Lit calls a listener bound in a template (`@click=${this.onClick}`) with `this` set to the element.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['src/**/*.ts'], languageOptions: { globals: globals.browser } },
  { files: ['sw/**/*.ts'], languageOptions: { globals: globals.serviceworker } },
  {
    files: ['server/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '*.config.ts', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['server/db/migrations/**/*.ts'],
    rules: {
      // Kysely's recipe: a migration takes Kysely<any> so that it never depends on today's tables.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read answers as JSON (`res.json()` is any) and check their shape with expect: typing
      // each read would restate the contract the test is there to check.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // Tests keep a browser method to call later with `.call`, and hand vi.fn() methods to expect.
      '@typescript-eslint/unbound-method': 'off',
      // A no-op fake says the test does not watch that callback.
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  ...layerConfigs(),
  {
    files: ['src/domain/zod.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ZOD_MINI_ONLY.paths,
          patterns: [
            ...layerPatterns(/** @type {(typeof LAYERS)[number]} */ (LAYERS[0]), 0),
            ...ZOD_MINI_ONLY.patterns,
          ],
        },
      ],
    },
  },
  {
    // Tests, benches and scripts are no layer: only the one zod API is asked of them.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', ZOD_MINI_ONLY] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/bridge/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          property: 'serviceWorker',
          message:
            'Only src/bridge touches navigator.serviceWorker (registration, messages, updates); call the bridge.',
        },
      ],
    },
  },
  {
    files: ['src/domain/api/names.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportDeclaration, ImportExpression, ExportAllDeclaration, ExportNamedDeclaration[source]',
          message:
            'src/domain/api/names.ts imports nothing: page, worker and server import it, and it must pull nothing into any of them.',
        },
      ],
    },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
