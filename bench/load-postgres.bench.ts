import { skipped, type BenchRow } from './bench-row.js';
import { benchPostgres, postgresMissing } from './kit/bench-postgres.js';
import { loadRows } from './kit/load-target.js';
import { startServerProcess } from '../test/kit/server-process.js';

export const title = 'load, PostgreSQL, one instance';

/**
 * 500 tablets (session checks every 5 s, a sale every 30 s, an event stream each) on one server
 * process on PostgreSQL (benchPostgres says which), then the ceiling: see loadRows. Skipped,
 * with the reason, where there is no PostgreSQL.
 */
export async function run(): Promise<BenchRow[]> {
  const section = 'load, PostgreSQL, 1 instance';
  const missing = postgresMissing();
  if (missing) return [skipped(section, missing)];
  const postgres = await benchPostgres();
  try {
    const rows: BenchRow[] = [
      { section, metric: 'PostgreSQL used', value: postgres.source, budget: '', ok: null },
    ];
    const database = await postgres.newDatabase('pos_load');
    try {
      rows.push(
        ...(await loadRows(
          section,
          async () => {
            const server = await startServerProcess({ databaseUrl: database.url });
            return { url: server.url, serverPids: [server.pid], stop: server.stop };
          },
          true,
        )),
      );
    } finally {
      await database.drop();
    }
    return rows;
  } finally {
    await postgres.dispose();
  }
}
