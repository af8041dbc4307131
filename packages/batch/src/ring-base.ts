import { copyFromRing, copyToRing, viewOf } from './record-copy.js';
import { CLOSED_INDEX, initRing, type RingLayout, readRing, ringLayout, TAIL_INDEX } from './ring-layout.js';

/** The shape of a ring: how many records it holds and how long each is. */
export interface RingQueueOptions {
  /** Records the ring holds: a power of two in [1, 2^29] (MpscRingQueue: [2, 2^29]). */
  readonly capacity: number;
  /** Bytes per record (slots are spaced by this rounded up to 8). */
  readonly recordBytes: number;
}

/** A ring class: its layout kind, and attaching to a ring of that kind. */
interface RingClass<T> {
  readonly KIND: number;
  new (buffer: SharedArrayBuffer, byteOffset?: number): T;
}

/**
 * What RingQueue and MpscRingQueue share: the buffer and its views, the slot geometry, and the copying forms of
 * enqueue and dequeue built on each ring's zero-copy steps (reserve/commit, peek/release).
 */
export abstract class RingBase {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly capacity: number;
  readonly recordBytes: number;
  /** Bytes between slots; record i lives at `bytes[offset … offset + recordBytes)` for the offset peek/reserve give. */
  readonly stride: number;
  /** A byte view of the whole buffer, for reading and writing records in place. */
  readonly bytes: Uint8Array;
  protected readonly layout: RingLayout;
  protected readonly words: Int32Array;
  protected readonly header: Int32Array;
  protected readonly slots: number;
  protected readonly mask: number;
  /** 2 × capacity: a full ring's distance between the stored (doubled) positions. */
  protected readonly span: number;
  // The last record and output buffers seen, with a DataView over each, so reused buffers copy without allocating.
  #record: Uint8Array | undefined;
  #recordView: DataView | undefined;
  #out: Uint8Array | undefined;
  #outView: DataView | undefined;

  /** Bytes a ring of this shape occupies in a buffer. */
  static byteLength(this: { readonly KIND: number }, options: RingQueueOptions): number {
    // biome-ignore lint/complexity/noThisInStatic: the class the call names (RingQueue or MpscRingQueue) decides the kind
    return ringLayout(this.KIND, options.capacity, options.recordBytes).byteLength;
  }

  /** A new ring in a SharedArrayBuffer of its own, or written into `buffer` at `byteOffset` (a multiple of 64). */
  static create<T extends RingBase>(
    this: RingClass<T>,
    options: RingQueueOptions,
    buffer?: SharedArrayBuffer,
    byteOffset = 0,
  ): T {
    // biome-ignore lint/complexity/noThisInStatic: the class the call names decides the kind and what is built
    const layout = ringLayout(this.KIND, options.capacity, options.recordBytes);
    const sab = buffer ?? new SharedArrayBuffer(layout.byteLength);
    initRing(sab, byteOffset, layout);
    return new this(sab, byteOffset);
  }

  /** Attaches to a ring of this kind that `create` initialised (in any thread); throws if there is none. */
  protected constructor(kind: number, buffer: SharedArrayBuffer, byteOffset: number) {
    const layout = readRing(kind, buffer, byteOffset);
    this.layout = layout;
    this.buffer = buffer;
    this.byteOffset = byteOffset;
    this.capacity = layout.capacity;
    this.recordBytes = layout.recordBytes;
    this.stride = layout.stride;
    this.bytes = new Uint8Array(buffer);
    this.words = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
    this.header = new Int32Array(buffer, byteOffset, TAIL_INDEX + 1);
    this.slots = byteOffset + layout.slots;
    this.mask = layout.capacity - 1;
    this.span = 2 * layout.capacity;
  }

  /** Zero-copy enqueue, step 1: the byte offset in `bytes` of a free slot, or -1 if the ring is full. */
  abstract reserve(): number;
  /** Zero-copy enqueue, step 2: publishes the slot `reserve()` returned. */
  abstract commit(): void;
  /** Zero-copy dequeue, step 1: the byte offset in `bytes` of the oldest record, or -1 if there is none yet. */
  abstract peek(): number;
  /** Zero-copy dequeue, step 2: frees the slot `peek()` returned. */
  abstract release(): void;

  /**
   * Copies `record` (exactly `recordBytes` long) into the ring. False, with nothing written, when the ring is
   * full or the length is wrong. Enqueuing from the same buffer twice in a row takes a faster word-wise copy.
   */
  tryEnqueue(record: Uint8Array): boolean {
    if (record.length !== this.recordBytes) return false;
    const at = this.reserve();
    if (at < 0) return false;
    if (record === this.#record) copyToRing(this.words, this.bytes, at, this.#recordView as DataView, this.recordBytes);
    else {
      this.bytes.set(record, at);
      this.#record = record;
      this.#recordView = viewOf(record);
    }
    this.commit();
    return true;
  }

  /**
   * Copies the oldest record into `out` (exactly `recordBytes` long) and frees its slot. False if empty or wrong
   * length. Reuse `out`: a new output buffer costs one DataView allocation.
   */
  tryDequeue(out: Uint8Array): boolean {
    if (out.length !== this.recordBytes) return false;
    const at = this.peek();
    if (at < 0) return false;
    if (out !== this.#out) {
      this.#out = out;
      this.#outView = viewOf(out);
    }
    copyFromRing(this.words, this.bytes, at, this.#outView as DataView, this.recordBytes);
    this.release();
    return true;
  }

  get closed(): boolean {
    return Atomics.load(this.header, CLOSED_INDEX) !== 0;
  }
}
