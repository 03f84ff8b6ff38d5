import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainTo, ROOT, runsWith, zodChains } from '../kit/static-imports.js';

/**
 * The back office's first load carries the sign-in, the shell with its navigation and the first
 * section (Registers' list); every other section is a chunk fetched when it is first shown
 * (pos-admin-app.ts, lazy-part.ts). This reads the sources (no build): a static import from
 * src/admin/admin-main.ts that reaches one of them, or zod, would put it back into the entry
 * chunk, and fails here with the chain of imports that does it.
 */
const ENTRY = 'src/admin/admin-main.ts';

/** Modules loaded when their part is first shown, never with the page. */
const LOADED_WHEN_SHOWN = [
  // Products, with its form and the CSV import.
  'src/admin/pos-admin-products.ts',
  'src/admin/pos-admin-product-form.ts',
  'src/admin/pos-admin-product-import.ts',
  // Sessions and their orders, the count of the drawer and its counting aid.
  'src/admin/pos-admin-sessions.ts',
  'src/admin/pos-admin-orders.ts',
  'src/admin/pos-admin-cash-count.ts',
  'src/admin/pos-admin-counting-aid.ts',
  // A session's X or Z report, and the day report.
  'src/admin/pos-admin-report.ts',
  'src/admin/pos-admin-day-report.ts',
  'src/admin/report-view.ts',
  // Devices, pairing and its QR code.
  'src/admin/pos-admin-devices.ts',
  'src/admin/pos-admin-pairing.ts',
  'src/admin/qr-path.ts',
  // Settings, and the New register form under Registers' list.
  'src/admin/pos-admin-config.ts',
  'src/admin/pos-admin-new-register.ts',
  // The French strings, loaded only in French.
  'src/locales/fr.ts',
];

describe("the back office's first load", () => {
  it('imports none of the parts loaded when first shown', () => {
    const graph = runsWith(ENTRY);
    const reached = LOADED_WHEN_SHOWN.map((file) => resolve(ROOT, file)).filter((file) =>
      graph.reached.has(file),
    );
    expect(reached.map((file) => chainTo(graph, file))).toEqual([]);
  });

  it('imports no zod', () => {
    expect(zodChains(ENTRY)).toEqual([]);
  });

  it('is read the way the bundler reads it: the sign-in, the shell and Registers are reached, and the parts exist', () => {
    const reached = [...runsWith(ENTRY).reached.keys()].map((file) => relative(ROOT, file));
    expect(reached).toEqual(
      expect.arrayContaining([
        'src/admin/pos-admin-app.ts',
        'src/admin/pos-admin-sign-in.ts',
        'src/admin/pos-admin-registers.ts',
      ]),
    );
    expect(LOADED_WHEN_SHOWN.filter((file) => !existsSync(resolve(ROOT, file)))).toEqual([]);
    // A section that reaches another lazily loaded part is seen: the walk follows static imports.
    expect(
      runsWith('src/admin/pos-admin-sessions.ts').reached.has(
        resolve(ROOT, 'src/admin/pos-admin-counting-aid.ts'),
      ),
    ).toBe(true);
  });
});
