/**
 * Wraps `run` so that calls made while it runs fold into ONE more run after it: 20 tabs beating
 * at once cost the worker two runs, not twenty, and a call is never lost (what it asked for is
 * looked at again once the running one is over). `run` receives when the earliest call it covers
 * was made (`now()`, ms), so a run that waited can tell what happened after it was asked for.
 * Every call resolves (or rejects) with the run that covers it.
 */
export function coalesceRuns(
  run: (askedAt: number) => Promise<void>,
  now: () => number = Date.now,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (askedAt: number): Promise<void> => {
    const current: Promise<void> = run(askedAt).finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start(now());
    if (!queued) {
      const askedAt = now();
      queued = running
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          queued = null;
          return start(askedAt);
        });
    }
    return queued;
  };
}
