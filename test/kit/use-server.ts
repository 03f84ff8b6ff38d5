import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchServer, type LaunchedServer, type LaunchOptions } from './test-server.js';

/**
 * Registers the hooks of a file that shares one {@link launchServer} server: started with `options`
 * before its first test, closed (its data removed) after its last. `use` gets it, so the file keeps
 * a plain variable: `let server: LaunchedServer; useServer((s) => (server = s), { observe });`
 */
export function useServer(use: (server: LaunchedServer) => void, options: LaunchOptions = {}): void {
  let server: LaunchedServer | undefined;
  beforeAll(async () => {
    server = await launchServer(options);
    use(server);
  });
  afterAll(async () => {
    await server?.close();
  });
}

/**
 * Registers an afterEach that runs, last first, what the test deferred; returns `defer`, which a
 * test or its helpers call with each cleanup (close a server, drop a database, remove a folder) as
 * soon as the thing exists, so a failing test leaves nothing behind.
 */
export function useCleanups(): (cleanup: () => Promise<void> | void) => void {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => void cleanups.push(cleanup);
}
