// A lane of the parallel verifier (pool.ts): one worker thread, its job and result rings and its batch slots, all
// in the pool's SharedArrayBuffer. The lane sends the jobs put in its slots, files their verdicts as they come
// back, and replaces its thread when it dies, sending the thread's jobs again to the replacement.
import { Worker } from 'node:worker_threads';
import { AlignedArena, FixedBatch, RingQueue } from '@tallyio/batch';
import { ItemCode } from '../generated/spec.js';
import type { SchemeOptions } from '../scheme.js';
import { batchLayout, KEY, RECORD_BYTES, RING_CAPACITY, SIG, SLOTS_PER_WORKER, type WorkerPlan } from './plan.js';

/** Replacements of a lane's thread; after them, a death fails the jobs in flight (WORKER_FAILED). */
const MAX_RESPAWNS = 3;
const WORKER_URL = new URL('./worker.js', import.meta.url);
const RING = { capacity: RING_CAPACITY, recordBytes: RECORD_BYTES };
const align64 = (n: number) => (n + 63) & ~63;

/** The pool's options, checked and with their defaults: how many lanes, and what each lane's thread is given. */
export interface PoolSettings {
  readonly threads: number;
  readonly scheme: SchemeOptions;
  readonly keyCacheCapacity: number;
  /** Rows per job. */
  readonly chunk: number;
  /** Message bytes per job. */
  readonly messageBytes: number;
}

/** A lane's place in the shared buffer: its thread's plan and a FixedBatch over each of its slots. */
export interface LaneLayout {
  readonly plan: WorkerPlan;
  readonly batches: readonly FixedBatch[];
}

/**
 * Lays out one lane per thread in a new SharedArrayBuffer. A lane is its job ring, its result ring, then per slot
 * a batch of chunk rows and chunk status bytes (every offset a multiple of 64).
 */
export function layOutLanes(settings: PoolSettings): LaneLayout[] {
  const { threads, scheme, keyCacheCapacity, chunk, messageBytes } = settings;
  const ringBytes = align64(RingQueue.byteLength(RING));
  const batchBytes = align64(batchLayout(chunk, messageBytes).byteLength);
  const slotBytes = batchBytes + align64(chunk);
  const laneBytes = 2 * ringBytes + SLOTS_PER_WORKER * slotBytes;
  const buffer = new SharedArrayBuffer(threads * laneBytes);
  return Array.from({ length: threads }, (_, t) => {
    const base = t * laneBytes;
    const slots = Array.from({ length: SLOTS_PER_WORKER }, (_, s) => {
      const batch = base + 2 * ringBytes + s * slotBytes;
      return { batch, status: batch + batchBytes };
    });
    const plan: WorkerPlan = {
      scheme,
      keyCacheCapacity,
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
    return { plan, batches };
  });
}

/** What a lane needs of its pool. */
export interface LaneHost {
  /** close() was called: a thread that exits then with no job in flight is not replaced. */
  readonly closed: boolean;
  /** One of the lane's slots is free again. */
  slotFreed(): void;
}

/** A job in one of the lane's slots. */
interface Job {
  readonly id: number;
  readonly slot: number;
  readonly count: number;
  /** Item index of each row; the verdicts go to codes. */
  readonly rows: Int32Array;
  readonly codes: Uint8Array;
  readonly done: () => void;
}

/** One generation of a lane's thread and the rings it was started on. */
interface Thread {
  readonly worker: Worker;
  readonly jobs: RingQueue;
  readonly results: RingQueue;
  readonly generation: number;
}

/** One worker thread, its two rings and its batch slots in the shared buffer. */
export class Lane {
  readonly #plan: WorkerPlan;
  readonly #batches: readonly FixedBatch[];
  readonly #free: number[];
  readonly #inFlight = new Map<number, Job>();
  readonly #host: LaneHost;
  /** The shared buffer, where the thread writes each row's verdict. */
  readonly #shared: Uint8Array;
  /** The record a job is sent in, and its words: job id, slot, row count. */
  readonly #record = new Uint8Array(RECORD_BYTES);
  readonly #words = new Uint32Array(this.#record.buffer);
  #thread: Thread;
  /** Changes when the thread exits or the lane stops: the current thread's events are then ignored. */
  #generation = 0;
  #respawns = 0;

  constructor(layout: LaneLayout, host: LaneHost) {
    this.#plan = layout.plan;
    this.#batches = layout.batches;
    this.#free = layout.batches.map((_, i) => i);
    this.#host = host;
    this.#shared = new Uint8Array(layout.plan.buffer);
    this.#thread = this.#spawn();
    void this.#collect(this.#thread);
  }

  /** The live worker thread. */
  get worker(): Worker {
    return this.#thread.worker;
  }

  /** A free slot, or undefined when every slot has a job. */
  takeSlot(): number | undefined {
    return this.#free.pop();
  }

  /** Gives back a slot taken but left empty. */
  returnSlot(slot: number): void {
    this.#free.push(slot);
  }

  /** The batch in a slot, to be filled before run(). */
  batch(slot: number): FixedBatch {
    return this.#batches[slot] as FixedBatch;
  }

  /** Sends the job in slot; resolves once the verdicts of its count rows are in codes. */
  run(id: number, slot: number, count: number, rows: Int32Array, codes: Uint8Array): Promise<void> {
    return new Promise<void>((done) => {
      const job: Job = { id, slot, count, rows, codes, done };
      this.#inFlight.set(job.id, job);
      this.#send(job);
    });
  }

  /** Lets the thread go for close(): its exit is no longer a death, and both rings close. */
  stop(): void {
    this.#generation++;
    this.#thread.jobs.close();
    this.#thread.results.close();
  }

  terminate(): Promise<number> {
    return this.#thread.worker.terminate();
  }

  /** A new thread on freshly initialised rings; its exit goes to #exited. */
  #spawn(): Thread {
    const jobs = RingQueue.create(RING, this.#plan.buffer, this.#plan.jobRing);
    const results = RingQueue.create(RING, this.#plan.buffer, this.#plan.resultRing);
    const generation = ++this.#generation;
    const worker = new Worker(WORKER_URL, { workerData: this.#plan });
    worker.unref();
    worker.on('error', () => undefined);
    worker.on('exit', () => this.#exited(generation));
    return { worker, jobs, results, generation };
  }

  /** The thread of that generation exited: unless the lane stopped, it is replaced, or its jobs fail. */
  #exited(generation: number): void {
    if (this.#generation !== generation) return;
    this.#generation++;
    this.#thread.results.close();
    if (this.#host.closed && this.#inFlight.size === 0) return;
    // Replace the thread; its jobs' items are still in the slots, so they are simply sent again.
    if (this.#respawns++ < MAX_RESPAWNS) {
      this.#thread = this.#spawn();
      void this.#collect(this.#thread);
      for (const job of this.#inFlight.values()) this.#send(job);
    } else {
      for (const job of [...this.#inFlight.values()]) this.#finish(job, true);
    }
  }

  #send(job: Job): void {
    // A thread with work keeps the process alive (Atomics.waitAsync alone does not); an idle one does not.
    this.#thread.worker.ref();
    const words = this.#words;
    words[0] = job.id;
    words[1] = job.slot;
    words[2] = job.count;
    // Rings hold more records than there are slots, so this never finds the ring full.
    this.#thread.jobs.tryEnqueue(this.#record);
  }

  /** Files the verdicts of a thread's finished jobs until the thread is replaced or the lane stops. */
  async #collect(thread: Thread): Promise<void> {
    const out = new Uint8Array(RECORD_BYTES);
    const outWords = new Uint32Array(out.buffer);
    const results = thread.results;
    for (;;) {
      while (results.tryDequeue(out)) {
        const job = this.#inFlight.get(outWords[0] as number);
        if (job) this.#finish(job, false);
      }
      if (this.#generation !== thread.generation) return;
      const w = await results.waitNotEmptyAsync();
      if (w === 'closed' && results.size === 0) return;
    }
  }

  /** Copies a job's verdicts to its items (or WORKER_FAILED to each) and frees its slot. */
  #finish(job: Job, failed: boolean): void {
    const { status } = this.#plan.slots[job.slot] as { status: number };
    for (let r = 0; r < job.count; r++) {
      job.codes[job.rows[r] as number] = failed ? ItemCode.WORKER_FAILED : (this.#shared[status + r] as number);
    }
    this.#inFlight.delete(job.id);
    if (this.#inFlight.size === 0) this.#thread.worker.unref();
    this.#free.push(job.slot);
    job.done();
    this.#host.slotFreed();
  }
}
