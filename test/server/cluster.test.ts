import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../kit/use-server.js';
import { missingPrerequisites } from '../../scripts/cluster/prerequisites.js';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.js';
import { call, SEED_CONFIG_ID, TEST_ENGINE } from './fixtures.js';
import { sessionEvents } from '../kit/session-events.js';
import { waitFor } from '../kit/wait-for.js';

/** A close made on one instance must reach a till streaming through the proxy within this (the issue's budget). */
const FAN_OUT_BUDGET_MS = 1_000;
/** Starting the cluster: PostgreSQL (about 1.5 s), two instances compiled by tsx on a busy 2-core machine, nginx. */
const TEST_TIMEOUT_MS = 120_000;

/**
 * Why this file does not run: it runs once, in the `server` project (it starts a PostgreSQL of
 * its own, whatever engine the suite tests), and only where Debian's nginx and PostgreSQL are
 * installed.
 */
function skipReason(): string | null {
  if (TEST_ENGINE !== 'sqlite') return 'runs once, in the server project';
  const missing = missingPrerequisites(true);
  return missing.length > 0
    ? `${missing.join(' and ')} not installed: apt-get install -y nginx postgresql`
    : null;
}
const skipped = skipReason();

/** A process as /proc shows it. */
interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

/** Every process on the machine (Linux /proc); one that ends while being read is left out. */
function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last `)`.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      found.push({ pid: Number(entry), ppid, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** `root` and every process below it. */
function tree(root: number, all: Proc[]): Proc[] {
  const below = (pid: number): Proc[] =>
    all.filter((p) => p.ppid === pid).flatMap((p) => [p, ...below(p.pid)]);
  return below(root);
}

/** The PostgreSQL server listening on `port` and its processes, with its data folder. */
function postgresOn(port: string, all: Proc[]): { processes: Proc[]; dataDir: string } {
  const postmaster = all.find(
    (p) => / -D \S+/.test(p.cmdline) && p.cmdline.includes(` -p ${port} `) && p.cmdline.includes('postgres'),
  );
  if (!postmaster) throw new Error(`no PostgreSQL on port ${port}`);
  return {
    processes: [postmaster, ...tree(postmaster.pid, all)],
    dataDir: / -D (\S+)/.exec(postmaster.cmdline)?.[1] ?? '',
  };
}

/** True while `pid` runs (a zombie waiting for its parent to read its exit counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const defer = useCleanups();

describe.skipIf(skipped !== null)(`npm run cluster${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it(
    'a close made on instance 1 reaches event streams opened through nginx on both instances in under 1 s, unbuffered; pairing links name the proxy; compressed answers pass through; stop() leaves no process and no folder',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const lines: string[] = [];
      const cluster: Cluster = await startCluster({ port: 0, log: (line) => lines.push(line) });
      defer(() => cluster.stop());
      const admin = { token: cluster.adminToken };
      expect(cluster.throwawayDatabase).toBe(true);
      expect(cluster.instances).toHaveLength(2);

      // Two streams at once: least_conn gives the second to the instance without one.
      const streams = await Promise.all(
        [1, 2].map(async () => {
          const abort = new AbortController();
          defer(async () => abort.abort());
          const response = await fetch(`${cluster.url}/api/sessions/1/events`, {
            headers: { authorization: `Bearer ${cluster.adminToken}` },
            signal: abort.signal,
          });
          expect(response.status).toBe(200);
          expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
          return { events: sessionEvents(response), abort };
        }),
      );
      for (const { events } of streams) expect((await events.next(FAN_OUT_BUDGET_MS)).state).toBe('opened');

      const closingAt = Date.now();
      const [first] = cluster.instances;
      if (!first) throw new Error('no instance');
      expect(
        (await call(first.url, 'PATCH', '/api/sessions/1', { state: 'closing_control' }, undefined, admin))
          .status,
      ).toBe(200);
      for (const { events } of streams)
        expect((await events.next(FAN_OUT_BUDGET_MS)).state).toBe('closing_control');
      expect(Date.now() - closingAt).toBeLessThan(FAN_OUT_BUDGET_MS);

      // Each instance logs an event stream when it ends: one on each proves both were served.
      for (const { abort } of streams) abort.abort();
      for (const number of [1, 2])
        await waitFor(`instance ${number}'s stream line`, () =>
          lines.some((line) => line.startsWith(`[${number}] GET /api/sessions/1/events 200 `)),
        );

      // Behind the proxy (TRUST_PROXY=1, Host with its port): links name the address tablets opened.
      const pairing = await call(
        cluster.url,
        'POST',
        `/api/configs/${SEED_CONFIG_ID}/pairing-codes`,
        {},
        undefined,
        admin,
      );
      expect(pairing.status).toBe(201);
      expect(pairing.body.pairUrl).toBe(`${cluster.url}/?pair=${pairing.body.code}`);

      // nginx passes an instance's encoding through as it is: compressed, with its Vary, decoded whole.
      const document = await fetch(`${cluster.url}/api/openapi.json`, {
        headers: { 'accept-encoding': 'br' },
      });
      expect(document.headers.get('content-encoding')).toBe('br');
      expect(document.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.0');

      const all = processes();
      const ours = tree(process.pid, all);
      const nginx = ours.filter((p) => p.cmdline.startsWith('nginx: '));
      const instances = ours.filter((p) => p.cmdline.includes('server/main.ts'));
      expect(nginx.map((p) => p.cmdline.split(' ')[1])).toEqual(['master', 'worker']);
      expect(instances).toHaveLength(2);
      const clusterDir = /-p (\S+)\//.exec(nginx[0]?.cmdline ?? '')?.[1] ?? '';
      const postgres = postgresOn(new URL(cluster.databaseUrl).port, all);
      expect(existsSync(clusterDir) && existsSync(postgres.dataDir)).toBe(true);

      await cluster.stop();
      // PostgreSQL's last process may take a few ms more to go after pg_ctl has returned.
      const left = () => [...nginx, ...instances, ...postgres.processes].filter((p) => alive(p.pid));
      await waitFor('every process to end', () => left().length === 0, 5_000, 50).catch(() => undefined);
      expect(left().map((p) => p.cmdline)).toEqual([]);
      expect(existsSync(clusterDir)).toBe(false);
      expect(existsSync(postgres.dataDir)).toBe(false);
    },
  );
});
