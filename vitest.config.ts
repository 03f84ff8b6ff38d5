import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

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
          env: { POS_TEST_ENGINE: 'postgres' },
        },
      },
    ]
  : [];

export default defineConfig({
  test: {
    // Two files at a time, browser files included: most browser tests wait on the till's schedule
    // (5 s checks, backoffs), so two overlap well on the 2-core CI machine (591 s for the browser
    // suite instead of about 770 s one file at a time); a third worker only adds contention (612 s).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'test/domain/**/*.test.ts',
            'test/admin/**/*.test.ts',
            'test/ui/**/*.test.ts',
            'test/app/**/*.test.ts',
            'test/store/**/*.test.ts',
            'test/sync/**/*.test.ts',
            'test/sw/**/*.test.ts',
            'test/layers.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['test/server/engines.setup.ts'],
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
    ],
  },
});
