import { realScheduler, type Scheduler } from './scheduler.js';

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
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly wake: () => void,
    private readonly now: () => number = () => Date.now(),
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  /** Wakes at `nextCheckAt` + slack (at once when already past); null cancels. */
  schedule(nextCheckAt: number | null): void {
    this.cancel();
    if (nextCheckAt === null) return;
    this.cancelTimer = this.scheduler.after(
      Math.max(0, nextCheckAt - this.now()) + DUE_CHECK_SLACK_MS,
      this.wake,
    );
  }

  cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }
}
