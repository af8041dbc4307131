import { alignUp, bufferOf, CACHE_LINE, type MemoryLike } from './align.js';

/** `alloc` result: the region has too few bytes left. Nothing was allocated. */
export const ARENA_FULL = -1;
/** `alloc` result: the size is not a non-negative safe integer. Nothing was allocated. */
export const ARENA_BAD_SIZE = -2;

/**
 * Bump allocation of 64-byte-aligned regions from one buffer: an ArrayBuffer, a SharedArrayBuffer or a
 * WebAssembly memory. Allocation returns byte offsets into the buffer (never views, so it allocates no JS
 * objects and offsets stay valid when a WASM memory grows), or a negative code when it cannot. `reset()` frees
 * everything at once; there is no per-region free.
 */
export class AlignedArena {
  readonly memory: MemoryLike;
  /** First byte of the region (a multiple of 64; past `end` when the region is too small for any allocation). */
  readonly start: number;
  /** One past the last byte of the region. */
  readonly end: number;
  #top: number;

  /**
   * Manages memory[byteOffset, byteOffset + byteLength); the start is rounded up to 64 bytes. Throws on a region
   * outside the buffer: that is a programmer error, not a data error.
   */
  constructor(memory: MemoryLike, byteOffset = 0, byteLength: number = bufferOf(memory).byteLength - byteOffset) {
    const size = bufferOf(memory).byteLength;
    if (!Number.isSafeInteger(byteOffset) || !Number.isSafeInteger(byteLength) || byteOffset < 0 || byteLength < 0) {
      throw new RangeError(`AlignedArena: byteOffset ${byteOffset} and byteLength ${byteLength} must be integers ≥ 0`);
    }
    if (byteOffset + byteLength > size) {
      throw new RangeError(
        `AlignedArena: region [${byteOffset}, ${byteOffset + byteLength}) exceeds buffer of ${size}`,
      );
    }
    this.memory = memory;
    this.start = alignUp(byteOffset);
    this.end = byteOffset + byteLength;
    this.#top = this.start;
  }

  /** The buffer the offsets refer to; for a WASM memory, its current buffer (replaced when the memory grows). */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    return bufferOf(this.memory);
  }

  /** Bytes handed out so far, alignment padding included. */
  get used(): number {
    return Math.max(0, Math.min(this.#top, this.end) - this.start);
  }

  /** Bytes still free (the next allocation of this many bytes or fewer succeeds). */
  get remaining(): number {
    return Math.max(0, this.end - this.#top);
  }

  /**
   * Byte offset (a multiple of 64) of `bytes` fresh bytes, or ARENA_FULL / ARENA_BAD_SIZE. The bytes are not
   * zeroed: after `reset()` they hold whatever was written before.
   */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) return ARENA_BAD_SIZE;
    const at = this.#top;
    if (bytes > this.end - at) return ARENA_FULL;
    // The top stays aligned even past `end`, so every offset returned is a multiple of 64.
    this.#top = alignUp(at + bytes, CACHE_LINE);
    return at;
  }

  /** Frees every region at once; offsets handed out before are invalid afterwards. */
  reset(): void {
    this.#top = this.start;
  }
}
