// Micro-batching for pools and relays: verify(event) calls are gathered into one batch until it is full or its
// deadline passes, verified together (on this thread, or on the worker pool of @tallyio/verifier/parallel),
// and resolved in submission order.
import type { BatchItem, VerificationResult } from '@tallyio/verifier';
import { EventEngine } from './engine.js';
import { NostrCode, ScanCode } from './generated/spec.js';

export interface BatchingVerifierOptions {
  /** The caller's verified mark (nostr-tools' verifiedSymbol): honoured and set, as verifyEvent does. */
  readonly verifiedSymbol?: symbol;
  /** A batch is verified as soon as it holds this many events (default 256). */
  readonly batchSize?: number;
  /** …or this many milliseconds after its first event arrived (default 5). */
  readonly maxDelayMs?: number;
  /** Worker threads; 1 (default) verifies on this thread. */
  readonly threads?: number;
  readonly keyCacheCapacity?: number;
}

export interface BatchingVerifier {
  /** Resolves with nostr-tools' verdict for the event; promises resolve in the order of the calls. */
  verify(event: unknown): Promise<boolean>;
  /** Verifies what is queued now instead of waiting for the batch to fill or its deadline. */
  flush(): void;
  /** Verifies what is queued, waits for every pending verdict, then releases threads; later calls reject. */
  close(): Promise<void>;
}

interface ThreadPool {
  verifyBatch(items: readonly BatchItem[]): Promise<VerificationResult>;
  close(): Promise<void>;
}

/**
 * Defaults: a batch of 256 costs most of what larger ones save per signature (the kernel's cost per event
 * falls steeply up to 256 and slowly after), and 5 ms bounds the latency a lone event waits.
 */
export async function createBatchingVerifier(options: BatchingVerifierOptions = {}): Promise<BatchingVerifier> {
  const batchSize = options.batchSize ?? 256;
  const maxDelayMs = options.maxDelayMs ?? 5;
  const threads = options.threads ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('createBatchingVerifier: batchSize ≥ 1');
  if (!(maxDelayMs >= 0)) throw new RangeError('createBatchingVerifier: maxDelayMs must be ≥ 0');
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('createBatchingVerifier: threads ≥ 1');
  const mark = options.verifiedSymbol;
  const engine = await EventEngine.open(threads > 1 ? 1 : batchSize, options.keyCacheCapacity ?? 4096);
  let pool: ThreadPool | undefined;
  if (threads > 1) {
    const { createParallelVerifier } = await import('@tallyio/verifier/parallel');
    pool = await createParallelVerifier({
      scheme: 'bip340',
      threads,
      chunk: Math.min(2048, Math.max(1, Math.ceil(batchSize / threads))),
    });
  }

  let events: unknown[] = [];
  let resolvers: ((ok: boolean) => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tail: Promise<void> = Promise.resolve();
  let closed = false;
  const codes = new Uint8Array(batchSize);

  const settle = (batch: unknown[], done: ((ok: boolean) => void)[], verdicts: ArrayLike<number>) => {
    for (let i = 0; i < batch.length; i++) {
      const ok = verdicts[i] === NostrCode.VALID;
      const e = batch[i];
      if (mark !== undefined && e instanceof Object) {
        try {
          (e as Record<symbol, unknown>)[mark] = ok;
        } catch {
          // frozen: no mark
        }
      }
      (done[i] as (ok: boolean) => void)(ok);
    }
  };

  /** The verdict already under the mark: 0 or 1; else −1. */
  const marked = (e: unknown): number => {
    if (mark === undefined || !(e instanceof Object)) return -1;
    const m = (e as Record<symbol, unknown>)[mark];
    return typeof m === 'boolean' ? (m ? NostrCode.VALID : NostrCode.BAD_SIGNATURE) : -1;
  };

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (events.length === 0) return;
    const batch = events;
    const done = resolvers;
    events = [];
    resolvers = [];
    if (pool === undefined) {
      engine.begin();
      for (let i = 0; i < batch.length; i++) {
        const m = marked(batch[i]);
        if (m >= 0) codes[i] = m;
        else engine.add(batch[i], i, codes);
      }
      engine.flush(codes);
      settle(batch, done, codes);
      return;
    }
    // Ids are computed here; the signatures are verified on the worker threads.
    const verdicts = new Uint8Array(batch.length);
    const items: BatchItem[] = [];
    const at: number[] = [];
    for (let i = 0; i < batch.length; i++) {
      const m = marked(batch[i]);
      if (m >= 0) {
        verdicts[i] = m;
        continue;
      }
      const code = engine.prepare(batch[i], 0);
      if (code !== ScanCode.PENDING) {
        verdicts[i] = code;
        continue;
      }
      items.push({
        signature: engine.sigAt(0).slice(),
        message: engine.idAt(0).slice(),
        publicKey: engine.keyAt(0).slice(),
      });
      at.push(i);
    }
    const work = items.length > 0 ? pool.verifyBatch(items) : undefined;
    const previous = tail;
    tail = (async () => {
      // A pool that fails (closed under it) leaves the events unverified: false, never a rejection.
      const r = await work?.catch(() => undefined);
      await previous;
      at.forEach((i, k) => {
        verdicts[i] = r?.valid[k] === true ? NostrCode.VALID : NostrCode.BAD_SIGNATURE;
      });
      settle(batch, done, verdicts);
    })();
  };

  return {
    verify(event) {
      if (closed) return Promise.reject(new Error('batching verifier: used after close()'));
      const p = new Promise<boolean>((resolve) => resolvers.push(resolve));
      events.push(event);
      if (events.length >= batchSize) flush();
      else if (timer === undefined) timer = setTimeout(flush, maxDelayMs);
      return p;
    },
    flush,
    async close() {
      if (closed) return;
      closed = true;
      flush();
      await tail;
      await pool?.close();
      engine.closed = true;
    },
  };
}
