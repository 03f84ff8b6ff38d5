/**
 * `npm run cluster`: several server instances behind one address on this machine, for a try-out
 * (docs/SCALE.md). Reads PORT (the proxy's, 8080), DATABASE_URL (unset: a throwaway PostgreSQL,
 * removed at the end), DATABASE_LISTEN_URL, POS_STATIC_DIR (./dist), POS_ADMIN_TOKEN (unset: one
 * made for this run) and CLUSTER_INSTANCES (2). Prints the proxy's URL, the back office's and
 * where the admin token is, then the instances' request lines prefixed `[1]`, `[2]`. Ctrl+C or
 * SIGTERM stops everything and removes its temp folder. Exits 1 with a message when it cannot
 * start (nginx or PostgreSQL not installed: the line that installs them).
 */
import { resolve } from 'node:path';
import { describeUrl } from '../server/events/pg-change-feed.js';
import { DEFAULT_INSTANCES, DEFAULT_PORT, startCluster, type Cluster } from './cluster/start-cluster.js';

const say = (line: string): void => console.log(`pos-shell cluster: ${line}`);

/** A whole number from the environment variable `name`, or `fallback` when it is unset. */
function numberFrom(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new Error(`${name} ${JSON.stringify(text)} is not a whole number.`);
  return value;
}

let cluster: Cluster | null = null;
let stopRequested = false;

async function stop(): Promise<void> {
  if (stopRequested) return;
  stopRequested = true;
  if (!cluster) return; // still starting: stopped once it has started
  say('stopping: the proxy, then the instances (they drain), then the throwaway database…');
  await cluster.stop();
  say('stopped; its temp folder is removed');
  process.exit(0);
}

// Before anything starts: without a handler, Ctrl+C would end this process and leave the others.
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

async function main(): Promise<void> {
  const started = await startCluster({
    instances: numberFrom('CLUSTER_INSTANCES', DEFAULT_INSTANCES),
    port: numberFrom('PORT', DEFAULT_PORT),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    ...(process.env.DATABASE_LISTEN_URL ? { databaseListenUrl: process.env.DATABASE_LISTEN_URL } : {}),
    staticDir: resolve(process.env.POS_STATIC_DIR || 'dist'),
    ...(process.env.POS_ADMIN_TOKEN ? { adminToken: process.env.POS_ADMIN_TOKEN } : {}),
    log: (line) => console.log(line),
  });
  cluster = started;
  if (stopRequested) {
    stopRequested = false;
    return stop();
  }
  const ports = started.instances.map((instance) => new URL(instance.url).port);
  const database = describeUrl(started.databaseUrl);
  say(
    started.throwawayDatabase
      ? `data in a throwaway PostgreSQL, ${database} (removed when the cluster stops)`
      : `data in PostgreSQL ${database}`,
  );
  say(
    `${ports.length} instances on 127.0.0.1 ports ${ports.join(', ')} (TRUST_PROXY=1), behind nginx (least_conn); their request lines follow, prefixed [1], [2]…`,
  );
  say(`till at ${started.url}/ (pair each tablet with a code from the back office)`);
  if (started.adminTokenFile) {
    say(`back office at ${started.url}/admin#token=${started.adminToken}`);
    say(
      `admin token made for this run, kept in ${started.adminTokenFile} (removed when the cluster stops; set POS_ADMIN_TOKEN to choose one)`,
    );
  } else {
    say(`back office at ${started.url}/admin (admin token in POS_ADMIN_TOKEN)`);
  }
  say('stop it with Ctrl+C (or SIGTERM)');
}

main().catch((error: unknown) => {
  console.error(`pos-shell cluster: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
