import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN_TOKEN_FILE } from './auth/admin-token.js';
import { backupScheduleFromEnv } from './backup/schedule.js';
import { dataDirOf } from './db/connect.js';
import { parsePublicUrl } from './public-url.js';
import { startServer } from './start-server.js';

/** Port when `PORT` is unset. */
const DEFAULT_PORT = 8080;
/** Loopback by default: exposing the till to the network is a deliberate `HOST=0.0.0.0`. */
const DEFAULT_HOST = '127.0.0.1';

/** PEM certificate and key from TLS_CERT / TLS_KEY (file paths), or undefined when neither is set. */
function readTls(): { cert: Buffer; key: Buffer } | undefined {
  const { TLS_CERT: cert, TLS_KEY: key } = process.env;
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new Error('Set both TLS_CERT and TLS_KEY (PEM file paths), or neither.');
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

/**
 * Entry point (`tsx server/main.ts`): reads PORT, HOST, POS_DATA_DIR (./data), DATABASE_URL
 * (PostgreSQL; unset: SQLite in POS_DATA_DIR), DATABASE_LISTEN_URL (where the change feed
 * listens, when the main URL goes through a transaction pooler), POS_STATIC_DIR (./dist), POS_ADMIN_TOKEN,
 * POS_PUBLIC_URL (the address tablets open), TLS_CERT/TLS_KEY, TRUST_PROXY (1 behind a reverse
 * proxy) and POS_BACKUP_EVERY_H / POS_BACKUP_KEEP / POS_BACKUP_DIR (scheduled backups, SQLite
 * only: server/backup/schedule.ts), starts the server, prints where its data lives, the
 * till's and the back office's URLs (and, on the start that generated it, the admin token, once),
 * then one line per request on standard output (request-log.ts). On SIGINT/SIGTERM drains
 * (start-server.ts: stops accepting, ends event streams, finishes requests in flight, stops the
 * change feed, closes the database) and exits 0. Exits 1 with a message when it cannot start (a
 * bad setting, a port taken, a database that cannot be reached).
 */
async function main(): Promise<void> {
  const dataDir = dataDirOf(process.env);
  // Checked before anything starts: a bad address must not reach a pairing link.
  const publicUrl = process.env.POS_PUBLIC_URL ? parsePublicUrl(process.env.POS_PUBLIC_URL) : undefined;
  const https = readTls();
  const backup = backupScheduleFromEnv(process.env, dataDir);
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT ${process.env.PORT} is not a port number`);
  const server = await startServer({
    port,
    host: process.env.HOST ?? DEFAULT_HOST,
    dataDir,
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    ...(process.env.DATABASE_LISTEN_URL ? { databaseListenUrl: process.env.DATABASE_LISTEN_URL } : {}),
    staticDir: process.env.POS_STATIC_DIR ?? './dist',
    logger: { level: 'warn' },
    ...(process.env.POS_ADMIN_TOKEN ? { adminToken: process.env.POS_ADMIN_TOKEN } : {}),
    ...(https ? { https } : {}),
    ...(process.env.TRUST_PROXY === '1' ? { trustProxy: true } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(backup ? { backup } : {}),
    requestLog: (line) => process.stdout.write(`${line}\n`),
  });
  console.log(`pos-shell: data in ${server.database.where}`);
  console.log(
    'pos-shell: logs go to standard output, one line per request (method, path without its query, status, time)',
  );
  console.log('pos-shell: stop it with Ctrl+C (or SIGTERM); orders are safe in the database');
  console.log(`pos-shell: till at ${server.url}/ (pair each tablet with a code from the back office)`);
  if (publicUrl) console.log(`pos-shell: pairing links use ${publicUrl}/ (POS_PUBLIC_URL)`);
  if (backup) {
    console.log(
      `pos-shell: a backup every ${backup.everyHours} h into ${backup.dir}, the newest ${backup.keep} kept (POS_BACKUP_EVERY_H)`,
    );
  }
  const adminUrl = `${server.url}/admin`;
  if (server.admin.generated && server.admin.token) {
    // Printed this once; afterwards it is only in the file or the database (hashed), and in the manager's browser.
    console.log(`pos-shell: back office at ${adminUrl}#token=${server.admin.token}`);
    if (server.admin.source === 'database') {
      console.log(
        'pos-shell: admin token generated; only its hash is kept in the database, so it is not shown again (set POS_ADMIN_TOKEN to choose one).',
      );
    } else {
      console.log(
        `pos-shell: admin token generated and kept in ${resolve(dataDir, ADMIN_TOKEN_FILE)}; it is not shown again.`,
      );
    }
  } else if (server.admin.source === 'database') {
    console.log(
      `pos-shell: back office at ${adminUrl} (admin token: the one printed at the first start, kept hashed in the database; POS_ADMIN_TOKEN replaces it)`,
    );
  } else {
    const where = server.admin.source === 'env' ? 'POS_ADMIN_TOKEN' : resolve(dataDir, ADMIN_TOKEN_FILE);
    console.log(`pos-shell: back office at ${adminUrl} (admin token in ${where})`);
  }
  const stop = (signal: NodeJS.Signals): void => {
    console.log(
      `pos-shell: ${signal}: draining (no new connections, event streams ended so tills reconnect elsewhere, requests in flight finish)`,
    );
    const startedAt = Date.now();
    server.close().then(
      () => {
        console.log(`pos-shell: stopped after ${Date.now() - startedAt} ms`);
        process.exit(0);
      },
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
