import { parseArgs } from 'node:util';
import { printSoakReport, runSoak, type SoakOptions } from '../test/soak/run-soak.js';
import { benchPostgres, type BenchPostgres } from './kit/bench-postgres.js';

/**
 * `npm run soak`: the chaos soak of the whole till (test/soak/run-soak.ts says what it does and
 * checks), printed as a table. Exit code 0 when nothing was lost or doubled, 1 with the list of
 * violations, 2 when the soak could not run. `npm run test:soak` runs a short one with a fixed
 * seed as a test (test/soak/soak.test.ts).
 *
 * Options: `--orders N` (300), `--seed N` (random, printed), `--engine sqlite|pg` (pg uses
 * DATABASE_URL or TEST_DATABASE_URL, else a throwaway cluster), `--browser shell|full` (shell),
 * `--every-kind-first` (one fault of each kind first, as the short run in the tests does),
 * `--think-ms N` (a cashier's pause between sales, on average; 0), `--fault-gap-ms MIN-MAX` (2000-5000).
 */

type CommandLine = Omit<SoakOptions, 'postgres'> & { engine: 'sqlite' | 'pg' };

/** Reads the command line; throws with the usage on a bad option. */
function readOptions(): CommandLine {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '300' },
      seed: { type: 'string' },
      engine: { type: 'string', default: 'sqlite' },
      browser: { type: 'string', default: 'shell' },
      'every-kind-first': { type: 'boolean', default: false },
      'think-ms': { type: 'string', default: '0' },
      'fault-gap-ms': { type: 'string', default: '2000-5000' },
    },
  });
  const orders = Number(values.orders);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(orders) || orders < 1) throw new Error('--orders takes a positive integer');
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed takes a non-negative integer');
  if (values.engine !== 'sqlite' && values.engine !== 'pg') throw new Error('--engine is sqlite or pg');
  if (values.browser !== 'shell' && values.browser !== 'full') throw new Error('--browser is shell or full');
  const thinkMs = Number(values['think-ms']);
  if (!Number.isFinite(thinkMs) || thinkMs < 0) throw new Error('--think-ms takes a number of ms, 0 or more');
  const gap = /^(\d+)-(\d+)$/.exec(values['fault-gap-ms']);
  const faultGapMs = gap ? ([Number(gap[1]), Number(gap[2])] as const) : null;
  if (!faultGapMs || faultGapMs[0] > faultGapMs[1])
    throw new Error('--fault-gap-ms takes MIN-MAX in ms, e.g. 2000-5000');
  return {
    orders,
    seed,
    engine: values.engine,
    browser: values.browser,
    everyKindFirst: values['every-kind-first'],
    thinkMs,
    faultGapMs,
  };
}

/** Runs the soak; resolves with the process's exit code. */
async function main(): Promise<number> {
  const { engine, ...options } = readOptions();
  console.log(
    `soak: seed ${options.seed} (replay: npm run soak -- --seed ${options.seed} --orders ${options.orders} --engine ${engine} --browser ${options.browser}${options.everyKindFirst ? ' --every-kind-first' : ''} --think-ms ${options.thinkMs} --fault-gap-ms ${options.faultGapMs?.join('-')})`,
  );
  let postgres: BenchPostgres | null = null;
  let drop: (() => Promise<void>) | null = null;
  try {
    let database: SoakOptions['postgres'] = null;
    if (engine === 'pg') {
      postgres = await benchPostgres();
      const made = await postgres.newDatabase('pos_soak');
      drop = made.drop;
      database = { url: made.url, source: postgres.source };
    }
    const report = await runSoak({ ...options, postgres: database, exitOnInterrupt: true });
    printSoakReport(report);
    return report.violations.length > 0 ? 1 : 0;
  } finally {
    await drop?.().catch(() => undefined);
    await postgres?.dispose().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
