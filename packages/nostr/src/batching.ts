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
  const batcher = new Batcher(engine, pool, mark, batchSize, maxDelayMs);
  // Functions that work detached from the object, made once; each a plain method call on the batcher.
  return {
    verify: (event) => batcher.verify(event),
    flush: () => batcher.flush(),
    close: () => batcher.close(),
  };
}

/**
 * The queue of a batching verifier: events wait in it until the batch is full or its deadline passes, then the
 * batch is verified on this thread or on the thread pool, and its promises resolve in submission order.
 */
class Batcher {
  readonly #engine: EventEngine;
  readonly #pool: ThreadPool | undefined;
  readonly #mark: symbol | undefined;
  readonly #batchSize: number;
  readonly #maxDelayMs: number;
  /** The codes of a batch verified on this thread (one array, reused). */
  readonly #codes: Uint8Array;
  /** The deadline's callback, made once. */
  readonly #onDeadline = (): void => this.flush();
  #events: unknown[] = [];
  #resolvers: ((ok: boolean) => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Settles when the last batch sent to the pool has settled: batches settle in order. */
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    engine: EventEngine,
    pool: ThreadPool | undefined,
    mark: symbol | undefined,
    batchSize: number,
    maxDelayMs: number,
  ) {
    this.#engine = engine;
    this.#pool = pool;
    this.#mark = mark;
    this.#batchSize = batchSize;
    this.#maxDelayMs = maxDelayMs;
    this.#codes = new Uint8Array(batchSize);
  }

  /** Queues the event; verifies the batch when it is full, else starts its deadline with its first event. */
  verify(event: unknown): Promise<boolean> {
    if (this.#closed) return Promise.reject(new Error('batching verifier: used after close()'));
    const p = new Promise<boolean>((resolve) => this.#resolvers.push(resolve));
    this.#events.push(event);
    if (this.#events.length >= this.#batchSize) this.flush();
    else if (this.#timer === undefined) this.#timer = setTimeout(this.#onDeadline, this.#maxDelayMs);
    return p;
  }

  /** Takes the queued events as a batch and verifies it. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#events.length === 0) return;
    const batch = this.#events;
    const done = this.#resolvers;
    this.#events = [];
    this.#resolvers = [];
    if (this.#pool === undefined) this.#verifyHere(batch, done);
    else this.#verifyOnPool(this.#pool, batch, done);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.flush();
    await this.#tail;
    await this.#pool?.close();
    this.#engine.closed = true;
  }

  /** A batch on this thread's engine, settled at once. */
  #verifyHere(batch: unknown[], done: ((ok: boolean) => void)[]): void {
    const engine = this.#engine;
    const codes = this.#codes;
    engine.begin();
    for (let i = 0; i < batch.length; i++) {
      const m = markedCode(this.#mark, batch[i]);
      if (m >= 0) codes[i] = m;
      else engine.add(batch[i], i, codes);
    }
    engine.flush(codes);
    settle(this.#mark, batch, done, codes);
  }

  /** A batch whose ids are computed here and whose signatures are verified on the worker threads. */
  #verifyOnPool(pool: ThreadPool, batch: unknown[], done: ((ok: boolean) => void)[]): void {
    const verdicts = new Uint8Array(batch.length);
    const items: BatchItem[] = [];
    const at: number[] = [];
    for (let i = 0; i < batch.length; i++) {
      const m = markedCode(this.#mark, batch[i]);
      if (m >= 0) {
        verdicts[i] = m;
        continue;
      }
      const code = this.#engine.prepare(batch[i], 0);
      if (code !== ScanCode.PENDING) {
        verdicts[i] = code;
        continue;
      }
      items.push(this.#itemAtRow0());
      at.push(i);
    }
    const work = items.length > 0 ? pool.verifyBatch(items) : undefined;
    this.#tail = this.#settleAfter(this.#tail, work, at, verdicts, batch, done);
  }

  /** The BIP340 item the engine prepared in row 0, copied out of its memory. */
  #itemAtRow0(): BatchItem {
    const engine = this.#engine;
    return {
      signature: engine.sigAt(0).slice(),
      message: engine.idAt(0).slice(),
      publicKey: engine.keyAt(0).slice(),
    };
  }

  /**
   * Files the pool's verdicts (those of the items at indexes `at`) and settles the batch once the batches before
   * it have settled.
   */
  async #settleAfter(
    previous: Promise<void>,
    work: Promise<VerificationResult> | undefined,
    at: number[],
    verdicts: Uint8Array,
    batch: unknown[],
    done: ((ok: boolean) => void)[],
  ): Promise<void> {
    // A pool that fails (closed under it) leaves the events unverified: false, never a rejection.
    const r = await work?.catch(() => undefined);
    await previous;
    at.forEach((i, k) => {
      verdicts[i] = r?.valid[k] === true ? NostrCode.VALID : NostrCode.BAD_SIGNATURE;
    });
    settle(this.#mark, batch, done, verdicts);
  }
}

/** The verdict already under the mark: 0 or 1; else −1. */
function markedCode(mark: symbol | undefined, e: unknown): number {
  if (mark === undefined || !(e instanceof Object)) return -1;
  const m = (e as Record<symbol, unknown>)[mark];
  return typeof m === 'boolean' ? (m ? NostrCode.VALID : NostrCode.BAD_SIGNATURE) : -1;
}

/** Resolves each event's promise with its verdict, after setting the verdict under the mark (if any). */
function settle(
  mark: symbol | undefined,
  batch: unknown[],
  done: ((ok: boolean) => void)[],
  verdicts: ArrayLike<number>,
): void {
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
}
