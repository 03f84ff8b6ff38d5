import { connect } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { delay, spawnChild } from './child.js';
import { LOOPBACK } from './free-port.js';

/** How long nginx may take to listen (ms). */
const START_TIMEOUT_MS = 10_000;
/** Between two connection attempts while nginx starts (ms). */
const POLL_MS = 50;
/** How long nginx may take to stop after SIGTERM (ms) before it is killed. */
const STOP_TIMEOUT_MS = 5_000;

/** A running nginx of the cluster. */
export interface NginxProcess {
  /** Its master's process id. */
  pid: number;
  /** SIGTERM (nginx's fast shutdown: open connections, event streams included, are closed), SIGKILL after 5 s. */
  stop: () => Promise<void>;
}

/**
 * Writes `config` to `dir/nginx.conf` and runs `binary` on it in the foreground, with `dir` as
 * its prefix and errors on standard error (`-e stderr`: Debian's nginx would otherwise open
 * /var/log/nginx/error.log before reading the file). Resolves once `port` accepts connections;
 * rejects with nginx's own words when it exits first (a port taken, a bad line).
 */
export async function startNginx(options: {
  binary: string;
  dir: string;
  config: string;
  port: number;
  log: (line: string) => void;
}): Promise<NginxProcess> {
  const file = join(options.dir, 'nginx.conf');
  writeFileSync(file, options.config);
  const child = spawnChild({
    command: options.binary,
    args: ['-p', `${options.dir}/`, '-c', file, '-e', 'stderr'],
    onLine: (line) => options.log(`[nginx] ${line}`),
  });
  const stop = (): Promise<void> => child.stop('SIGTERM', STOP_TIMEOUT_MS);
  const deadline = Date.now() + START_TIMEOUT_MS;
  // nginx writes its pid file once its listening socket is open: a port that accepts before that
  // belongs to another program.
  const ready = async (): Promise<boolean> =>
    child.running() && existsSync(join(options.dir, 'nginx.pid')) && (await accepts(options.port));
  while (!(await ready())) {
    if (!child.running() || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start on ${LOOPBACK}:${options.port}:\n${child.lastLines()}`);
    }
    await delay(POLL_MS);
  }
  return { pid: child.pid, stop };
}

/** True when something accepts a TCP connection on 127.0.0.1:`port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, LOOPBACK);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
