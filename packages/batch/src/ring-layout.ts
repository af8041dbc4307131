import { alignUp, CACHE_LINE, isPowerOfTwo } from './align.js';

// Header of a ring, as Int32 indices. The consumer's and the producers' counters sit on lines of their own so the
// two sides never invalidate each other's cache line except when they read the other's counter.
export const MAGIC_INDEX = 0;
export const KIND_INDEX = 1;
export const CAPACITY_INDEX = 2;
export const RECORD_BYTES_INDEX = 3;
export const CLOSED_INDEX = 4;
/** Consumer position (SPSC), byte 64. */
export const HEAD_INDEX = 16;
/** Producer position (SPSC) or the producers' reservation counter (MPSC), byte 128. */
export const TAIL_INDEX = 32;
const HEADER_BYTES = 3 * CACHE_LINE;

/** "TRNG": marks a buffer initialised as a ring, so attaching to anything else fails loudly. */
export const RING_MAGIC = 0x54524e47;
export const KIND_SPSC = 1;
export const KIND_MPSC = 2;

/**
 * Positions are stored doubled: they advance by 2 per record and wrap at 2^32, and bit 0 of a stored word flags
 * that a thread sleeps on it (set by the sleeper with compareExchange, cleared and acted on by the writer's
 * exchange). Doubling bounds the capacity at 2^29 records so a full ring's distance still fits in an int32.
 */
export const MAX_CAPACITY = 0x20000000;
/** Slots are 8-byte aligned so a record can be read through Int32/Uint32/Float64 views without a copy. */
export const RECORD_ALIGN = 8;

export interface RingLayout {
  readonly kind: number;
  readonly capacity: number;
  readonly recordBytes: number;
  /** Bytes between consecutive slots. */
  readonly stride: number;
  /** Offset (from the ring's start) of the per-slot sequence words (MPSC only; 0 for SPSC). */
  readonly sequences: number;
  /** Offset of slot 0. */
  readonly slots: number;
  readonly byteLength: number;
}

/** Layout of a ring; throws on a capacity or record size no ring can have (a programmer error). */
export function ringLayout(kind: number, capacity: number, recordBytes: number): RingLayout {
  const name = kind === KIND_MPSC ? 'MpscRingQueue' : 'RingQueue';
  // MPSC needs two slots: with one, "holds position p" and "free for position p + 1" would be the same word.
  const min = kind === KIND_MPSC ? 2 : 1;
  if (!isPowerOfTwo(capacity) || capacity < min || capacity > MAX_CAPACITY) {
    throw new RangeError(`${name}: capacity must be a power of two in [${min}, 2^29], got ${capacity}`);
  }
  if (!Number.isSafeInteger(recordBytes) || recordBytes < 1 || recordBytes > 0x7fffffff) {
    throw new RangeError(`${name}: recordBytes must be an integer ≥ 1, got ${recordBytes}`);
  }
  const stride = alignUp(recordBytes, RECORD_ALIGN);
  const sequences = kind === KIND_MPSC ? HEADER_BYTES : 0;
  const slots = kind === KIND_MPSC ? alignUp(HEADER_BYTES + 4 * capacity, CACHE_LINE) : HEADER_BYTES;
  return { kind, capacity, recordBytes, stride, sequences, slots, byteLength: alignUp(slots + stride * capacity) };
}

function checkRegion(name: string, buffer: SharedArrayBuffer, byteOffset: number, byteLength: number): void {
  if (!(buffer instanceof SharedArrayBuffer)) throw new TypeError(`${name}: needs a SharedArrayBuffer`);
  if (!Number.isSafeInteger(byteOffset) || byteOffset < 0 || byteOffset % CACHE_LINE !== 0) {
    throw new RangeError(`${name}: byteOffset must be a multiple of 64, got ${byteOffset}`);
  }
  if (byteOffset + byteLength > buffer.byteLength) {
    throw new RangeError(`${name}: needs ${byteLength} bytes at ${byteOffset}, buffer has ${buffer.byteLength}`);
  }
}

/** Writes a fresh header (and, for MPSC, the initial sequence words) into buffer at byteOffset. */
export function initRing(buffer: SharedArrayBuffer, byteOffset: number, layout: RingLayout): void {
  checkRegion(layout.kind === KIND_MPSC ? 'MpscRingQueue' : 'RingQueue', buffer, byteOffset, layout.byteLength);
  const header = new Int32Array(buffer, byteOffset, HEADER_BYTES / 4);
  header.fill(0);
  header[KIND_INDEX] = layout.kind;
  header[CAPACITY_INDEX] = layout.capacity;
  header[RECORD_BYTES_INDEX] = layout.recordBytes;
  if (layout.kind === KIND_MPSC) {
    // Slot i is free for position i (stored doubled).
    const seq = new Int32Array(buffer, byteOffset + layout.sequences, layout.capacity);
    for (let i = 0; i < layout.capacity; i++) seq[i] = 2 * i;
  }
  // The magic goes last: a ring is attachable only once fully initialised.
  Atomics.store(header, MAGIC_INDEX, RING_MAGIC);
}

/** Reads the layout of a ring initialised by `initRing`; throws if the buffer holds no ring of this kind. */
export function readRing(kind: number, buffer: SharedArrayBuffer, byteOffset: number): RingLayout {
  const name = kind === KIND_MPSC ? 'MpscRingQueue' : 'RingQueue';
  checkRegion(name, buffer, byteOffset, HEADER_BYTES);
  const header = new Int32Array(buffer, byteOffset, HEADER_BYTES / 4);
  if (Atomics.load(header, MAGIC_INDEX) !== RING_MAGIC || header[KIND_INDEX] !== kind) {
    throw new TypeError(`${name}: no ${name} initialised at byte ${byteOffset} of this buffer`);
  }
  const layout = ringLayout(kind, header[CAPACITY_INDEX] ?? 0, header[RECORD_BYTES_INDEX] ?? 0);
  checkRegion(name, buffer, byteOffset, layout.byteLength);
  return layout;
}
