// The HTTP service under load on loopback: `tally serve` in its own process (2 worker threads, then 1),
// autocannon posting 16 nostr events per request — the cli suite's first 8192 events, each body in turn — at several
// concurrency levels; p50 / p99 latency, throughput, and the CPU shares of the service and the load generator.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { BenchOptions, CaseResult } from '../harness.js';
import { corpus } from './cli.js';

const require = createRequire(import.meta.url);
interface Histogram {
  p50: number;
  p99: number;
  min: number;
  max: number;
  p25?: number;
  p75?: number;
}
interface AutocannonResult {
  latency: Histogram;
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const CLI = join(dirname(require.resolve('@tallyio/tally/package.json')), 'dist', 'cli.js');

/** The service's CPU seconds (user + system), from /proc (Linux). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export async function serviceSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const perRequest = 16;
  // The events of the cli suite (100 000 from 1000 keys; --quick: 2000), 16 per body, each body sent in turn.
  const lines = readFileSync(corpus(opts.quick ? 2_000 : 100_000), 'utf8')
    .trimEnd()
    .split('\n');
  // 512 bodies (8192 events) in turn: autocannon builds every request of the list for each connection up front.
  const bodies = Array.from({ length: Math.min(512, Math.floor(lines.length / perRequest)) }, (_, k) =>
    lines.slice(k * perRequest, (k + 1) * perRequest).join('\n'),
  );
  const cases: CaseResult[] = [];
  for (const threads of opts.quick ? [2] : [2, 1]) {
    const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--threads', String(threads)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      server.stderr.on('data', (d: Buffer) => {
        const m = /listening on (\S+)/.exec(d.toString());
        if (m) resolve(m[1] as string);
      });
      server.once('exit', () => reject(new Error('tally serve exited')));
    });
    try {
      for (const connections of opts.quick ? [1, 16] : threads === 2 ? [1, 4, 16, 64] : [64]) {
        const gen0 = process.cpuUsage();
        const svc0 = cpuOf(server.pid as number);
        const t0 = performance.now();
        const r = await autocannon({
          url: `${url}/verify`,
          connections,
          duration: opts.quick ? 2 : 10,
          requests: bodies.map((body) => ({ method: 'POST', path: '/verify', body })),
        });
        const wall = (performance.now() - t0) / 1000;
        const gen = process.cpuUsage(gen0);
        const genCpu = (gen.user + gen.system) / 1e6;
        const svcCpu = cpuOf(server.pid as number) - svc0;
        if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
          throw new Error(`service answered ${r.non2xx} non-2xx, ${r.errors} errors`);
        const itemsPerSecond = Math.round(r.requests.average * perRequest);
        const ms = 1e6;
        cases.push({
          group: `POST /verify, ${perRequest} nostr events per request, ${connections} connection${connections > 1 ? 's' : ''}, ${threads} worker thread${threads > 1 ? 's' : ''}: ${itemsPerSecond} items/s`,
          impl: 'tallyio serve',
          median: r.latency.p50 * ms,
          min: r.latency.min * ms,
          max: r.latency.max * ms,
          p25: (r.latency.p25 ?? r.latency.p50) * ms,
          p75: (r.latency.p75 ?? r.latency.p50) * ms,
          p99: r.latency.p99 * ms,
          p999: r.latency.p99 * ms,
          samples: r.requests.total,
          opsPerCall: 1,
          extra: {
            itemsPerSecond,
            threads,
            connections,
            // Shares of the machine's CPU time over the run (both processes share its cores).
            generatorCpuShare: Number((genCpu / wall / availableParallelism()).toFixed(3)),
            serviceCpuShare: Number((svcCpu / wall / availableParallelism()).toFixed(3)),
          },
        });
        console.error(`service: ${JSON.stringify(cases[cases.length - 1]?.extra)}`);
      }
    } finally {
      server.kill();
    }
  }
  return cases;
}
