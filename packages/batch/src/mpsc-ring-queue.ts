import { copyFromRing, copyToRing, viewOf } from './record-copy.js';
import { CLOSED_INDEX, initRing, KIND_MPSC, type RingLayout, readRing, ringLayout, TAIL_INDEX } from './ring-layout.js';
import type { RingQueueOptions } from './ring-queue.js';
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
export class MpscRingQueue {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly capacity: number;
  readonly recordBytes: number;
  readonly stride: number;
  /** A byte view of the whole buffer, for reading and writing records in place. */
  readonly bytes: Uint8Array;
  readonly #words: Int32Array;
  readonly #header: Int32Array;
  /** Per slot: 2·position while free for that position, 2·position + 2 once it holds it; bit 0 flags a sleeper. */
  readonly #seq: Int32Array;
  readonly #slots: number;
  readonly #mask: number;
  readonly #span: number;
  // Producer side: the position this producer expects to claim next, and the one it claimed last.
  #tailGuess: number;
  #claimed = 0;
  // Consumer side.
  #head: number;
  #record: Uint8Array | undefined;
  #recordView: DataView | undefined;
  #out: Uint8Array | undefined;
  #outView: DataView | undefined;

  static byteLength(options: RingQueueOptions): number {
    return ringLayout(KIND_MPSC, options.capacity, options.recordBytes).byteLength;
  }

  /** A new ring in a SharedArrayBuffer of its own, or written into `buffer` at `byteOffset` (a multiple of 64). */
  static create(options: RingQueueOptions, buffer?: SharedArrayBuffer, byteOffset = 0): MpscRingQueue {
    const layout = ringLayout(KIND_MPSC, options.capacity, options.recordBytes);
    const sab = buffer ?? new SharedArrayBuffer(layout.byteLength);
    initRing(sab, byteOffset, layout);
    return new MpscRingQueue(sab, byteOffset);
  }

  /** Attaches to a ring that `MpscRingQueue.create` initialised (in any thread); throws if there is none. */
  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    const layout: RingLayout = readRing(KIND_MPSC, buffer, byteOffset);
    this.buffer = buffer;
    this.byteOffset = byteOffset;
    this.capacity = layout.capacity;
    this.recordBytes = layout.recordBytes;
    this.stride = layout.stride;
    this.bytes = new Uint8Array(buffer);
    this.#words = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
    this.#header = new Int32Array(buffer, byteOffset, TAIL_INDEX + 1);
    this.#seq = new Int32Array(buffer, byteOffset + layout.sequences, layout.capacity);
    this.#slots = byteOffset + layout.slots;
    this.#mask = layout.capacity - 1;
    this.#span = 2 * layout.capacity;
    this.#tailGuess = Atomics.load(this.#header, TAIL_INDEX);
    // The consumer's position: the first of the last `capacity` positions whose slot has not been freed for the
    // next lap (a fresh ring's initial words read as all freed). Matters only for a consumer attached mid-stream.
    this.#head = this.#tailGuess;
    for (let i = 0; i < layout.capacity; i++) {
      const p = (this.#tailGuess - this.#span + 2 * i) | 0;
      if ((Atomics.load(this.#seq, (p >>> 1) & this.#mask) & ~1) !== ((p + this.#span) | 0)) {
        this.#head = p;
        break;
      }
    }
  }

  // ---- producers ----

  /** Copies `record` (exactly `recordBytes` long) into the ring. False, with nothing written, if full or wrong length. */
  tryEnqueue(record: Uint8Array): boolean {
    if (record.length !== this.recordBytes) return false;
    const at = this.reserve();
    if (at < 0) return false;
    if (record === this.#record)
      copyToRing(this.#words, this.bytes, at, this.#recordView as DataView, this.recordBytes);
    else {
      this.bytes.set(record, at);
      this.#record = record;
      this.#recordView = viewOf(record);
    }
    this.commit();
    return true;
  }

  /**
   * Zero-copy enqueue, step 1: claims the next free slot and returns its byte offset in `bytes`, or -1 if the ring
   * is full. The claim is final: write the record and `commit()` before the next reserve, or the consumer stalls.
   */
  reserve(): number {
    let t = this.#tailGuess;
    for (;;) {
      const slot = (t >>> 1) & this.#mask;
      const d = ((Atomics.load(this.#seq, slot) & ~1) - t) | 0;
      if (d === 0) {
        const seen = Atomics.compareExchange(this.#header, TAIL_INDEX, t, (t + 2) | 0);
        if (seen === t) {
          this.#claimed = t;
          this.#tailGuess = (t + 2) | 0;
          return this.#slots + slot * this.stride;
        }
        t = seen;
      } else if (d < 0) {
        // The slot still holds the record from one lap ago.
        this.#tailGuess = t;
        return -1;
      } else {
        t = Atomics.load(this.#header, TAIL_INDEX);
      }
    }
  }

  /** Zero-copy enqueue, step 2: publishes the slot the last `reserve()` claimed. */
  commit(): void {
    const t = this.#claimed;
    publish(this.#seq, (t >>> 1) & this.#mask, (t + 2) | 0);
  }

  /** Waits until a slot is free. Blocks the thread (Atomics.wait): for workers and Node's main thread. */
  waitNotFull(timeoutMs: number = Number.POSITIVE_INFINITY): WaitResult {
    const deadline = deadlineOf(timeoutMs);
    for (let spin = 0; ; spin++) {
      const t = Atomics.load(this.#header, TAIL_INDEX);
      const slot = (t >>> 1) & this.#mask;
      const w = Atomics.load(this.#seq, slot);
      if ((((w & ~1) - t) | 0) >= 0) return 'ready';
      if (spin < SPIN_CHECKS) continue;
      const r = park(this.#header, this.#seq, slot, w, deadline);
      if (r === PARK_CLOSED) return 'closed';
      if (r === PARK_TIMED_OUT) return 'timed-out';
    }
  }

  /** `waitNotFull` without blocking the thread (Atomics.waitAsync): for the browser main thread. */
  async waitNotFullAsync(timeoutMs: number = Number.POSITIVE_INFINITY): Promise<WaitResult> {
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      const t = Atomics.load(this.#header, TAIL_INDEX);
      const slot = (t >>> 1) & this.#mask;
      const w = Atomics.load(this.#seq, slot);
      if ((((w & ~1) - t) | 0) >= 0) return 'ready';
      const r = await parkAsync(this.#header, this.#seq, slot, w, deadline);
      if (r === PARK_CLOSED) return 'closed';
      if (r === PARK_TIMED_OUT) return 'timed-out';
    }
  }

  // ---- consumer ----

  /** Copies the oldest record into `out` (exactly `recordBytes` long) and frees its slot. False if empty or wrong length. */
  tryDequeue(out: Uint8Array): boolean {
    if (out.length !== this.recordBytes) return false;
    const at = this.peek();
    if (at < 0) return false;
    if (out !== this.#out) {
      this.#out = out;
      this.#outView = viewOf(out);
    }
    copyFromRing(this.#words, this.bytes, at, this.#outView as DataView, this.recordBytes);
    this.release();
    return true;
  }

  /**
   * Zero-copy dequeue, step 1: the byte offset of the oldest record, or -1 if it is not published yet (records
   * come out in the order positions were claimed, so one slow producer holds back those behind it).
   */
  peek(): number {
    const h = this.#head;
    const slot = (h >>> 1) & this.#mask;
    if ((Atomics.load(this.#seq, slot) & ~1) !== ((h + 2) | 0)) return -1;
    return this.#slots + slot * this.stride;
  }

  /** Zero-copy dequeue, step 2: frees the slot `peek()` returned for the producers' next lap. */
  release(): void {
    const h = this.#head;
    publish(this.#seq, (h >>> 1) & this.#mask, (h + this.#span) | 0);
    this.#head = (h + 2) | 0;
  }

  /** Waits until `peek()` may succeed. Blocks the thread (Atomics.wait): for workers and Node's main thread. */
  waitNotEmpty(timeoutMs: number = Number.POSITIVE_INFINITY): WaitResult {
    const deadline = deadlineOf(timeoutMs);
    const slot = (this.#head >>> 1) & this.#mask;
    const ready = (this.#head + 2) | 0;
    for (let spin = 0; ; spin++) {
      const w = Atomics.load(this.#seq, slot);
      if ((w & ~1) === ready) return 'ready';
      if (spin < SPIN_CHECKS) continue;
      const r = park(this.#header, this.#seq, slot, w, deadline);
      if (r === PARK_CLOSED) return (Atomics.load(this.#seq, slot) & ~1) === ready ? 'ready' : 'closed';
      if (r === PARK_TIMED_OUT) return 'timed-out';
    }
  }

  /** `waitNotEmpty` without blocking the thread (Atomics.waitAsync): for the browser main thread. */
  async waitNotEmptyAsync(timeoutMs: number = Number.POSITIVE_INFINITY): Promise<WaitResult> {
    const deadline = deadlineOf(timeoutMs);
    const slot = (this.#head >>> 1) & this.#mask;
    const ready = (this.#head + 2) | 0;
    for (;;) {
      const w = Atomics.load(this.#seq, slot);
      if ((w & ~1) === ready) return 'ready';
      const r = await parkAsync(this.#header, this.#seq, slot, w, deadline);
      if (r === PARK_CLOSED) return (Atomics.load(this.#seq, slot) & ~1) === ready ? 'ready' : 'closed';
      if (r === PARK_TIMED_OUT) return 'timed-out';
    }
  }

  // ---- either side ----

  /** Marks the ring closed and wakes every sleeper (visits every slot: O(capacity), meant for shutdown). */
  close(): void {
    closeRing(this.#header, this.#seq, indices(this.capacity));
  }

  get closed(): boolean {
    return Atomics.load(this.#header, CLOSED_INDEX) !== 0;
  }
}
