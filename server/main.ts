import { startServer } from './start-server.js';

/** Port when `PORT` is unset. */
const DEFAULT_PORT = 8080;
/** Loopback by default: exposing the till to the network is a deliberate `HOST=0.0.0.0`. */
const DEFAULT_HOST = '127.0.0.1';

/**
 * Entry point (`tsx server/main.ts`): reads PORT, HOST, POS_DATA_DIR (./data) and POS_STATIC_DIR
 * (./dist), starts the server, prints one line with the till's URL, and closes cleanly on
 * SIGINT/SIGTERM. Exits 1 when it cannot start.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT ${process.env.PORT} is not a port number`);
  const server = await startServer({
    port,
    host: process.env.HOST ?? DEFAULT_HOST,
    dataDir: process.env.POS_DATA_DIR ?? './data',
    staticDir: process.env.POS_STATIC_DIR ?? './dist',
    logger: { level: 'warn' },
  });
  console.log(`pos-shell: till at ${server.url}/`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('pos-shell: error while closing', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('pos-shell: cannot start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
