import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LARGEST_BODY_BYTES } from '../../server/body-limits.js';
import { ADMIN_TOKEN_PREFIX, newToken } from '../../server/auth/tokens.js';
import { parseDatabaseUrl } from '../../server/db/connect.js';
import { assertPortFree, freePort } from './free-port.js';
import { nginxConfig } from './nginx-config.js';
import { startNginx } from './nginx-process.js';
import { findNginx, MissingPrerequisiteError, missingPrerequisites } from './prerequisites.js';
import { REPO_ROOT, serverInstance, type ServerInstance } from './server-instance.js';
import { startThrowawayPostgres } from './throwaway-postgres.js';

/** Instances when `instances` is not given: the smallest number that survives losing one. */
export const DEFAULT_INSTANCES = 2;
/** The proxy's port when `port` is not given (`npm start`'s too). */
export const DEFAULT_PORT = 8080;
/** The database the throwaway PostgreSQL is made with. */
const THROWAWAY_DATABASE = 'pos';
/** Environment variables an instance must not inherit: the cluster sets them, or they do not fit behind its plain-HTTP proxy. */
const NOT_INHERITED = [
  'PORT',
  'HOST',
  'TLS_CERT',
  'TLS_KEY',
  'DATABASE_URL',
  'DATABASE_LISTEN_URL',
  'POS_DATA_DIR',
  'POS_STATIC_DIR',
  'POS_ADMIN_TOKEN',
  'TRUST_PROXY',
];

/** What {@link startCluster} takes; every field is optional. */
export interface ClusterOptions {
  /** How many server instances (default 2). */
  instances?: number;
  /** The proxy's port on 127.0.0.1 (default 8080; 0 picks a free one). */
  port?: number;
  /** PostgreSQL to share (`postgres://…`); without it a throwaway one is started and removed by stop(). */
  databaseUrl?: string;
  /** Where the instances LISTEN when `databaseUrl` goes through a transaction pooler (DATABASE_LISTEN_URL). */
  databaseListenUrl?: string;
  /** The built till (default `dist` in the repository): build it first (`npm run build`); without it `/` answers 503. */
  staticDir?: string;
  /** The manager's token for every instance (at least 24 printable ASCII characters); default a new one for this run. */
  adminToken?: string;
  /** Receives every line of the instances (`[1] GET /api/health 200 0.4 ms`) and of nginx (`[nginx] …`); default nowhere. */
  log?: (line: string) => void;
}

/** One instance of a running cluster. */
export interface ClusterInstance {
  /** Its own address, `http://localhost:PORT`, bypassing the proxy. */
  url: string;
  /** SIGTERM: it drains and exits; the proxy sends new requests to the others. */
  stop: () => Promise<void>;
  /** Starts it again on the same port; resolves once it answers. */
  start: () => Promise<void>;
  /** Its process id while running (the benchmark samples its memory), else null. */
  pid: () => number | null;
}

/** A running cluster. */
export interface Cluster {
  /** The one address (the proxy's), `http://localhost:PORT`. */
  url: string;
  databaseUrl: string;
  /** True when the cluster started the database itself (removed by stop()). */
  throwawayDatabase: boolean;
  adminToken: string;
  /** Where a token made for this run is kept (mode 0600, removed by stop()); null when `adminToken` was given. */
  adminTokenFile: string | null;
  instances: ClusterInstance[];
  /** Stops the proxy, then the instances (they drain), then a throwaway database; removes the temp folder. Safe to call twice. */
  stop: () => Promise<void>;
}

/**
 * Starts several server instances behind one address on this machine, as docs/SCALE.md
 * describes: a throwaway PostgreSQL when `databaseUrl` is not given (scripts/pg-throwaway.sh),
 * `instances` processes running `server/main.ts` on ports of their own on 127.0.0.1 (the same
 * database and admin token, TRUST_PROXY=1, a data folder each in the cluster's temp folder), and
 * nginx in front on `port` (nginx-config.ts: least_conn, event stream unbuffered). Resolves once
 * every part answers. Throws {@link MissingPrerequisiteError} when nginx, or PostgreSQL for a
 * throwaway database, is not installed; an Error when an option is wrong, the port is taken or a
 * part does not start (what was started is stopped and removed first).
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.instances ?? DEFAULT_INSTANCES;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`A cluster has at least 1 instance, a whole number: not ${count}.`);
  const requestedPort = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65_535)
    throw new Error(`${requestedPort} is not a port number.`);
  if (options.databaseUrl) parseDatabaseUrl(options.databaseUrl);
  const missing = missingPrerequisites(!options.databaseUrl);
  const nginxBinary = findNginx();
  if (missing.length > 0 || !nginxBinary) throw new MissingPrerequisiteError(missing);
  const port = requestedPort === 0 ? await freePort() : requestedPort;
  await assertPortFree(port);
  const log = options.log ?? (() => undefined);

  const dir = mkdtempSync(join(tmpdir(), 'pos-cluster-'));
  // Started as root, nginx runs its worker as `nobody`, which writes large request bodies into
  // dir/nginx-body: it must be able to pass through the folder (not list it).
  chmodSync(dir, 0o711);
  const parts = new Parts(dir);
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const postgres = await startThrowawayPostgres(THROWAWAY_DATABASE);
      parts.add(postgres.stop, () => execFileSync(PG_THROWAWAY, ['stop', postgres.dir]));
      databaseUrl = postgres.url;
    }
    const adminToken = options.adminToken ?? newToken(ADMIN_TOKEN_PREFIX);
    const adminTokenFile = options.adminToken ? null : join(dir, 'admin-token');
    if (adminTokenFile) writeFileSync(adminTokenFile, `${adminToken}\n`, { mode: 0o600 });

    const env = inheritedEnv();
    const instances: ServerInstance[] = [];
    for (let number = 1; number <= count; number += 1) {
      const instance = serverInstance({
        number,
        port: await freePort(),
        env: {
          ...env,
          DATABASE_URL: databaseUrl,
          ...(options.databaseListenUrl ? { DATABASE_LISTEN_URL: options.databaseListenUrl } : {}),
          POS_DATA_DIR: join(dir, `instance-${number}`),
          POS_STATIC_DIR: resolve(options.staticDir ?? join(REPO_ROOT, 'dist')),
          POS_ADMIN_TOKEN: adminToken,
          TRUST_PROXY: '1',
        },
        log,
      });
      instances.push(instance);
    }
    parts.add(
      async () => void (await Promise.all(instances.map((instance) => instance.stop()))),
      () => instances.forEach((instance) => signal(instance.pid())),
    );
    // Started together, as a deployment would: the migrations' lock makes one of them create the schema.
    await Promise.all(instances.map((instance) => instance.start()));

    const upstreams = instances.map((instance) => Number(new URL(instance.url).port));
    const nginx = await startNginx({
      binary: nginxBinary,
      dir,
      port,
      log,
      config: nginxConfig({ dir, port, upstreams, maxBodyBytes: LARGEST_BODY_BYTES }),
    });
    parts.add(nginx.stop, () => signal(nginx.pid));

    return {
      url: `http://localhost:${port}`,
      databaseUrl,
      throwawayDatabase: !options.databaseUrl,
      adminToken,
      adminTokenFile,
      instances: instances.map(({ url, start, stop, pid }) => ({ url, start, stop, pid })),
      stop: () => parts.stopAll(),
    };
  } catch (error) {
    await parts.stopAll();
    throw error;
  }
}

/** scripts/pg-throwaway.sh, for the synchronous stop at exit. */
const PG_THROWAWAY = fileURLToPath(new URL('../pg-throwaway.sh', import.meta.url));

/** The environment of this process without what the cluster sets itself. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  return env;
}

/** SIGTERM to `pid` when it is a live process; never throws. */
function signal(pid: number | null): void {
  if (pid === null || pid <= 0) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/**
 * The started parts of a cluster, stopped in the reverse order of their start (proxy, instances,
 * database), then its folder removed. If this process exits without stop() (an uncaught error,
 * a test runner ending), a synchronous last resort at exit signals what is left, so no nginx,
 * instance or PostgreSQL outlives it.
 */
class Parts {
  private readonly stops: (() => Promise<void>)[] = [];
  private readonly atExit: (() => void)[] = [];
  private stopping: Promise<void> | undefined;
  private readonly exitHandler = (): void => {
    for (const last of [...this.atExit].reverse()) {
      try {
        last();
      } catch {
        // a last resort: what it cannot stop, it leaves
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  };

  constructor(private readonly dir: string) {
    process.on('exit', this.exitHandler);
  }

  /** A started part: `stop` for stop(), `stopNow` (synchronous) for an exit without stop(). */
  add(stop: () => Promise<void>, stopNow: () => void): void {
    this.stops.push(stop);
    this.atExit.push(stopNow);
  }

  /** Stops every part in reverse order, then removes the folder. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const stop of [...this.stops].reverse()) await stop().catch(() => undefined);
      rmSync(this.dir, { recursive: true, force: true });
      process.off('exit', this.exitHandler);
    })();
    return this.stopping;
  }
}
