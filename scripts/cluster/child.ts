import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How many of a child's last output lines are kept, to explain a failed start. */
const KEPT_LINES = 20;

/** What {@link spawnChild} needs. */
export interface ChildOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Receives each line the child writes, on standard output or error. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A child process of the cluster. */
export interface Child {
  pid: number;
  /** Resolves when it has exited: its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>;
  running: () => boolean;
  /** Its last output lines, for an error message. */
  lastLines: () => string;
  /**
   * Sends `signal` and waits for the exit; after `timeoutMs` sends SIGKILL and waits again.
   * Resolves at once when it has already exited.
   */
  stop: (signal: NodeJS.Signals, timeoutMs: number) => Promise<void>;
}

/**
 * Starts a program in a process group of its own (`detached`): a Ctrl+C in the terminal reaches
 * the cluster's command only, which then stops its children in order (proxy first, then the
 * instances, then the database), instead of every process at once. Throws when it cannot start.
 */
export function spawnChild(options: ChildOptions): Child {
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const keep = (stream: 'stdout' | 'stderr') => (line: string) => {
    lines.push(line);
    if (lines.length > KEPT_LINES) lines.shift();
    options.onLine(line, stream);
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', keep('stdout'));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep('stderr'));
  let exitedWith: number | NodeJS.Signals | null = null;
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve((exitedWith = code ?? signal ?? 'SIGKILL')));
    child.once('error', (error) => {
      lines.push(error.message);
      resolve((exitedWith = 1));
    });
  });
  const running = (): boolean => exitedWith === null;
  const stop = async (signal: NodeJS.Signals, timeoutMs: number): Promise<void> => {
    if (!running()) return;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([exited, late]).finally(() => clearTimeout(timer));
    if (outcome === 'late') {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return { pid: child.pid ?? -1, exited, running, lastLines: () => lines.join('\n'), stop };
}

/** Resolves with `value` after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
