import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FixedBatch } from '@tallyio/batch';
import { ItemCode } from '../generated/spec.js';
import type { BatchItem, VerificationResult, VerifyReason } from '../result.js';
import { reasonsOf, type SchemeOptions } from '../scheme.js';
import { BatchDriver, batchResult } from '../verifier.js';
import { Lane, type LaneHost, layOutLanes, type PoolSettings } from './lane.js';
import { KEY, SIG } from './plan.js';

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

/** The options, checked, with their defaults. */
function settingsOf(options: ParallelVerifierOptions): PoolSettings {
  const threads = options.threads ?? availableParallelism();
  const chunk = options.chunk ?? 512;
  const messageBytes = options.messageBytes ?? 1 << 18;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('createParallelVerifier: threads must be ≥ 1');
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 2048) {
    throw new RangeError('createParallelVerifier: chunk must be in [1, 2048]');
  }
  const scheme: SchemeOptions =
    options.scheme === 'ed25519' ? { scheme: 'ed25519', mode: options.mode ?? 'zip215' } : { scheme: 'bip340' };
  return { threads, scheme, keyCacheCapacity: options.keyCacheCapacity ?? 256, chunk, messageBytes };
}

/**
 * The lanes' free slots, handed out round-robin (from the lane after the last one given); a call that finds none
 * waits until one is freed.
 */
class SlotQueue {
  readonly #waiters: (() => void)[] = [];
  #turn = 0;

  async acquire(lanes: readonly Lane[]): Promise<{ lane: Lane; slot: number }> {
    for (;;) {
      for (let k = 0; k < lanes.length; k++) {
        const lane = lanes[(this.#turn + k) % lanes.length] as Lane;
        const slot = lane.takeSlot();
        if (slot !== undefined) {
          this.#turn = (this.#turn + k + 1) % lanes.length;
          return { lane, slot };
        }
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Gives back a slot that was taken but got no job. */
  release(lane: Lane, slot: number): void {
    lane.returnSlot(slot);
    this.wake();
  }

  /** A slot is free: the call waiting longest looks again. */
  wake(): void {
    const w = this.#waiters.shift();
    if (w) w();
  }
}

/** Calls under way, so that close() can let them finish; once closed, new calls are refused. */
class CallGate {
  #closed = false;
  #active = 0;
  readonly #drained: (() => void)[] = [];

  get closed(): boolean {
    return this.#closed;
  }

  /** Admits a call; throws after close(). */
  enter(): void {
    if (this.#closed) throw new Error('parallel verifier: used after close()');
    this.#active++;
  }

  leave(): void {
    this.#active--;
    if (this.#active === 0) for (const d of this.#drained.splice(0)) d();
  }

  /** Closes the gate: undefined when no call is under way, else a promise that the last one has finished. */
  close(): Promise<void> | undefined {
    this.#closed = true;
    return this.#active > 0 ? new Promise<void>((resolve) => this.#drained.push(resolve)) : undefined;
  }
}

/** What a verifyBatch call works with. */
interface Pool {
  readonly lanes: readonly Lane[];
  readonly slots: SlotQueue;
  readonly chunk: number;
  readonly reasons: readonly (VerifyReason | undefined)[];
  /** A row's signature and key for FixedBatch.add, reused so that filling a batch allocates nothing. */
  readonly fields: Uint8Array[];
  nextId: number;
}

/**
 * Copies items, from index `from` on, into batch until it is full; the item that does not fit is left to open the
 * next job. Items of the wrong shape, or with a message too large for any job, get their code at once. Returns the
 * index of the first item not taken.
 */
function fillBatch(
  batch: FixedBatch,
  rows: Int32Array,
  items: readonly BatchItem[],
  from: number,
  codes: Uint8Array,
  fields: Uint8Array[],
): number {
  const n = items.length;
  let i = from;
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
  return i;
}

/** Splits items into jobs on free slots, waits for every job's verdicts and assembles the result. */
async function verifyAll(pool: Pool, items: readonly BatchItem[]): Promise<VerificationResult> {
  const n = items.length;
  const codes = new Uint8Array(n);
  const pending: Promise<void>[] = [];
  let i = 0;
  while (i < n) {
    const { lane, slot } = await pool.slots.acquire(pool.lanes);
    const batch = lane.batch(slot);
    batch.clear();
    const rows = new Int32Array(pool.chunk);
    i = fillBatch(batch, rows, items, i, codes, pool.fields);
    if (batch.count === 0) {
      pool.slots.release(lane, slot);
      continue;
    }
    pending.push(lane.run(pool.nextId++, slot, batch.count, rows, codes));
  }
  await Promise.all(pending);
  return batchResult(codes, pool.reasons);
}

/** Lets the calls under way finish, then stops the lanes and terminates their threads. */
async function closePool(gate: CallGate, lanes: readonly Lane[]): Promise<void> {
  if (gate.closed) return;
  // Calls already under way finish (every pending call resolves); new ones reject.
  const drained = gate.close();
  if (drained) await drained;
  for (const lane of lanes) lane.stop();
  await Promise.all(lanes.map((l) => l.terminate()));
}

/**
 * Verification on worker threads. Each thread owns its instance, tables and key cache; items are written once
 * into FixedBatch slots on a SharedArrayBuffer and handed over as 16-byte job records on a RingQueue — nothing
 * is serialized between threads. A thread that dies has its jobs re-dispatched to its replacement.
 */
export async function createParallelVerifier(options: ParallelVerifierOptions): Promise<ParallelVerifier> {
  const settings = settingsOf(options);
  const reasons = reasonsOf(settings.scheme);
  const gate = new CallGate();
  const slots = new SlotQueue();
  const host: LaneHost = {
    get closed() {
      return gate.closed;
    },
    slotFreed: () => slots.wake(),
  };
  const lanes = layOutLanes(settings).map((layout) => new Lane(layout, host));
  const fields = [new Uint8Array(SIG), new Uint8Array(KEY)];
  const pool: Pool = { lanes, slots, chunk: settings.chunk, reasons, fields, nextId: 1 };

  async function verifyBatch(items: readonly BatchItem[]): Promise<VerificationResult> {
    gate.enter();
    try {
      return await verifyAll(pool, items);
    } finally {
      gate.leave();
    }
  }

  return {
    threads: settings.threads,
    verifyBatch,
    close: () => closePool(gate, lanes),
    get workers() {
      return lanes.map((l) => l.worker);
    },
  };
}
