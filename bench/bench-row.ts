/** One line of the benchmark table: what was measured, the figure, the budget, and the verdict. */
export interface BenchRow {
  /** Section, e.g. "session checks". */
  section: string;
  /** What was measured, e.g. "checks per interval, 20 tabs". */
  metric: string;
  /** The measured figure with its unit, e.g. "1.0" or "412 ms". */
  value: string;
  /** The budget in words, e.g. "≤ 1.0" or "< 1 s"; "" when there is none. */
  budget: string;
  /** Whether the figure meets the budget; null when there is no budget. */
  ok: boolean | null;
}

/** A benchmark file: `bench/<name>.bench.ts` exporting `title` and `run`. */
export interface BenchModule {
  title: string;
  run: () => Promise<BenchRow[]>;
}

/** p-th percentile (0–100) of `values` by nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The row of a bench that could not run here (PostgreSQL or nginx missing), with the reason. */
export function skipped(section: string, reason: string): BenchRow {
  process.stderr.write(`bench: ${section} skipped: ${reason}\n`);
  return { section, metric: 'skipped', value: reason, budget: '', ok: null };
}
