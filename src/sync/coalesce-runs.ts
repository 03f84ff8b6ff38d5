/**
 * Wraps `run` so that calls made while it runs fold into ONE more run after it: 20 tabs beating
 * at once cost the worker two runs, not twenty, and a call is never lost (what it asked for is
 * looked at again once the running one is over). Every call resolves (or rejects) with the run
 * that covers it.
 */
export function coalesceRuns(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const current: Promise<void> = run().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}
