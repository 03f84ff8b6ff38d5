import { sameId, type Id } from '../domain/ids.js';
import { PosSessionSchema } from '../domain/pos-session.js';
import type { PageBridge } from './page-bridge.js';

/**
 * Wait before reopening a stream the browser gave up on (a 404 or a non-SSE answer closes an
 * EventSource for good; network drops are retried by the browser itself).
 */
export const STREAM_REOPEN_DELAY_MS = 15_000;

/** URL of the push channel of session `id`. */
export function sessionEventsUrl(id: Id): string {
  return `/api/sessions/${encodeURIComponent(String(id))}/events`;
}

/**
 * Keeps a Server-Sent Events stream on the current session while the device is online, so a
 * closure reaches the till in under a second instead of at the next check. Each `session` event
 * is handed to the sync runner as `session-pushed` through the bridge (the worker stores and
 * broadcasts it; without a worker the bridge applies it in the page). Offline, the stream is
 * closed and the checks carry on alone (rule 6).
 */
export class SessionStream {
  private source: EventSource | null = null;
  private sessionId: Id | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  constructor(private readonly bridge: PageBridge) {}

  /** Listens to `online`/`offline`; idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    globalThis.addEventListener('online', this.onOnline);
    globalThis.addEventListener('offline', this.onOffline);
    this.open();
  }

  /** Follows session `id` (null: none); reopens the stream when the id changes. */
  follow(id: Id | null): void {
    if (sameId(id, this.sessionId) && (this.source || id === null)) return;
    this.close();
    this.sessionId = id;
    this.open();
  }

  /** Closes the stream and stops listening. */
  stop(): void {
    this.started = false;
    this.close();
    globalThis.removeEventListener('online', this.onOnline);
    globalThis.removeEventListener('offline', this.onOffline);
  }

  private open(): void {
    const id = this.sessionId;
    if (!this.started || id === null || this.source || typeof EventSource !== 'function' || !navigator.onLine) return;
    const source = new EventSource(sessionEventsUrl(id));
    source.addEventListener('session', (event) => this.onSession(id, event));
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED || this.source !== source) return;
      this.source = null;
      clearTimeout(this.reopenTimer);
      this.reopenTimer = setTimeout(() => this.open(), STREAM_REOPEN_DELAY_MS);
    });
    this.source = source;
  }

  private close(): void {
    clearTimeout(this.reopenTimer);
    this.source?.close();
    this.source = null;
  }

  private onSession(id: Id, event: MessageEvent): void {
    let data: unknown;
    try {
      data = JSON.parse(String(event.data));
    } catch {
      return;
    }
    const parsed = PosSessionSchema.safeParse(data);
    if (!parsed.success || !sameId(parsed.data.id, id)) return;
    void this.bridge.send({ type: 'session-pushed', session: parsed.data });
  }

  private readonly onOnline = (): void => this.open();
  private readonly onOffline = (): void => this.close();
}
