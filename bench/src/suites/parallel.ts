// Multi-core throughput: signatures per second with 1 and 2 worker threads, work handed out in batches of 1024
// (a stream of 4096 items; ours on RingQueues over a SharedArrayBuffer, piscina passing the items by
// postMessage), and the dispatch overhead of small batches (1, 16, 64 items) against the single-threaded call.
import { type BatchItem, createVerifier } from '@tallyio/verifier';
import { createParallelVerifier } from '@tallyio/verifier/parallel';
import { Piscina } from 'piscina';
import { type BenchOptions, type CaseResult, measureCase } from '../harness.js';
import { bip340Corpus, ed25519Corpus } from './verifier.js';

const BATCH = 1024;
const STREAM = 4 * BATCH;

export async function parallelSuite(opts: BenchOptions): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  for (const scheme of ['bip340', 'ed25519'] as const) {
    const items: BatchItem[] = scheme === 'bip340' ? bip340Corpus(STREAM, STREAM) : ed25519Corpus(STREAM, STREAM);
    const single = await createVerifier({ scheme, maxBatch: BATCH });
    const codes = new Uint8Array(STREAM);
    const group = `${scheme} throughput, batches of ${BATCH} (per signature)`;
    cases.push(
      await measureCase(group, 'tallyio same thread', () => single.verifyBatchInto(items, codes), STREAM, opts),
    );
    const chunks = Array.from({ length: STREAM / BATCH }, (_, k) => items.slice(k * BATCH, (k + 1) * BATCH));
    for (const threads of [1, 2]) {
      const label = `${threads} thread${threads > 1 ? 's' : ''}`;
      const pool = await createParallelVerifier({ scheme, threads, chunk: BATCH });
      await pool.verifyBatch(items);
      cases.push(await measureCase(group, `tallyio pool ${label}`, () => pool.verifyBatch(items), STREAM, opts));
      if (threads === 2) {
        for (const n of [1, 16, 64]) {
          const small = items.slice(0, n);
          const g = `${scheme} dispatch of ${n} item${n > 1 ? 's' : ''} (per call)`;
          cases.push(await measureCase(g, 'tallyio pool 2 threads', () => pool.verifyBatch(small), 1, opts));
          cases.push(await measureCase(g, 'single-threaded call', () => single.verifyBatchInto(small, codes), 1, opts));
        }
      }
      await pool.close();
      const piscina = new Piscina({
        filename: new URL('./piscina-worker.js', import.meta.url).href,
        minThreads: threads,
        maxThreads: threads,
      });
      const run = () => Promise.all(chunks.map((c) => piscina.run({ scheme, items: c })));
      await run();
      cases.push(await measureCase(group, `piscina ${label}`, run, STREAM, opts));
      await piscina.destroy();
    }
    single.close();
  }
  cases.push(await consecutiveRuns(opts));
  return cases;
}

/**
 * The pool's scaling run by run: 8192 BIP340 items through a pool of 1 thread, then of 2, five times in turn
 * (--quick: twice), each figure the mean of 3 calls; every run's ratio is reported, not only the median.
 */
async function consecutiveRuns(opts: BenchOptions): Promise<CaseResult> {
  const n = 8192;
  const items = bip340Corpus(n, n);
  const pools = [
    await createParallelVerifier({ scheme: 'bip340', threads: 1, chunk: BATCH }),
    await createParallelVerifier({ scheme: 'bip340', threads: 2, chunk: BATCH }),
  ] as const;
  for (const p of pools) for (let k = 0; k < 2; k++) await p.verifyBatch(items);
  const time = async (p: (typeof pools)[number]) => {
    const t0 = performance.now();
    for (let k = 0; k < 3; k++) await p.verifyBatch(items);
    return ((performance.now() - t0) / 3) * 1e6;
  };
  const one: number[] = [];
  const two: number[] = [];
  for (let r = 0; r < (opts.quick ? 2 : 5); r++) {
    one.push(await time(pools[0]));
    two.push(await time(pools[1]));
  }
  for (const p of pools) await p.close();
  const ratios = one.map((o, r) => o / (two[r] as number));
  const sorted = [...two].sort((a, b) => a - b);
  return {
    group: `bip340 pool, ${n} items, 2 threads against 1 in ${ratios.length} consecutive runs: ${ratios.map((x) => `${x.toFixed(2)}×`).join(' ')}`,
    impl: 'tallyio pool 2 threads',
    median: (sorted[sorted.length >> 1] as number) / n,
    min: (sorted[0] as number) / n,
    max: (sorted[sorted.length - 1] as number) / n,
    p25: (sorted[Math.floor(sorted.length / 4)] as number) / n,
    p75: (sorted[Math.floor((3 * sorted.length) / 4)] as number) / n,
    samples: sorted.length,
    opsPerCall: n,
    extra: {
      ratios: ratios.map((x) => x.toFixed(2)).join(' '),
      minRatio: Number(Math.min(...ratios).toFixed(2)),
      oneThreadMs: one.map((x) => (x / 1e6).toFixed(1)).join(' '),
      twoThreadsMs: two.map((x) => (x / 1e6).toFixed(1)).join(' '),
    },
  };
}
