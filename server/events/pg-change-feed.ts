import type { Executor } from '../db/database.js';
import type { ChangeFeed, ChangeFeedState, ChangeHandlers } from './change-feed.js';
import { errorText } from '../error-text.js';
import { CHANGE_CHANNEL, notifyChange, parseChange } from './change-notification.js';
import { openListenConnection, type ListenConnection } from './listen-connection.js';
import { reconnectDelayMs } from './reconnect-backoff.js';

export type { ChangeFeedState };

/** While reconnecting, one log line at most this often (ms) says it is still trying. */
export const STILL_DOWN_LOG_INTERVAL_MS = 30_000;

/** What {@link createPgChangeFeed} needs. */
export interface PgChangeFeedOptions {
  /** URL of the LISTEN connection: DATABASE_LISTEN_URL when set (the main one goes through a transaction pooler), else DATABASE_URL. */
  listenUrl: string;
  /** Receives one line per event an operator should see (lost, still down, back, a bad payload). Lines name host, port and database, never credentials. */
  log: (line: string) => void;
  /** Called on every change of {@link PgChangeFeed.state} (health, logs). Must not throw. */
  onState?: (state: ChangeFeedState) => void;
  /** Heartbeat of the idle connection (ms); listen-connection.ts's defaults unless a test shortens them. */
  heartbeat?: { everyMs: number; timeoutMs: number };
}

/** The PostgreSQL {@link ChangeFeed}, with the listener's state for health and logs. */
export interface PgChangeFeed extends ChangeFeed {
  state(): ChangeFeedState;
  /** True while notifications from other instances arrive (state `listening`). */
  listening(): boolean;
}

/**
 * The change feed of an instance on PostgreSQL: `sessionChanged`/`configChanged` send `pg_notify`
 * in the caller's transaction; `start` opens one dedicated LISTEN connection to `listenUrl` and
 * rejects (naming host and port) when that first connection fails. When the connection is lost
 * later it reconnects forever with backoff (reconnect-backoff.ts) and calls `handlers.resync()`
 * after each reconnect, since the notifications sent meanwhile are lost.
 */
export function createPgChangeFeed(options: PgChangeFeedOptions): PgChangeFeed {
  return new PgFeed(options);
}

class PgFeed implements PgChangeFeed {
  private current: ChangeFeedState = 'idle';
  private handlers: ChangeHandlers | null = null;
  private connection: ListenConnection | null = null;
  /** The connection being opened, so `stop()` can close it when it arrives. */
  private opening: Promise<ListenConnection> | null = null;
  private wake: (() => void) | null = null;
  private stopping: Promise<void> | null = null;
  private readonly where: string;

  constructor(private readonly options: PgChangeFeedOptions) {
    this.where = describeUrl(options.listenUrl);
  }

  sessionChanged(trx: Executor, sessionId: number): Promise<void> {
    return notifyChange(trx, { kind: 'session', id: sessionId });
  }

  configChanged(trx: Executor, configId: number): Promise<void> {
    return notifyChange(trx, { kind: 'config', id: configId });
  }

  state(): ChangeFeedState {
    return this.current;
  }

  listening(): boolean {
    return this.current === 'listening';
  }

  /** Resolves once listening. Rejects when the first connection fails (state back to `idle`) or when already started. */
  async start(handlers: ChangeHandlers): Promise<void> {
    if (this.current !== 'idle') throw new Error(`The change feed is already ${this.current}`);
    this.handlers = handlers;
    this.setState('connecting');
    let connection: ListenConnection;
    try {
      connection = await this.open();
    } catch (error) {
      if (this.state() === 'connecting') this.setState('idle');
      throw new Error(`The change feed cannot LISTEN on ${this.where}: ${errorText(error)}`, {
        cause: error,
      });
    }
    this.attach(connection);
  }

  /** No reconnect after it; closes the connection (and one being opened). Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.setState('stopped');
    this.wake?.();
    const connections = [this.connection, await this.opening?.catch(() => null)].filter((c) => c != null);
    this.connection = null;
    await Promise.all(connections.map((c) => c.close()));
  }

  private async open(): Promise<ListenConnection> {
    this.opening = openListenConnection({
      url: this.options.listenUrl,
      channel: CHANGE_CHANNEL,
      onNotification: (payload) => this.deliver(payload),
      onLost: (reason) => this.lost(reason),
      ...(this.options.heartbeat ? { heartbeat: this.options.heartbeat } : {}),
    });
    try {
      return await this.opening;
    } finally {
      this.opening = null;
    }
  }

  /** Keeps a fresh connection, unless stop() came while it was being opened. */
  private attach(connection: ListenConnection): boolean {
    if (this.current === 'stopped') {
      void connection.close();
      return false;
    }
    this.connection = connection;
    this.setState('listening');
    return true;
  }

  private lost(reason: Error): void {
    if (this.current !== 'listening') return;
    this.connection = null;
    this.setState('reconnecting');
    this.options.log(
      `change feed: lost the LISTEN connection to ${this.where} (${errorText(reason)}); reconnecting`,
    );
    void this.reconnect(Date.now());
  }

  private async reconnect(downSince: number): Promise<void> {
    let loggedAt = downSince;
    for (let attempt = 0; ; attempt += 1) {
      await this.sleep(reconnectDelayMs(attempt));
      if (this.current === 'stopped') return;
      try {
        if (!this.attach(await this.open())) return;
      } catch (error) {
        if (this.state() === 'stopped') return;
        if (attempt === 0 || Date.now() - loggedAt >= STILL_DOWN_LOG_INTERVAL_MS) {
          loggedAt = Date.now();
          this.options.log(
            `change feed: still reconnecting to ${this.where} after ${seconds(downSince)} (${attempts(attempt + 1)}): ${errorText(error)}`,
          );
        }
        continue;
      }
      this.options.log(
        `change feed: listening again on ${this.where} after ${seconds(downSince)} (${attempts(attempt + 1)}); re-reading followed sessions`,
      );
      this.call((handlers) => handlers.resync());
      return;
    }
  }

  /** Waits `ms`, or less when stop() wakes it. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private deliver(payload: string): void {
    const change = parseChange(payload);
    if (!change) {
      this.options.log(
        `change feed: ignored a notification on ${CHANGE_CHANNEL} that is not a change: ${JSON.stringify(payload.slice(0, 100))}`,
      );
      return;
    }
    this.call((handlers) =>
      change.kind === 'session' ? handlers.session(change.id) : handlers.config(change.id),
    );
  }

  /** Runs a handler; one that throws despite its contract is logged, and the listener goes on. */
  private call(run: (handlers: ChangeHandlers) => void): void {
    if (!this.handlers || this.current === 'stopped') return;
    try {
      run(this.handlers);
    } catch (error) {
      this.options.log(`change feed: a change handler threw: ${errorText(error)}`);
    }
  }

  private setState(state: ChangeFeedState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onState?.(state);
  }
}

/** `host:port/database` of a PostgreSQL URL: what logs may say (never the user or password). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the listen URL (unparsable)';
  }
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1_000).toFixed(1)} s`;
}
