import { createServer } from 'node:net';

/** Loopback: the cluster's instances and its proxy listen there only. */
export const LOOPBACK = '127.0.0.1';

/**
 * A TCP port free on 127.0.0.1 right now (the system picks it). Another program may take it
 * before it is used: callers start on it soon after and report a failure to bind.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Rejects with `Port N on 127.0.0.1 is taken …` when nothing can listen on `port`; resolves when it can. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${LOOPBACK} is taken by another program: set PORT to a free one.`
            : `Cannot listen on ${LOOPBACK}:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, LOOPBACK, () => server.close(() => resolve()));
  });
}
