/**
 * `load` run at the first call and its promise shared by every later call; a rejected load (a
 * chunk the network lost) is forgotten, so the next call tries again, and its caller sees the
 * rejection. The page's parts loaded at first use (schemas, refunds, cash moves) go through it.
 */
export function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}
