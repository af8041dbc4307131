// Latency distributions, call by call: one verification and one 64-item batch, p50 / p99 / p99.9 / max over
// 10^5 runs (TALLY_LATENCY_RUNS overrides; --quick uses 10^3) — the seed's "deterministic performance" claim,
// shown or refuted. sodium-native's single verify is measured the same way beside Ed25519. Then start-up, in
// fresh processes (10; --quick 3): import to the first verdict, the first call alone, and later single calls on
// keys the process has not seen.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createVerifier, type Verifier } from '@tallyio/verifier';
import type { BenchOptions, CaseResult } from '../harness.js';
import { bip340Corpus, ed25519Corpus } from './verifier.js';

const require = createRequire(import.meta.url);
const sodium = require('sodium-native') as {
  crypto_sign_verify_detached(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean;
};

function distribution(group: string, impl: string, runs: number, fn: () => unknown): CaseResult {
  for (let i = 0; i < Math.min(1000, runs); i++) fn();
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times[i] = Number(process.hrtime.bigint() - t0);
  }
  times.sort();
  const at = (q: number) => times[Math.min(runs - 1, Math.floor(q * runs))] as number;
  return {
    group,
    impl,
    median: at(0.5),
    min: times[0] as number,
    max: times[runs - 1] as number,
    p25: at(0.25),
    p75: at(0.75),
    p99: at(0.99),
    p999: at(0.999),
    samples: runs,
    opsPerCall: 1,
  };
}

/** A CaseResult from a few samples (ns). */
function fromSamples(group: string, impl: string, ns: number[]): CaseResult {
  const xs = [...ns].sort((a, b) => a - b);
  const at = (q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;
  return {
    group,
    impl,
    median: at(0.5),
    min: xs[0] as number,
    max: xs[xs.length - 1] as number,
    p25: at(0.25),
    p75: at(0.75),
    samples: xs.length,
    opsPerCall: 1,
  };
}

const FIRST_CALL = fileURLToPath(new URL('first-call.js', import.meta.url));

/** Start-up in fresh processes, each given 64 items of distinct keys it has never seen. */
function coldProcesses(scheme: 'bip340' | 'ed25519', processes: number): CaseResult[] {
  const runs: { toFirstVerdict: number; firstCall: number; steady: number }[] = [];
  for (let p = 0; p < processes; p++) {
    const items = (scheme === 'bip340' ? bip340Corpus(64, 64) : ed25519Corpus(64, 64)).map((it) =>
      [it.signature, it.message, it.publicKey].map((b) => Buffer.from(b).toString('hex')),
    );
    const out = execFileSync(process.execPath, [FIRST_CALL, scheme, JSON.stringify(items)], { encoding: 'utf8' });
    runs.push(JSON.parse(out));
  }
  const ms = (x: number) => x * 1e6;
  return [
    fromSamples(
      `${scheme} fresh process: import to first verdict`,
      'tallyio',
      runs.map((r) => ms(r.toFirstVerdict)),
    ),
    fromSamples(
      `${scheme} fresh process: first verify call`,
      'tallyio',
      runs.map((r) => ms(r.firstCall)),
    ),
    fromSamples(
      `${scheme} fresh process: later verify calls, new keys`,
      'tallyio',
      runs.map((r) => ms(r.steady)),
    ),
  ];
}

export async function latencySuite(opts: BenchOptions): Promise<CaseResult[]> {
  const runs = Number(process.env.TALLY_LATENCY_RUNS ?? (opts.quick ? 1000 : 100_000));
  const cases: CaseResult[] = [];
  for (const scheme of ['bip340', 'ed25519'] as const) {
    const v: Verifier = await createVerifier({ scheme, maxBatch: 64 });
    const items = scheme === 'bip340' ? bip340Corpus(64, 64) : ed25519Corpus(64, 64);
    const codes = new Uint8Array(64);
    let i = 0;
    cases.push(
      distribution(`${scheme} single verify latency`, 'tallyio', runs, () => {
        const it = items[i++ & 63];
        return it && v.verify(it.signature, it.message, it.publicKey);
      }),
    );
    if (scheme === 'ed25519') {
      cases.push(
        distribution(`${scheme} single verify latency`, 'sodium-native', runs, () => {
          const it = items[i++ & 63];
          return it && sodium.crypto_sign_verify_detached(it.signature, it.message, it.publicKey);
        }),
      );
    }
    cases.push(distribution(`${scheme} 64-item batch latency`, 'tallyio', runs, () => v.verifyBatchInto(items, codes)));
    v.close();
    cases.push(...coldProcesses(scheme, opts.quick ? 3 : 10));
  }
  return cases;
}
