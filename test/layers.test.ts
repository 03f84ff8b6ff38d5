import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Which layer may import which (STYLE.md §1) is said by lint rules in eslint.config.js, so a wrong
 * import fails in the editor and in `npm run lint` with the layer's message. These tests lint one
 * line in a real file of each layer and check the message a developer sees, so a config change
 * that drops or loosens a rule fails here. Type information is off: the layer rules need none.
 */
const eslint = new ESLint({
  overrideConfig: tseslint.configs.disableTypeChecked as Linter.Config,
});

const LAYER_RULES = new Set([
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-properties',
  'no-restricted-syntax',
]);

/** The layer rules' messages for `code` linted as if it were the file `filePath`. */
async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId))
    .map((m) => m.message);
}

/** Generous: the first lint loads the config and its plugins, and the machine may be shared. */
const LINT_TIMEOUT_MS = 60_000;

describe('layers: a wrong import fails lint and says which layer may import what', () => {
  beforeAll(async () => {
    await eslint.calculateConfigForFile('src/domain/cart.ts');
  }, LINT_TIMEOUT_MS);

  it.each([
    ['src/domain/cart.ts', "import { openPosDb } from '../store/db.js';", 'src/domain is pure'],
    [
      'src/domain/api/error-body.ts',
      "import { setLocale } from '../../app/locale.js';",
      'src/domain is pure',
    ],
    [
      'src/domain/pos-error.ts',
      "import { html } from 'lit';\nimport '../ui/pos-app.js';",
      'src/domain is pure',
    ],
    [
      'src/store/outbox-repo.ts',
      "import { flushOutbox } from '../sync/flush-outbox.js';",
      'src/store is the one IndexedDB module of page and worker: it may import only src/store and src/domain',
    ],
    [
      'src/sync/flush-outbox.ts',
      "import { TillController } from '../app/till-controller.js';",
      'src/sync runs in the service worker too',
    ],
    [
      'sw/index.ts',
      "import { SwBridge } from '../src/bridge/sw-bridge.js';",
      'sw/ is the service worker: it may import only sw, src/sync, src/store and src/domain',
    ],
    [
      'server/app.ts',
      "import { openPosDb } from '../src/store/db.js';",
      'server/ may import only server and src/domain',
    ],
    [
      'src/admin/pos-admin-app.ts',
      "import { addLine } from '../domain/cart.js';",
      'src/admin is a page of its own that must not pull zod in',
    ],
    ['src/ui/pos-app.ts', "import { AdminApi } from '../admin/admin-api.js';", "src/ui is the till's page"],
    [
      'src/app/till-controller.ts',
      "import { runServer } from '../../server/main.js';",
      "src/app is the till's page",
    ],
    ['src/main.ts', "import './admin/pos-admin-app.js';", "src/main.ts starts the till's page"],
    [
      'src/app/till-controller.ts',
      "import { z } from 'zod';",
      'Browser code takes zod from src/domain/zod.ts',
    ],
    ['sw/index.ts', "import { z } from 'zod/mini';", 'Browser code takes zod from src/domain/zod.ts'],
    ['src/domain/zod.ts', "import { z } from 'zod';", 'pos-shell has one zod API, zod/mini'],
    ['server/input-rules.ts', "import { z } from 'zod';", 'pos-shell has one zod API, zod/mini'],
    ['server/input-rules.ts', "import { z } from 'zod/v4';", 'pos-shell has one zod API, zod/mini'],
    ['test/server/fixtures.ts', "import { z } from 'zod';", 'pos-shell has one zod API, zod/mini'],
    [
      'src/ui/pos-app.ts',
      'export const ready = navigator.serviceWorker.ready;',
      'Only src/bridge touches navigator.serviceWorker',
    ],
    ['src/domain/api/names.ts', "export { z } from '../zod.js';", 'src/domain/api/names.ts imports nothing'],
  ])(
    '%s: `%s` is refused',
    async (filePath, code, message) => {
      const messages = await layerMessages(filePath, code);
      expect(messages.length).toBeGreaterThan(0);
      for (const text of messages) expect(text).toContain(message);
    },
    LINT_TIMEOUT_MS,
  );

  it.each([
    ['src/domain/api/error-body.ts', "import { PosError } from '../pos-error.js';"],
    ['src/domain/api/error-body.ts', "import { PosError } from '../../domain/pos-error.js';"],
    ['src/sync/flush-outbox.ts', "import { openPosDb } from '../store/db.js';"],
    ['sw/index.ts', "import { flushOutbox } from '../src/sync/flush-outbox.js';"],
    ['server/app.ts', "import { PosError } from '../src/domain/pos-error.js';"],
    ['src/admin/pos-admin-app.ts', "import type { CartLine } from '../domain/cart.js';"],
    ['src/admin/pos-admin-app.ts', "import { PosError } from '../domain/pos-error.js';"],
    ['src/app/app-version.ts', "import { version } from '../../package.json';"],
    ['src/domain/zod.ts', "import { z } from 'zod/mini';"],
    ['server/input-rules.ts', "import { z } from 'zod/mini';"],
    ['src/bridge/sw-bridge.ts', 'export const ready = navigator.serviceWorker.ready;'],
  ])(
    '%s: `%s` is allowed',
    async (filePath, code) => {
      expect(await layerMessages(filePath, code)).toEqual([]);
    },
    LINT_TIMEOUT_MS,
  );
});
