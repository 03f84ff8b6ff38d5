/**
 * Polls `probe` until it returns a truthy value or `timeoutMs` passes (bounded poll, never a fixed
 * sleep), and returns that value. Throws on timeout, saying `what` (a function is read then, to
 * show the state at that moment) and the last value.
 */
export async function waitFor<T>(
  what: string | (() => string),
  probe: () => Promise<T> | T,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) {
      const said = typeof what === 'string' ? what : what();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${said}; last: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
