import { missingPrerequisites } from '../scripts/cluster/prerequisites.js';
import { startCluster } from '../scripts/cluster/start-cluster.js';
import { TEST_ADMIN_TOKEN } from '../test/kit/admin-token.js';
import { STATIC_DIR } from '../test/kit/test-server.js';
import { skipped, type BenchRow } from './bench-row.js';
import { benchPostgres, postgresMissing } from './kit/bench-postgres.js';
import { loadRows } from './kit/load-target.js';

export const title = 'load, PostgreSQL, two instances behind nginx';

/** Server instances behind the proxy. */
const INSTANCES = 2;

/**
 * 500 tablets (session checks every 5 s, a sale every 30 s, an event stream each) through nginx
 * (`least_conn`) in front of two server processes on one PostgreSQL database, as `npm run
 * cluster` starts them (startCluster), then the ceiling: see loadRows. No budget: the are
 * for one instance. Skipped, with the reason, where nginx or PostgreSQL is missing.
 */
export async function run(): Promise<BenchRow[]> {
  const section = `load, PostgreSQL, ${INSTANCES} instances behind nginx`;
  const missing = [
    ...missingPrerequisites(false).map((what) => `${what} is not installed (apt-get install -y nginx)`),
    postgresMissing(),
  ].filter((why) => why !== null);
  if (missing.length > 0) return [skipped(section, missing.join('; '))];
  const postgres = await benchPostgres();
  try {
    const rows: BenchRow[] = [
      { section, metric: 'PostgreSQL used', value: postgres.source, budget: '', ok: null },
    ];
    const database = await postgres.newDatabase('pos_cluster');
    try {
      const loaded = await loadRows(
        section,
        async () => {
          const cluster = await startCluster({
            instances: INSTANCES,
            port: 0,
            databaseUrl: database.url,
            staticDir: STATIC_DIR,
            adminToken: TEST_ADMIN_TOKEN,
          });
          const serverPids = cluster.instances.map((instance) => instance.pid());
          if (serverPids.some((pid) => pid === null)) {
            await cluster.stop();
            throw new Error('an instance of the cluster has no process');
          }
          // 127.0.0.1, not localhost: the load generator must not try ::1 first on every connection.
          const loopback = (url: string): string => url.replace('//localhost:', '//127.0.0.1:');
          return {
            url: loopback(cluster.url),
            pairingUrls: cluster.instances.map((instance) => loopback(instance.url)),
            serverPids: serverPids as number[],
            stop: cluster.stop,
          };
        },
        false,
      );
      rows.push(
        {
          section,
          metric: 'instances and nginx started by',
          value: 'startCluster (scripts/cluster/start-cluster.ts), as npm run cluster',
          budget: '',
          ok: null,
        },
        ...loaded,
      );
    } finally {
      await database.drop();
    }
    return rows;
  } finally {
    await postgres.dispose();
  }
}
