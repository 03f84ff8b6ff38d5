import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each file of the slow projects took in a measured run (a clean clone's CI run with three
 * workers, 2026-12-06, on the 2-core machine, refunds included; a file run on both engines counts
 * its longer run):
 * the order files are started in. Vitest orders by the durations in its cache, and a clean clone (CI) has none, so it
 * fell back to file size and could start a 100 s file last. A file missing here is estimated
 * from its size, as Vitest does without a cache (about 1 s per KB of test code).
 */
const MEASURED_S: Readonly<Record<string, number>> = {
  'test/browser/session-check-schedule.test.ts': 82,
  'test/browser/update.test.ts': 80,
  'test/browser/outbox.test.ts': 75,
  'test/browser/session-check-push.test.ts': 66,
  'test/browser/outbox-faults.test.ts': 85,
  'test/browser/till-input.test.ts': 49,
  'test/browser/outbox-storage.test.ts': 45,
  'test/browser/refunds.test.ts': 20,
  'test/browser/refunds-rest.test.ts': 18,
  'test/browser/till-messages.test.ts': 42,
  'test/browser/admin.test.ts': 42,
  'test/browser/rescue.test.ts': 41,
  'test/browser/session-check-failures.test.ts': 40,
  'test/browser/till.test.ts': 32,
  'test/browser/device-report.test.ts': 32,
  'test/browser/admin-products.test.ts': 30,
  'test/browser/cash-control.test.ts': 29,
  'test/browser/pairing.test.ts': 22,
  'test/browser/admin-cash.test.ts': 20,
  'test/browser/a11y.test.ts': 19,
  'test/browser/durability.test.ts': 17,
  'test/browser/admin-forms.test.ts': 16,
  'test/browser/catalog-refresh.test.ts': 15,
  'test/browser/admin-devices.test.ts': 14,
  'test/browser/offline.test.ts': 13,
  'test/browser/held.test.ts': 12,
  'test/browser/admin-language.test.ts': 12,
  'test/browser/api-docs.test.ts': 11,
  'test/browser/closure.test.ts': 10,
  'test/browser/i18n.test.ts': 9,
  'test/browser/cash-moves.test.ts': 9,
  'test/browser/csp.test.ts': 9,
  'test/browser/admin-sessions.test.ts': 9,
  'test/browser/install.test.ts': 8,
  'test/browser/admin-products-csv.test.ts': 7,
  'test/server/instances.test.ts': 21,
  'test/server/faults.test.ts': 17,
  'test/server/pg-change-feed.test.ts': 16,
  'test/server/api-fuzz.test.ts': 14,
  'test/server/main.test.ts': 11,
  'test/server/cluster.test.ts': 8,
};

/**
 * Starts the longest files first, projects one after the other (browser, server, server-pg, unit:
 * a worker without module isolation is reused only by the next file of its own project), so the
 * run ends on short files instead of waiting for one long file started last.
 */
class LongestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (spec: TestSpecification): number =>
      MEASURED_S[relative(spec.project.config.root, spec.moduleId)] ?? statSync(spec.moduleId).size / 1_000;
    return Promise.resolve(
      [...files].sort(
        (a, b) =>
          a.project.name.localeCompare(b.project.name) ||
          seconds(b) - seconds(a) ||
          a.moduleId.localeCompare(b.moduleId),
      ),
    );
  }
}

/**
 * Test projects split by runtime (STYLE.md §12). All run in Node: `unit` with fakes
 * (fake-indexeddb, injected clocks), `server` against a real Fastify on 127.0.0.1 with a real
 * SQLite file, `server-pg` the same suite on PostgreSQL (a database of its own per test server on
 * the cluster TEST_DATABASE_URL names: `.ci/run` starts one; without it the project is not
 * registered and the `server` project says PostgreSQL was skipped), `browser` driving Debian's
 * Chromium with playwright-core against the built app (on SQLite).
 */
const serverOnPostgres: TestProjectInlineConfiguration[] = process.env.TEST_DATABASE_URL
  ? [
      {
        test: {
          name: 'server-pg',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          // Files whose subject never reaches the database (static files, compression, the request
          // log, body limits, pairing links, validation wording, the token kept out of the log) run
          // on SQLite only: CI's ten minutes are better spent elsewhere.
          exclude: [
            'test/server/static.test.ts',
            'test/server/compression.test.ts',
            'test/server/request-log.test.ts',
            'test/server/body-limits.test.ts',
            'test/server/pair-url.test.ts',
            'test/server/validation-messages.test.ts',
            'test/server/token-log.test.ts',
          ],
          env: { POS_TEST_ENGINE: 'postgres' },
          isolate: false,
          // As the server project: servers and databases are started inside the tests.
          testTimeout: 20_000,
        },
      },
    ]
  : [];

/** The unit tests: Node, fakes (fake-indexeddb, injected clocks). */
const UNIT_FILES = [
  'test/domain/**/*.test.ts',
  'test/admin/**/*.test.ts',
  'test/ui/**/*.test.ts',
  'test/app/**/*.test.ts',
  'test/store/**/*.test.ts',
  'test/sync/**/*.test.ts',
  'test/sw/**/*.test.ts',
  'test/scripts/**/*.test.ts',
  'test/layers.test.ts',
  'test/first-load.test.ts',
];
/**
 * Unit files that reset the module registry (`vi.resetModules()`, to evaluate a module afresh per
 * test): in a shared registry the next file would evaluate its modules again, and Lit's
 * localization, configured once per process, throws on a second configuration.
 */
const UNIT_ISOLATED = ['test/app/early-db.test.ts'];

/**
 * The short chaos soak (test/soak): three tablets, a server child killed and restarted, every kind
 * of fault. Registered only with POS_SOAK=1: `npm test` runs it on its own once the other projects
 * are done (and `npm run test:soak` alone). Inside the main run, which keeps both cores busy, it
 * took 95 to 141 s and a back-office browser test timed out under its load; after it, it has the
 * machine to itself (about 70 s).
 */
const soak: TestProjectInlineConfiguration[] = process.env.POS_SOAK
  ? [
      {
        test: {
          name: 'soak',
          environment: 'node',
          include: ['test/soak/**/*.test.ts'],
          testTimeout: 300_000,
        },
      },
    ]
  : [];

export default defineConfig({
  test: {
    // Three files at a time, browser files included. The browser suite is mostly CPU-bound on the
    // 2-core CI machine (a fresh till costs a page load, a service worker install and a pairing),
    // but several of its longest files spend seconds waiting on the till's timers (a 5 s check
    // interval, a measuring window), which a third file fills: on Chromium's headless shell the
    // browser project took 312 s with two workers and 285 s with three.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          // One module registry per worker, not per file: the files' imports (zod schemas, Lit,
          // fake-indexeddb) cost 61 s of CPU with a registry per file and 14 s without, for 20 s
          // of tests. Files that need modules evaluated afresh run isolated (below).
          isolate: false,
          include: UNIT_FILES,
          exclude: UNIT_ISOLATED,
        },
      },
      {
        test: {
          name: 'unit-isolated',
          environment: 'node',
          include: UNIT_ISOLATED,
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['test/server/engines.setup.ts'],
          // Each file starts its own servers over its own data: loading the server's modules
          // again for every file only cost time.
          isolate: false,
          // Each test starts servers and, on PostgreSQL, creates databases: 5 s was missed on a
          // loaded 2-core machine by tests that take well under a second alone.
          testTimeout: 20_000,
        },
      },
      ...serverOnPostgres,
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          // Each file launches its own Chromium and servers, so files share nothing but the
          // modules a worker has already loaded: not reloading the server for every file saved
          // about 3 s of imports per file on the loaded 2-core machine.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      ...soak,
    ],
  },
});
