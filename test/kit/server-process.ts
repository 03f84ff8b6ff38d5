import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { freePort } from '../../scripts/cluster/free-port.js';
import { serverInstance } from '../../scripts/cluster/server-instance.js';
import { TEST_ADMIN_TOKEN } from './admin-token.js';
import { makeTempDir } from './temp-dir.js';
import { STATIC_DIR } from './test-server.js';
import { waitFor } from './wait-for.js';

/**
 * The server as a shop runs it: the real entry point (server/main.ts) in a process of its own,
 * configured by environment variables. {@link runMain} for tests that read what it writes and
 * how it exits; {@link startServerProcess} for benches that measure it as `npm run cluster` runs it.
 */

export { freePort };

/** tsx compiles the server at start: on this 2-core machine that takes a few seconds. */
export const START_TIMEOUT_MS = 30_000;

/** A server/main.ts process: what it wrote so far, and its exit code once it exits. */
export interface Running {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

const started: Running[] = [];

/** Starts server/main.ts on 127.0.0.1, a free port, with `env` (and PATH) as its only environment. */
export function runMain(env: Record<string, string>): Running {
  // tsx's loader inside node, not the tsx command: the command relays SIGTERM to its child and, when
  // the child has not said it got it within 30 ms (a busy machine), kills it with SIGKILL, so the
  // drain under test would be cut.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const run = { child, out: () => out, err: () => err, exited };
  started.push(run);
  return run;
}

/** Kills (SIGKILL) every process {@link runMain} started that still runs: call it after each test. */
export function killStarted(): void {
  for (const run of started.splice(0))
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
}

/** Waits until `read()` has a line matching `pattern`; returns its match. */
export async function waitForLine(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 5_000,
): Promise<RegExpMatchArray> {
  return waitFor(
    () => `a line matching ${String(pattern)} in: ${read()}`,
    () =>
      read()
        .split('\n')
        .map((line) => pattern.exec(line))
        .find((m) => m !== null),
    timeoutMs,
    50,
  );
}

/** A server started as its own process (`server/main.ts`), as `npm run cluster` starts each instance. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** The Node process serving (its RSS and CPU are the server's, not the bench's). */
  pid: number;
  /** SIGTERM (the server drains), SIGKILL after 15 s; removes its data folder. */
  stop: () => Promise<void>;
}

/**
 * Starts one server process with the cluster's own launcher (scripts/cluster/server-instance.ts)
 * on a free port of 127.0.0.1, serving dist/ with {@link TEST_ADMIN_TOKEN} and TRUST_PROXY=1 (a
 * bench pairs hundreds of tablets, each from an address of its own given in X-Forwarded-For,
 * under the pairing rate limit): on SQLite in a temp folder, or on `databaseUrl`. Its request
 * lines are dropped. Resolves once `/api/health` answers; throws with its last lines when it does not.
 */
export async function startServerProcess(
  options: { databaseUrl?: string; number?: number } = {},
): Promise<ServerProcess> {
  const dataDir = makeTempDir('pos-bench-server-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    POS_DATA_DIR: dataDir,
    POS_STATIC_DIR: STATIC_DIR,
    POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    TRUST_PROXY: '1',
  };
  delete env.DATABASE_LISTEN_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const port = await freePort();
  const instance = serverInstance({ number: options.number ?? 1, port, env, log: () => undefined });
  const stop = async (): Promise<void> => {
    await instance.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await instance.start();
    const pid = instance.pid();
    if (pid === null) throw new Error('the server process has no pid');
    return { url: `http://127.0.0.1:${port}`, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
