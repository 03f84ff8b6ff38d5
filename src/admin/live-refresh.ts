/**
 * How often (ms) the back office reads sessions, orders and devices again while it is visible: a
 * manager watching a closing sees the tablets' reports (pending, held, last check) and the new
 * orders without pressing Refresh. A tenth of the default check interval (60 s), so a figure on
 * screen is never much older than what the tablets last told the server.
 */
export const LIVE_REFRESH_MS = 10_000;

/** The part of `document` the refresh needs (tests pass an EventTarget with a `hidden` flag). */
export type VisibilitySource = Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>;

/** What {@link LiveRefresh} needs. */
export interface LiveRefreshOptions {
  /** One re-read of everything shown; must not reject (the sections show their own errors). */
  run: () => Promise<void>;
  /** Gap between re-reads (ms); LIVE_REFRESH_MS when absent. */
  intervalMs?: number;
  visibility: VisibilitySource;
}

/**
 * Re-reads on a timer while the page is visible, and at once when it becomes visible again (a
 * manager coming back to the tab sees the present, not what was there when they left). A hidden
 * page costs the server nothing. Never runs two re-reads at once: a tick that finds one running
 * is skipped.
 */
export class LiveRefresh {
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading = false;
  /** Gap between re-reads (ms). */
  readonly intervalMs: number;

  constructor(private readonly options: LiveRefreshOptions) {
    this.intervalMs = options.intervalMs ?? LIVE_REFRESH_MS;
  }

  /** Starts the timer (again); idempotent. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.options.visibility.addEventListener('visibilitychange', this.onVisibility);
  }

  /** True between {@link start} and {@link stop}. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Stops the timer; a re-read under way finishes. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.options.visibility.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly onVisibility = (): void => {
    if (!this.options.visibility.hidden) void this.tick();
  };

  private async tick(): Promise<void> {
    if (this.reading || this.options.visibility.hidden) return;
    this.reading = true;
    try {
      await this.options.run();
    } finally {
      this.reading = false;
    }
  }
}
