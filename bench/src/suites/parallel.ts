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
  return cases;
}
