/**
 * A heartbeat is also sent this long after the record's `nextCheckAt`, so a due check does not
 * wait up to a whole heartbeat interval (keeps the closure within frequency + 1 s with margin).
 */
export const DUE_CHECK_SLACK_MS = 25;

/**
 * One timer that calls `wake` just after the session check falls due. Each `schedule` replaces
 * the previous one; `now` is device epoch ms.
 */
export class DueCheckTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly wake: () => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Wakes at `nextCheckAt` + slack (at once when already past); null cancels. */
  schedule(nextCheckAt: number | null): void {
    this.cancel();
    if (nextCheckAt === null) return;
    this.timer = setTimeout(this.wake, Math.max(0, nextCheckAt - this.now()) + DUE_CHECK_SLACK_MS);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
