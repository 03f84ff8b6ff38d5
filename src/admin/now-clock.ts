import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often (ms) ages on screen ("12 s ago") are worked out again: their smallest unit. */
export const AGE_TICK_MS = 1_000;

/**
 * The time now for an element that shows ages: `now` (epoch ms) moves on every
 * {@link AGE_TICK_MS} while the element is in the page, and the element renders again, so
 * "12 s ago" keeps counting between two reads of the server.
 */
export class NowClock implements ReactiveController {
  /** Epoch ms of the last tick. */
  now = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.now = Date.now();
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
    }, AGE_TICK_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
