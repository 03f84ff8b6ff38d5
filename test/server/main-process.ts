import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * `npm run serve` as a shop meets it: the real entry point (server/main.ts) in its own process,
 * configured by environment variables, read from its standard output and error.
 */

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
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = read()
      .split('\n')
      .map((line) => pattern.exec(line))
      .find((m) => m !== null);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no line matching ${String(pattern)} in: ${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port nothing listens on (taken, then given back). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
