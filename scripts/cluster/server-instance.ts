import { fileURLToPath } from 'node:url';
import { delay, spawnChild, type Child } from './child.js';
import { LOOPBACK } from './free-port.js';

/** The repository's root: instances run `server/main.ts` from there, as `npm run serve` does. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How long an instance may take to answer its health check after it was started (ms): tsx
 * compiles the server first, several seconds on a busy 2-core machine, then the instance migrates.
 */
const START_TIMEOUT_MS = 60_000;
/** Between two health checks while an instance starts (ms). */
const HEALTH_POLL_MS = 100;
/**
 * How long a SIGTERM'd instance may drain (finish its requests, end its event streams, close its
 * pool) before it is killed (ms).
 */
const STOP_TIMEOUT_MS = 15_000;

/** What {@link serverInstance} needs. */
export interface ServerInstanceOptions {
  /** 1-based, for its log lines (`[1] GET /api/health 200 0.4 ms`). */
  number: number;
  /** Its own port on 127.0.0.1, the same across stop() and start(): the proxy names it. */
  port: number;
  /** Its whole environment (DATABASE_URL, POS_DATA_DIR, TRUST_PROXY…). PORT and HOST are set here. */
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/** One server instance: a process running `server/main.ts`. */
export interface ServerInstance {
  /** `http://localhost:PORT`, its own address (not the proxy's). */
  url: string;
  /** Starts it (no-op when running); resolves once `/api/health` answers 200, rejects with its last lines when it exits or takes too long. */
  start: () => Promise<void>;
  /** SIGTERM (it drains), SIGKILL after 15 s; no-op when stopped. */
  stop: () => Promise<void>;
  /** Its process id while running (tests look for leftovers), else null. */
  pid: () => number | null;
}

/**
 * A server instance of the cluster. It runs in its own process with `node --import tsx` (not the
 * tsx command, which would put a second process in between that relays signals). Its start
 * banner (its own till URL, its admin token line) is not passed on: the cluster prints the
 * proxy's instead; everything after, one line per request and its warnings, goes to `log`
 * prefixed with `[number]`.
 */
export function serverInstance(options: ServerInstanceOptions): ServerInstance {
  const url = `http://localhost:${options.port}`;
  let child: Child | null = null;
  let starting: Promise<void> | null = null;

  const launch = async (): Promise<void> => {
    let started = false;
    const current = spawnChild({
      command: process.execPath,
      args: ['--import', 'tsx', 'server/main.ts'],
      cwd: REPO_ROOT,
      env: { ...options.env, PORT: String(options.port), HOST: LOOPBACK },
      onLine: (line, stream) => {
        if (started || stream === 'stderr' || !line.startsWith('pos-shell: '))
          options.log(`[${options.number}] ${line}`);
      },
    });
    child = current;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await healthy(options.port))) {
      if (!current.running() || Date.now() > deadline) {
        await current.stop('SIGKILL', STOP_TIMEOUT_MS);
        child = null;
        const why =
          Date.now() > deadline
            ? `did not answer on port ${options.port} within ${START_TIMEOUT_MS / 1000} s`
            : 'exited';
        throw new Error(`Server instance ${options.number} ${why}:\n${current.lastLines()}`);
      }
      await delay(HEALTH_POLL_MS);
    }
    started = true;
  };

  return {
    url,
    start: () => {
      if (child?.running()) return starting ?? Promise.resolve();
      starting = launch().finally(() => (starting = null));
      return starting;
    },
    stop: async () => {
      // A start under way sees its process gone and rejects.
      const current = child;
      child = null;
      await current?.stop('SIGTERM', STOP_TIMEOUT_MS);
    },
    pid: () => (child?.running() ? child.pid : null),
  };
}

/** True when the instance on `port` answers `GET /api/health` with 200. */
async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${LOOPBACK}:${port}/api/health`, {
      signal: AbortSignal.timeout(2_000),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
