import { readFileSync } from 'node:fs';

/** What one process (with its children) used while sampled. */
export interface ProcessUsage {
  pid: number;
  /** Highest resident memory seen, the process and its children summed (MB, 2^20 bytes). */
  peakRssMb: number;
  /** Resident memory at the last sample (MB). */
  lastRssMb: number;
  /** CPU time over the wall time sampled, the process and its children (% of one core). */
  cpuPercent: number;
  /**
   * Time its main thread (the event loop) was ready to run but waited for a core, over the wall
   * time sampled (%, from /proc/<pid>/schedstat): what a machine shared with other work costs
   * each request, whatever the server does.
   */
  runQueuePercent: number;
}

/** Linux clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux build). */
const CLOCK_TICKS_PER_S = 100;

/**
 * Samples the resident memory (VmRSS) of each of `pids` and of their children (tsx's esbuild
 * helper is a child of the server: what the machine must hold for one instance is both), every
 * `intervalMs`, from /proc. `stop()` takes a last sample and returns the peak, the last value and
 * the CPU used since the start. A process gone meanwhile keeps what was seen of it.
 */
export function sampleProcesses(pids: readonly number[], intervalMs = 250): { stop: () => ProcessUsage[] } {
  const startedAt = performance.now();
  const startCpu = new Map(pids.map((pid) => [pid, treeCpuTicks(pid)]));
  const startWait = new Map(pids.map((pid) => [pid, runQueueNs(pid)]));
  const peak = new Map(pids.map((pid) => [pid, 0]));
  const last = new Map(pids.map((pid) => [pid, 0]));
  const sample = (): void => {
    for (const pid of pids) {
      const rss = treeRssKb(pid);
      if (rss === 0) continue;
      last.set(pid, rss);
      peak.set(pid, Math.max(peak.get(pid) ?? 0, rss));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - startedAt) / 1000;
      return pids.map((pid) => ({
        pid,
        peakRssMb: (peak.get(pid) ?? 0) / 1024,
        lastRssMb: (last.get(pid) ?? 0) / 1024,
        cpuPercent: ((treeCpuTicks(pid) - (startCpu.get(pid) ?? 0)) / CLOCK_TICKS_PER_S / seconds) * 100,
        runQueuePercent: ((runQueueNs(pid) - (startWait.get(pid) ?? 0)) / 1e9 / seconds) * 100,
      }));
    },
  };
}

/** Resident memory of `pid` and its descendants (kB); 0 when it is gone. */
function treeRssKb(pid: number): number {
  const own = /VmRSS:\s+(\d+) kB/.exec(readProc(`/proc/${pid}/status`))?.[1];
  return Number(own ?? 0) + childrenOf(pid).reduce((sum, child) => sum + treeRssKb(child), 0);
}

/** User + system CPU ticks of `pid` and its live descendants. */
function treeCpuTicks(pid: number): number {
  // Fields after the command (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = readProc(`/proc/${pid}/stat`)
    .replace(/^.*\) /s, '')
    .split(' ');
  const own = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return own + childrenOf(pid).reduce((sum, child) => sum + treeCpuTicks(child), 0);
}

/** Nanoseconds the main thread of `pid` has spent waiting on a run queue (schedstat's 2nd field); 0 when unknown. */
function runQueueNs(pid: number): number {
  return Number(readProc(`/proc/${pid}/schedstat`).split(' ')[1] ?? 0) || 0;
}

function childrenOf(pid: number): number[] {
  return readProc(`/proc/${pid}/task/${pid}/children`).split(' ').filter(Boolean).map(Number);
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** CPU time (ms) a process tree used, by kind of process: what {@link cpuByKind} returns. */
export type CpuByKind = Map<string, number>;

/**
 * CPU time (ms, user + system) used so far by `pid`'s live descendants, summed by kind: a
 * Chromium process is named by its `--type` (and utility sub-type: `network`, `storage`), the
 * browser process `browser`; anything else by its command name. Take one before and one after a
 * run and subtract ({@link cpuSpent}).
 */
export function cpuByKind(pid: number): CpuByKind {
  const kinds: CpuByKind = new Map();
  const visit = (parent: number): void => {
    for (const child of childrenOf(parent)) {
      const fields = readProc(`/proc/${child}/stat`)
        .replace(/^.*\) /s, '')
        .split(' ');
      const ms = ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / CLOCK_TICKS_PER_S) * 1000;
      const kind = processKind(child);
      kinds.set(kind, (kinds.get(kind) ?? 0) + ms);
      visit(child);
    }
  };
  visit(pid);
  return kinds;
}

/** What each kind used between two {@link cpuByKind} readings (ms); kinds that used none are left out. */
export function cpuSpent(before: CpuByKind, after: CpuByKind): CpuByKind {
  const spent: CpuByKind = new Map();
  for (const [kind, ms] of after) {
    const used = ms - (before.get(kind) ?? 0);
    if (used > 0) spent.set(kind, used);
  }
  return spent;
}

function processKind(pid: number): string {
  // Chromium rewrites its command line into one string (its process title): split on spaces too.
  const args = readProc(`/proc/${pid}/cmdline`).split(/[\0 ]/);
  const comm = readProc(`/proc/${pid}/comm`).trim();
  if (!/chrom/i.test(comm) && !args[0]?.includes('chrom')) return comm || 'other';
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (!type) return 'browser';
  const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice('--utility-sub-type='.length);
  if (sub?.includes('network')) return 'network';
  if (sub?.includes('storage')) return 'storage';
  return type;
}
