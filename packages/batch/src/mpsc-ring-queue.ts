import { RingBase } from './ring-base.js';
import { KIND_MPSC, TAIL_INDEX } from './ring-layout.js';
import {
  closeRing,
  deadlineOf,
  PARK_CLOSED,
  PARK_TIMED_OUT,
  park,
  parkAsync,
  publish,
  SPIN_CHECKS,
  type WaitResult,
  waitOn,
  waitOnAsync,
} from './ring-wait.js';

function* indices(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/**
 * Multi-producer/single-consumer ring of fixed-size records on a SharedArrayBuffer (D. Vyukov's bounded queue):
 * each slot carries a sequence word saying whose turn it is. A producer claims a position with one
 * compareExchange on the shared tail and publishes the record through the slot's word; the consumer frees a slot
 * through the same word. Costs two more atomic operations per record than RingQueue; use it only when several
 * threads must feed one consumer. Every thread builds its own instance over the same buffer.
 */
export class MpscRingQueue extends RingBase {
  /** Per slot: 2·position while free for that position, 2·position + 2 once it holds it; bit 0 flags a sleeper. */
  readonly #seq: Int32Array;
  // Producer side: the position this producer expects to claim next, and the one it claimed last.
  #tailGuess: number;
  #claimed = 0;
  // Consumer side.
  #head: number;
  /** Whether a slot's word says it holds the record of position `#head` (fixed while the consumer's thread waits). */
  readonly #holdsHead = (w: number): boolean => (w & ~1) === ((this.#head + 2) | 0);

  /** The ring-layout kind this class reads and writes. */
  static readonly KIND: number = KIND_MPSC;

  /** Attaches to a ring that `MpscRingQueue.create` initialised (in any thread); throws if there is none. */
  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    super(KIND_MPSC, buffer, byteOffset);
    this.#seq = new Int32Array(buffer, byteOffset + this.layout.sequences, this.capacity);
    this.#tailGuess = Atomics.load(this.header, TAIL_INDEX);
    // The consumer's position: the first of the last `capacity` positions whose slot has not been freed for the
    // next lap (a fresh ring's initial words read as all freed). Matters only for a consumer attached mid-stream.
    this.#head = this.#tailGuess;
    for (let i = 0; i < this.capacity; i++) {
      const p = (this.#tailGuess - this.span + 2 * i) | 0;
      if ((Atomics.load(this.#seq, (p >>> 1) & this.mask) & ~1) !== ((p + this.span) | 0)) {
        this.#head = p;
        break;
      }
    }
  }

  // ---- producers ----

  /**
   * Zero-copy enqueue, step 1: claims the next free slot and returns its byte offset in `bytes`, or -1 if the ring
   * is full. The claim is final: write the record and `commit()` before the next reserve, or the consumer stalls.
   */
  reserve(): number {
    let t = this.#tailGuess;
    for (;;) {
      const slot = (t >>> 1) & this.mask;
      const d = ((Atomics.load(this.#seq, slot) & ~1) - t) | 0;
      if (d === 0) {
        const seen = Atomics.compareExchange(this.header, TAIL_INDEX, t, (t + 2) | 0);
        if (seen === t) {
          this.#claimed = t;
          this.#tailGuess = (t + 2) | 0;
          return this.slots + slot * this.stride;
        }
        t = seen;
      } else if (d < 0) {
        // The slot still holds the record from one lap ago.
        this.#tailGuess = t;
        return -1;
      } else {
        t = Atomics.load(this.header, TAIL_INDEX);
      }
    }
  }

  /** Zero-copy enqueue, step 2: publishes the slot the last `reserve()` claimed. */
  commit(): void {
    const t = this.#claimed;
    publish(this.#seq, (t >>> 1) & this.mask, (t + 2) | 0);
  }

  /** Waits until a slot is free. Blocks the thread (Atomics.wait): for workers and Node's main thread. */
  waitNotFull(timeoutMs: number = Number.POSITIVE_INFINITY): WaitResult {
    const deadline = deadlineOf(timeoutMs);
    for (let spin = 0; ; spin++) {
      const t = Atomics.load(this.header, TAIL_INDEX);
      const slot = (t >>> 1) & this.mask;
      const w = Atomics.load(this.#seq, slot);
      if ((((w & ~1) - t) | 0) >= 0) return 'ready';
      if (spin < SPIN_CHECKS) continue;
      const r = park(this.header, this.#seq, slot, w, deadline);
      if (r === PARK_CLOSED) return 'closed';
      if (r === PARK_TIMED_OUT) return 'timed-out';
    }
  }

  /** `waitNotFull` without blocking the thread (Atomics.waitAsync): for the browser main thread. */
  async waitNotFullAsync(timeoutMs: number = Number.POSITIVE_INFINITY): Promise<WaitResult> {
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      const t = Atomics.load(this.header, TAIL_INDEX);
      const slot = (t >>> 1) & this.mask;
      const w = Atomics.load(this.#seq, slot);
      if ((((w & ~1) - t) | 0) >= 0) return 'ready';
      const r = await parkAsync(this.header, this.#seq, slot, w, deadline);
      if (r === PARK_CLOSED) return 'closed';
      if (r === PARK_TIMED_OUT) return 'timed-out';
    }
  }

  // ---- consumer ----

  /**
   * Zero-copy dequeue, step 1: the byte offset of the oldest record, or -1 if it is not published yet (records
   * come out in the order positions were claimed, so one slow producer holds back those behind it).
   */
  peek(): number {
    const h = this.#head;
    const slot = (h >>> 1) & this.mask;
    if ((Atomics.load(this.#seq, slot) & ~1) !== ((h + 2) | 0)) return -1;
    return this.slots + slot * this.stride;
  }

  /** Zero-copy dequeue, step 2: frees the slot `peek()` returned for the producers' next lap. */
  release(): void {
    const h = this.#head;
    publish(this.#seq, (h >>> 1) & this.mask, (h + this.span) | 0);
    this.#head = (h + 2) | 0;
  }

  /** Waits until `peek()` may succeed. Blocks the thread (Atomics.wait): for workers and Node's main thread. */
  waitNotEmpty(timeoutMs: number = Number.POSITIVE_INFINITY): WaitResult {
    return waitOn(this.header, this.#seq, (this.#head >>> 1) & this.mask, this.#holdsHead, true, timeoutMs);
  }

  /** `waitNotEmpty` without blocking the thread (Atomics.waitAsync): for the browser main thread. */
  waitNotEmptyAsync(timeoutMs: number = Number.POSITIVE_INFINITY): Promise<WaitResult> {
    // The position waited for is fixed now: this thread may go on consuming while the wait is pending.
    const ready = (this.#head + 2) | 0;
    const slot = (this.#head >>> 1) & this.mask;
    return waitOnAsync(this.header, this.#seq, slot, (w) => (w & ~1) === ready, true, timeoutMs);
  }

  // ---- either side ----

  /** Marks the ring closed and wakes every sleeper (visits every slot: O(capacity), meant for shutdown). */
  close(): void {
    closeRing(this.header, this.#seq, indices(this.capacity));
  }
}
