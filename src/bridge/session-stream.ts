import { SESSION_EVENT, STREAM_LEADER_LOCK } from '../domain/api/names.js';
import type { Id } from '../domain/ids.js';
import { loadTillSchemas, type TillSchemas } from '../domain/load-till-schemas.js';
import { sameId } from '../domain/same-id.js';
import type { PageBridge } from './page-bridge.js';

/**
 * Wait before reopening a stream the browser gave up on (a 404 or a non-SSE answer closes an
 * EventSource for good; network drops are retried by the browser itself).
 */
export const STREAM_REOPEN_DELAY_MS = 15_000;

/** First wait before loading the till's schemas again after a failed load; doubled up to the reopen delay. */
const SCHEMAS_RETRY_MS = 1_000;

/**
 * URL of the push channel of session `id`, carrying the device token as `?access_token=`:
 * `EventSource` cannot send an `Authorization` header (docs/ACCESS.md).
 */
export function sessionEventsUrl(id: Id, token: string): string {
  return `/api/sessions/${encodeURIComponent(String(id))}/events?access_token=${encodeURIComponent(token)}`;
}

/**
 * Keeps a Server-Sent Events stream on the current session while the device is online, so a
 * closure reaches the till in under a second instead of at the next check. Only one tab per
 * device holds a stream (the holder of {@link STREAM_LEADER_LOCK}; when it closes or reloads, the
 * next tab takes over; without Web Locks every tab keeps its own). Each `session` event is handed
 * to the sync runner as `session-pushed` through the bridge (the worker stores and broadcasts
 * it; without a worker the bridge applies it in the page). Offline, the stream is closed and the
 * checks carry on alone (rule 6). No stream is opened without a device token ({@link authorize}).
 */
export class SessionStream {
  private source: EventSource | null = null;
  private sessionId: Id | null = null;
  private token: string | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private leading = false;
  private resign: AbortController | null = null;
  /** The pushed sessions not yet checked, in arrival order (see onSession). */
  private checks: Promise<void> = Promise.resolve();

  constructor(
    private readonly bridge: PageBridge,
    private readonly locks: LockManager | null = typeof navigator !== 'undefined' && 'locks' in navigator
      ? navigator.locks
      : null,
  ) {}

  /** Listens to `online`/`offline` and asks for the lead; idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    globalThis.addEventListener('online', this.onOnline);
    globalThis.addEventListener('offline', this.onOffline);
    this.seekLead();
  }

  /** Follows session `id` (null: none); reopens the stream when the id changes. */
  follow(id: Id | null): void {
    if (sameId(id, this.sessionId) && (this.source || id === null || !this.leading)) return;
    this.close();
    this.sessionId = id;
    this.open();
  }

  /**
   * Sets the device token the stream authenticates with (null: the tablet is not paired, no
   * stream); reopens the stream when it changes.
   */
  authorize(token: string | null): void {
    if (token === this.token) return;
    this.close();
    this.token = token;
    this.open();
  }

  /** Closes the stream, gives up the lead and stops listening. */
  stop(): void {
    this.started = false;
    this.leading = false;
    this.resign?.abort();
    this.resign = null;
    this.close();
    globalThis.removeEventListener('online', this.onOnline);
    globalThis.removeEventListener('offline', this.onOffline);
  }

  /** Queues for the leader lock and keeps it until `stop` (or the page goes away). */
  private seekLead(): void {
    if (!this.locks) {
      this.leading = true;
      this.open();
      return;
    }
    const resign = new AbortController();
    this.resign = resign;
    const held = new Promise<void>((resolve) => resign.signal.addEventListener('abort', () => resolve()));
    this.locks
      .request(STREAM_LEADER_LOCK, { signal: resign.signal }, () => {
        if (resign.signal.aborted) return undefined;
        this.leading = true;
        this.open();
        return held;
      })
      .catch(() => undefined); // aborted while queued: stop() was called
  }

  private open(): void {
    const id = this.sessionId;
    const token = this.token;
    if (
      !this.started ||
      !this.leading ||
      id === null ||
      token === null ||
      this.source ||
      typeof EventSource !== 'function' ||
      !navigator.onLine
    )
      return;
    const source = new EventSource(sessionEventsUrl(id, token));
    source.addEventListener(SESSION_EVENT, (event) => this.onSession(id, event));
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
    // Every pushed session is checked against PosSessionSchema before it is handed on. One that
    // arrives before the schemas are loaded waits for them, and later ones wait behind it, so an
    // older state never overtakes a newer one.
    this.checks = this.checks.then(async () => {
      const { PosSessionSchema } = await schemasWhenLoaded();
      const parsed = PosSessionSchema.safeParse(data);
      if (!parsed.success || !sameId(parsed.data.id, id)) return;
      void this.bridge.send({ type: 'session-pushed', session: parsed.data });
    });
  }

  private readonly onOnline = (): void => this.open();
  private readonly onOffline = (): void => this.close();
}

/**
 * The till's schemas, loaded again after a failed load (1 s, then doubling up to
 * STREAM_REOPEN_DELAY_MS) until they come: a pushed session waits for its check, never skips it.
 */
async function schemasWhenLoaded(): Promise<TillSchemas> {
  for (let wait = SCHEMAS_RETRY_MS; ; wait = Math.min(wait * 2, STREAM_REOPEN_DELAY_MS)) {
    try {
      return await loadTillSchemas();
    } catch (error) {
      console.error('pos-shell: loading the schemas failed; a pushed session waits for them', error);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
