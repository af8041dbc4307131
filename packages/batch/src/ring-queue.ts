import { RingBase, type RingQueueOptions } from './ring-base.js';
import { HEAD_INDEX, KIND_SPSC, TAIL_INDEX } from './ring-layout.js';
import { closeRing, publish, type WaitOn, type WaitResult, waitOn, waitOnAsync } from './ring-wait.js';

export type { RingQueueOptions };

/**
 * Single-producer/single-consumer ring of fixed-size records on a SharedArrayBuffer. One thread enqueues, one
 * dequeues (possibly the same one); each thread builds its own RingQueue over the same buffer
 * (`new RingQueue(buffer, byteOffset)`). Records never pass through postMessage and no lock is taken: the producer
 * publishes its position with one atomic exchange, the consumer reads it with one atomic load. `tryEnqueue` /
 * `tryDequeue` copy a record in and out; `reserve`/`commit` and `peek`/`release` work in the slot itself.
 *
 * The consumer publishes its position lazily, every `capacity / 8` records (1 to 64) and whenever it finds the
 * ring empty or waits, so a pair of operations costs one atomic write instead of two. Until then the producer may
 * see up to that many fewer free slots. A consumer that stops dequeuing while records remain should call
 * `flush()` if a producer could be waiting for room.
 */
export class RingQueue extends RingBase {
  readonly #releaseSpan: number;
  // Producer side.
  #tail: number;
  #headSeen: number;
  // Consumer side.
  #head: number;
  #headPublished: number;
  #tailSeen: number;
  // What the waits wait for, given the other side's published position.
  readonly #hasRoom = (w: number): boolean => ((this.#tail - (w & ~1)) | 0) < this.span;
  readonly #hasRecord = (w: number): boolean => (w & ~1) !== this.#head;

  /** The ring-layout kind this class reads and writes. */
  static readonly KIND: number = KIND_SPSC;

  /** Attaches to a ring that `RingQueue.create` initialised (in any thread); throws if there is none. */
  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    super(KIND_SPSC, buffer, byteOffset);
    this.#releaseSpan = 2 * Math.min(64, Math.max(1, this.capacity >>> 3));
    this.#tail = Atomics.load(this.header, TAIL_INDEX) & ~1;
    this.#head = Atomics.load(this.header, HEAD_INDEX) & ~1;
    this.#headSeen = this.#head;
    this.#headPublished = this.#head;
    this.#tailSeen = this.#tail;
  }

  // ---- producer ----

  /**
   * Zero-copy enqueue, step 1: the byte offset in `bytes` of the next free slot, or -1 if the ring is full.
   * Write the record there, then `commit()`. Calling it again before `commit()` returns the same slot.
   */
  reserve(): number {
    const t = this.#tail;
    if (((t - this.#headSeen) | 0) >= this.span) {
      // On a ring used by one thread, this instance is also the consumer: its unpublished releases are real room.
      if (this.#head !== this.#headPublished) this.flush();
      this.#headSeen = Atomics.load(this.header, HEAD_INDEX) & ~1;
      if (((t - this.#headSeen) | 0) >= this.span) return -1;
    }
    return this.slots + ((t >>> 1) & this.mask) * this.stride;
  }

  /** Zero-copy enqueue, step 2: publishes the slot `reserve()` returned. Only after a successful reserve. */
  commit(): void {
    const t = (this.#tail + 2) | 0;
    this.#tail = t;
    publish(this.header, TAIL_INDEX, t);
  }

  /** Waits until `reserve()` may succeed. Blocks the thread (Atomics.wait): for workers and Node's main thread. */
  waitNotFull(timeoutMs: number = Number.POSITIVE_INFINITY): WaitResult {
    return this.#wait(waitOn, HEAD_INDEX, this.#hasRoom, false, timeoutMs);
  }

  /** `waitNotFull` without blocking the thread (Atomics.waitAsync): for the browser main thread. */
  waitNotFullAsync(timeoutMs: number = Number.POSITIVE_INFINITY): Promise<WaitResult> {
    return this.#wait(waitOnAsync, HEAD_INDEX, this.#hasRoom, false, timeoutMs);
  }

  // ---- consumer ----

  /** Zero-copy dequeue, step 1: the byte offset in `bytes` of the oldest record, or -1 if the ring is empty. */
  peek(): number {
    const h = this.#head;
    if (h === this.#tailSeen) {
      this.#tailSeen = Atomics.load(this.header, TAIL_INDEX) & ~1;
      if (h === this.#tailSeen) {
        if (h !== this.#headPublished) this.flush();
        return -1;
      }
    }
    return this.slots + ((h >>> 1) & this.mask) * this.stride;
  }

  /** Zero-copy dequeue, step 2: frees the slot `peek()` returned. Only after a successful peek. */
  release(): void {
    const h = (this.#head + 2) | 0;
    this.#head = h;
    if (((h - this.#headPublished) | 0) >= this.#releaseSpan) this.flush();
  }

  /** Publishes the consumer's releases now, so a waiting producer sees all the room there is. */
  flush(): void {
    const h = this.#head;
    this.#headPublished = h;
    publish(this.header, HEAD_INDEX, h);
  }

  /** Waits until `peek()` may succeed. Blocks the thread (Atomics.wait): for workers and Node's main thread. */
  waitNotEmpty(timeoutMs: number = Number.POSITIVE_INFINITY): WaitResult {
    return this.#wait(waitOn, TAIL_INDEX, this.#hasRecord, true, timeoutMs);
  }

  /** `waitNotEmpty` without blocking the thread (Atomics.waitAsync): for the browser main thread. */
  waitNotEmptyAsync(timeoutMs: number = Number.POSITIVE_INFINITY): Promise<WaitResult> {
    return this.#wait(waitOnAsync, TAIL_INDEX, this.#hasRecord, true, timeoutMs);
  }

  // ---- either side ----

  /**
   * Either side's wait on the other's position (at `index` in the header), after publishing this instance's
   * releases: a waiting producer then sees all the room there is, and a ring used by one thread its own.
   */
  #wait<R>(wait: WaitOn<R>, index: number, ready: (w: number) => boolean, drain: boolean, timeoutMs: number): R {
    if (this.#head !== this.#headPublished) this.flush();
    return wait(this.header, this.header, index, ready, drain, timeoutMs);
  }

  /** Records published and not yet released as the two published positions show (the consumer's may lag). */
  get size(): number {
    const t = Atomics.load(this.header, TAIL_INDEX) & ~1;
    const h = Atomics.load(this.header, HEAD_INDEX) & ~1;
    return ((t - h) | 0) >>> 1;
  }

  /** Marks the ring closed (no more records will come, or none will be taken) and wakes both sides. */
  close(): void {
    closeRing(this.header, this.header, [HEAD_INDEX, TAIL_INDEX]);
  }
}
