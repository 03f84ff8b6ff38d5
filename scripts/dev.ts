/**
 * `npm run dev`: the till from Vite's dev server (reloads on every change under src/) with the API
 * server behind it (`tsx watch server/main.ts`, restarted on every change it imports). Vite answers
 * on PORT (5173) and proxies `/api` to the API server on POS_DEV_API_PORT (8081); other variables
 * (POS_DATA_DIR, DATABASE_URL, POS_ADMIN_TOKEN…) reach the API server as with `npm run serve`. No
 * service worker in dev (Vite does not build `/sw.js`): the till syncs from the page, as it does
 * where a browser has no worker; `npm start` runs the real build. Ctrl+C or SIGTERM stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const port = process.env.PORT || '5173';
const apiPort = process.env.POS_DEV_API_PORT || '8081';
const bin = (name: string): string => join(process.cwd(), 'node_modules', '.bin', name);
const say = (line: string): void => console.log(`pos-shell dev: ${line}`);

const children: ChildProcess[] = [];
let stopping = false;

/** Starts `command` with `env` added, its output on ours; the other child is stopped when it ends. */
function start(command: string, args: string[], env: Record<string, string>): void {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`${command.split('/').pop()} ended (${signal ?? `exit ${code}`}); stopping the other`);
    stop(1);
  });
  children.push(child);
}

/** Sends SIGTERM to both children, waits until both ended, then exits with `code`. */
function stop(code: number): void {
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (running.length === 0) process.exit(code);
  let left = running.length;
  for (const child of running) {
    child.once('exit', () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
    child.kill('SIGTERM');
  }
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start(bin('tsx'), ['watch', '--clear-screen=false', 'server/main.ts'], { PORT: apiPort, HOST: '127.0.0.1' });
start(bin('vite'), ['--port', port, '--strictPort'], { POS_DEV_API: `http://127.0.0.1:${apiPort}` });
say(
  `till at http://localhost:${port}/ (back office at /admin.html), API server on port ${apiPort}; Ctrl+C stops both`,
);
