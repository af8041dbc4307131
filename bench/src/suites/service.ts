// The HTTP service under load on loopback: `tally serve` in its own process, autocannon posting 16 nostr
// events per request at several concurrency levels; p50 / p99 latency and throughput.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { BenchOptions, CaseResult } from '../harness.js';

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
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function events(n: number): string {
  const sk = schnorr.utils.randomSecretKey();
  const pubkey = hex(schnorr.getPublicKey(sk));
  return Array.from({ length: n }, (_, i) => {
    const e = { pubkey, created_at: 1_700_000_000 + i, kind: 1, tags: [], content: `bench ${i}` };
    const id = sha256(new TextEncoder().encode(JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content])));
    return JSON.stringify({ id: hex(id), ...e, sig: hex(schnorr.sign(id, sk)) });
  }).join('\n');
}

export async function serviceSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const perRequest = 16;
  const body = events(perRequest);
  const server = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    server.stderr.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m) resolve(m[1] as string);
    });
    server.once('exit', () => reject(new Error('tally serve exited')));
  });
  const cases: CaseResult[] = [];
  try {
    for (const connections of opts.quick ? [1, 16] : [1, 4, 16, 64]) {
      const r = await autocannon({
        url: `${url}/verify`,
        method: 'POST',
        body,
        connections,
        duration: opts.quick ? 2 : 10,
      });
      if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
        throw new Error(`service answered ${r.non2xx} non-2xx, ${r.errors} errors`);
      const ms = 1e6;
      cases.push({
        group: `POST /verify, ${perRequest} nostr events per request, ${connections} connection${connections > 1 ? 's' : ''}: ${Math.round(r.requests.average * perRequest)} items/s`,
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
      });
    }
  } finally {
    server.kill();
  }
  return cases;
}
