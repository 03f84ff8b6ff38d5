import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './bench-row.js';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those whose name contains an argument:
 * `npm run bench -- flush`) against the real server and headless Chromium, then prints one
 * Markdown table. Exits 0 whatever the figures: budgets are reported, not asserted (tests are
 * not timed; see README).
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const dir = join(process.cwd(), 'bench');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
    process.stderr.write(`bench: ${mod.title}…\n`);
    const started = Date.now();
    try {
      rows.push(...(await mod.run()));
    } catch (error) {
      rows.push({
        section: mod.title,
        metric: 'run',
        value: `failed: ${String(error)}`,
        budget: '',
        ok: false,
      });
    }
    process.stderr.write(`bench: ${mod.title} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  console.log(formatTable(rows));
}

/** The rows as a Markdown table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = ['| section | metric | value | budget | ok |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    lines.push(
      `| ${r.section} | ${r.metric} | ${r.value} | ${r.budget} | ${r.ok === null ? '' : r.ok ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

await main();
