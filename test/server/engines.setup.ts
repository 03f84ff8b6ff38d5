/**
 * Global setup of the `server` project (SQLite): says once, when no PostgreSQL is given, that the
 * server suite ran on SQLite only, and how to run it on PostgreSQL too.
 */
export default function sayWhichEngines(): void {
  if (process.env.TEST_DATABASE_URL) return;
  console.log(
    '\nserver tests: PostgreSQL skipped (TEST_DATABASE_URL is not set): the server suite runs on SQLite only. ' +
      'bash .ci/run starts a throwaway PostgreSQL; or eval "$(scripts/pg-throwaway.sh start)" before npm test.\n',
  );
}
