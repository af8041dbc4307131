import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AlignedArena, FixedBatch, RingQueue } from '@tallyio/batch';
import { ItemCode } from '../generated/spec.js';
import type { BatchItem, VerificationResult } from '../result.js';
import { reasonsOf, type SchemeOptions } from '../scheme.js';
import { BatchDriver, batchResult } from '../verifier.js';
import { batchLayout, KEY, RECORD_BYTES, RING_CAPACITY, SIG, SLOTS_PER_WORKER, type WorkerPlan } from './plan.js';

export {
  createJobPool,
  type JobPool,
  type JobPoolOptions,
  ownBytes,
  serveJobs,
  WorkerFailedError,
} from './jobs.js';

export type ParallelVerifierOptions = SchemeOptions & {
  /** Worker threads (default: the available cores). */
  readonly threads?: number;
  /** Items per job handed to a worker (default 512, at most 2048). */
  readonly chunk?: number;
  /** Message bytes per job (default 256 KiB); a job is cut early when its messages would not fit. */
  readonly messageBytes?: number;
  readonly keyCacheCapacity?: number;
};

export interface ParallelVerifier {
  readonly threads: number;
  /** The same verdicts as the single-threaded verifier's, computed on worker threads. */
  verifyBatch(items: readonly BatchItem[]): Promise<VerificationResult>;
  /** Lets work in flight finish, then stops the threads; later calls reject. */
  close(): Promise<void>;
  /** The live worker threads (for diagnostics and fault tests). */
  readonly workers: readonly Worker[];
}

const MAX_RESPAWNS = 3;

interface Job {
  readonly id: number;
  readonly lane: Lane;
  readonly slot: number;
  readonly count: number;
  /** Item index of each row; the verdicts go to codes. */
  readonly rows: Int32Array;
  readonly codes: Uint8Array;
  readonly done: () => void;
}

/** One worker thread, its two rings and its batch slots in the shared buffer. */
interface Lane {
  readonly plan: WorkerPlan;
  readonly batches: FixedBatch[];
  readonly free: number[];
  readonly inFlight: Map<number, Job>;
  worker: Worker;
  jobs: RingQueue;
  results: RingQueue;
  generation: number;
  respawns: number;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);
const align64 = (n: number) => (n + 63) & ~63;

/**
 * Verification on worker threads. Each thread owns its instance, tables and key cache; items are written once
 * into FixedBatch slots on a SharedArrayBuffer and handed over as 16-byte job records on a RingQueue — nothing
 * is serialized between threads. A thread that dies has its jobs re-dispatched to its replacement.
 */
export async function createParallelVerifier(options: ParallelVerifierOptions): Promise<ParallelVerifier> {
  const threads = options.threads ?? availableParallelism();
  const chunk = options.chunk ?? 512;
  const messageBytes = options.messageBytes ?? 1 << 18;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('createParallelVerifier: threads must be ≥ 1');
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 2048) {
    throw new RangeError('createParallelVerifier: chunk must be in [1, 2048]');
  }
  const scheme: SchemeOptions =
    options.scheme === 'ed25519' ? { scheme: 'ed25519', mode: options.mode ?? 'zip215' } : { scheme: 'bip340' };
  const reasons = reasonsOf(scheme);
  const ringBytes = align64(RingQueue.byteLength({ capacity: RING_CAPACITY, recordBytes: RECORD_BYTES }));
  const batchBytes = align64(batchLayout(chunk, messageBytes).byteLength);
  const laneBytes = 2 * ringBytes + SLOTS_PER_WORKER * (batchBytes + align64(chunk));
  const buffer = new SharedArrayBuffer(threads * laneBytes);

  const lanes: Lane[] = [];
  for (let t = 0; t < threads; t++) {
    const base = t * laneBytes;
    const slots = Array.from({ length: SLOTS_PER_WORKER }, (_, s) => {
      const batch = base + 2 * ringBytes + s * (batchBytes + align64(chunk));
      return { batch, status: batch + batchBytes };
    });
    const plan: WorkerPlan = {
      scheme,
      keyCacheCapacity: options.keyCacheCapacity ?? 256,
      buffer,
      jobRing: base,
      resultRing: base + ringBytes,
      slots,
      chunk,
      messageBytes,
    };
    const batches = slots.map(
      (s) =>
        new FixedBatch({
          capacity: chunk,
          fields: [SIG, KEY],
          messageBytes,
          arena: new AlignedArena(buffer, s.batch, batchBytes),
        }),
    );
    const lane = { plan, batches, free: slots.map((_, i) => i), inFlight: new Map(), generation: 0, respawns: 0 };
    lanes.push(lane as unknown as Lane);
  }

  let closed = false;
  let nextId = 1;
  const waiters: (() => void)[] = [];
  const shared = new Uint8Array(buffer);
  const record = new Uint8Array(RECORD_BYTES);
  const words = new Uint32Array(record.buffer);

  function wake(): void {
    const w = waiters.shift();
    if (w) w();
  }

  function send(job: Job): void {
    // A thread with work keeps the process alive (Atomics.waitAsync alone does not); an idle one does not.
    job.lane.worker.ref();
    words[0] = job.id;
    words[1] = job.slot;
    words[2] = job.count;
    // Rings hold more records than there are slots, so this never finds the ring full.
    job.lane.jobs.tryEnqueue(record);
  }

  function finish(job: Job, failed: boolean): void {
    const { status } = job.lane.plan.slots[job.slot] as { status: number };
    for (let r = 0; r < job.count; r++) {
      job.codes[job.rows[r] as number] = failed ? ItemCode.WORKER_FAILED : (shared[status + r] as number);
    }
    job.lane.inFlight.delete(job.id);
    if (job.lane.inFlight.size === 0) job.lane.worker.unref();
    job.lane.free.push(job.slot);
    job.done();
    wake();
  }

  async function pump(lane: Lane, generation: number): Promise<void> {
    const out = new Uint8Array(RECORD_BYTES);
    const outWords = new Uint32Array(out.buffer);
    const results = lane.results;
    for (;;) {
      while (results.tryDequeue(out)) {
        const job = lane.inFlight.get(outWords[0] as number);
        if (job) finish(job, false);
      }
      if (lane.generation !== generation) return;
      const w = await results.waitNotEmptyAsync();
      if (w === 'closed' && results.size === 0) return;
    }
  }

  function start(lane: Lane): void {
    lane.jobs = RingQueue.create({ capacity: RING_CAPACITY, recordBytes: RECORD_BYTES }, buffer, lane.plan.jobRing);
    lane.results = RingQueue.create(
      { capacity: RING_CAPACITY, recordBytes: RECORD_BYTES },
      buffer,
      lane.plan.resultRing,
    );
    const generation = ++lane.generation;
    lane.worker = new Worker(WORKER_URL, { workerData: lane.plan });
    lane.worker.unref();
    lane.worker.on('error', () => undefined);
    lane.worker.on('exit', () => {
      if (lane.generation !== generation) return;
      lane.generation++;
      lane.results.close();
      if (closed && lane.inFlight.size === 0) return;
      // Replace the thread; its jobs' items are still in the slots, so they are simply sent again.
      if (lane.respawns++ < MAX_RESPAWNS) {
        start(lane);
        for (const job of lane.inFlight.values()) send(job);
      } else {
        for (const job of [...lane.inFlight.values()]) finish(job, true);
      }
    });
    void pump(lane, generation);
  }

  for (const lane of lanes) start(lane);

  let turn = 0;
  async function acquire(): Promise<{ lane: Lane; slot: number }> {
    for (;;) {
      for (let k = 0; k < lanes.length; k++) {
        const lane = lanes[(turn + k) % lanes.length] as Lane;
        const slot = lane.free.pop();
        if (slot !== undefined) {
          turn = (turn + k + 1) % lanes.length;
          return { lane, slot };
        }
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  const fields: Uint8Array[] = [new Uint8Array(SIG), new Uint8Array(KEY)];
  /** Calls under way, and close() calls waiting for them. */
  let active = 0;
  const drained: (() => void)[] = [];

  async function verifyBatch(items: readonly BatchItem[]): Promise<VerificationResult> {
    if (closed) throw new Error('parallel verifier: used after close()');
    active++;
    try {
      return await verifyAll(items);
    } finally {
      active--;
      if (active === 0) for (const d of drained.splice(0)) d();
    }
  }

  async function verifyAll(items: readonly BatchItem[]): Promise<VerificationResult> {
    const n = items.length;
    const codes = new Uint8Array(n);
    const pending: Promise<void>[] = [];
    let i = 0;
    while (i < n) {
      const { lane, slot } = await acquire();
      const batch = lane.batches[slot] as FixedBatch;
      batch.clear();
      const rows = new Int32Array(chunk);
      for (; i < n; i++) {
        const item = items[i];
        const shape = BatchDriver.shapeError(item);
        if (shape !== 0 || item === undefined) {
          codes[i] = shape;
          continue;
        }
        fields[0] = item.signature;
        fields[1] = item.publicKey;
        const row = batch.add(fields, item.message);
        if (row < 0 && batch.count > 0) break; // full: this item opens the next job
        if (row < 0) {
          codes[i] = ItemCode.MESSAGE_TOO_LARGE;
          continue;
        }
        rows[row] = i;
      }
      if (batch.count === 0) {
        lane.free.push(slot);
        wake();
        continue;
      }
      pending.push(
        new Promise<void>((done) => {
          const job: Job = { id: nextId++, lane, slot, count: batch.count, rows, codes, done };
          lane.inFlight.set(job.id, job);
          send(job);
        }),
      );
    }
    await Promise.all(pending);
    return batchResult(codes, reasons);
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    // Calls already under way finish (every pending call resolves); new ones reject.
    if (active > 0) await new Promise<void>((resolve) => drained.push(resolve));
    for (const lane of lanes) {
      lane.generation++;
      lane.jobs.close();
      lane.results.close();
    }
    await Promise.all(lanes.map((l) => l.worker.terminate()));
  }

  return {
    threads,
    verifyBatch,
    close,
    get workers() {
      return lanes.map((l) => l.worker);
    },
  };
}
