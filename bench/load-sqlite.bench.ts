import type { BenchRow } from './bench-row.js';
import { loadRows } from './kit/load-target.js';
import { startServerProcess } from '../test/kit/server-process.js';

export const title = 'load, SQLite, one instance';

/**
 * 500 tablets (session checks every 5 s, a sale every 30 s, an event stream each) on one server
 * process on SQLite, then the ceiling: see loadRows.
 */
export async function run(): Promise<BenchRow[]> {
  return loadRows(
    'load, SQLite, 1 instance',
    async () => {
      const server = await startServerProcess();
      return { url: server.url, serverPids: [server.pid], stop: server.stop };
    },
    true,
  );
}
