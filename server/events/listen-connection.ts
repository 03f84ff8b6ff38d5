import pg from 'pg';

/** `application_name` of the listen connection: operators find it in `pg_stat_activity`. */
export const LISTENER_APPLICATION_NAME = 'pos-shell change feed';

/**
 * A connection attempt that has not completed in 5 s fails (ms): an unreachable host would
 * otherwise hold the attempt for the kernel's SYN timeout (about 2 min) instead of backing off.
 */
export const LISTEN_CONNECT_TIMEOUT_MS = 5_000;

/**
 * The idle listen connection runs `SELECT 1` this often (ms). A connection cut without a word
 * (a NAT or firewall forgetting it, a host gone from the network) sends no error and no end: the
 * listener would wait forever for notifications that go elsewhere. Checking every 10 s costs one
 * trivial query per instance and finds such a cut within 15 s, well before a till's scheduled
 * check (60 s by default) would have noticed.
 */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/** The heartbeat's answer must come within this (ms), else the connection counts as lost. */
export const HEARTBEAT_TIMEOUT_MS = 5_000;

/** How long closing may take (ms) before it is left to finish in the background. */
const CLOSE_TIMEOUT_MS = 1_000;

/** What {@link openListenConnection} needs. */
export interface ListenConnectionOptions {
  url: string;
  /** The channel to LISTEN on: a plain identifier (it is written into the statement). */
  channel: string;
  /** Receives each notification's payload on `channel`, in the order PostgreSQL sends them. */
  onNotification: (payload: string) => void;
  /**
   * Called once when the open connection errors, ends or misses a heartbeat; never after
   * `close()`, never when opening fails (the promise rejects instead).
   */
  onLost: (reason: Error) => void;
  /** Heartbeat period and timeout (ms); the defaults above unless a test shortens them. */
  heartbeat?: { everyMs: number; timeoutMs: number };
}

/** An open LISTEN connection. */
export interface ListenConnection {
  /** Closes it (no `onLost` after); safe to call twice; never rejects. */
  close: () => Promise<void>;
}

/**
 * Opens one dedicated `pg.Client` (never a pooled one: LISTEN belongs to one server session) and
 * runs `LISTEN channel`. Resolves once listening; rejects with the connection's error, after
 * closing what it opened.
 */
export async function openListenConnection(options: ListenConnectionOptions): Promise<ListenConnection> {
  const { everyMs, timeoutMs } = options.heartbeat ?? {
    everyMs: HEARTBEAT_INTERVAL_MS,
    timeoutMs: HEARTBEAT_TIMEOUT_MS,
  };
  const client = new pg.Client({
    connectionString: options.url,
    application_name: LISTENER_APPLICATION_NAME,
    connectionTimeoutMillis: LISTEN_CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  let open = false;
  let closing: Promise<void> | null = null;
  // Set once connected; close() may run before that, when connecting fails.
  let heartbeat: NodeJS.Timeout | undefined = undefined;
  const close = (): Promise<void> => {
    clearInterval(heartbeat);
    // With a query in flight (a hung heartbeat) `end()` destroys the socket instead of waiting.
    closing ??= Promise.race([client.end().catch(() => undefined), delay(CLOSE_TIMEOUT_MS)]);
    return closing;
  };
  const lose = (reason: Error): void => {
    if (closing) return;
    void close();
    if (open) options.onLost(reason);
  };
  // Attached before connecting: an 'error' with no listener would crash the process.
  client.on('error', lose);
  client.on('end', () => lose(new Error('the connection ended')));
  client.on('notification', (message) => {
    if (message.channel === options.channel) options.onNotification(message.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${options.channel}`);
  } catch (error) {
    await close();
    throw error;
  }
  open = true;
  let beating = false;
  heartbeat = setInterval(() => {
    if (beating || closing) return;
    beating = true;
    withTimeout(client.query('SELECT 1'), timeoutMs, `no answer to a heartbeat within ${timeoutMs} ms`)
      .catch((error: unknown) => lose(error instanceof Error ? error : new Error(String(error))))
      .finally(() => (beating = false));
  }, everyMs);
  return { close };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)),
  );
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
