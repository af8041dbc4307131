/**
 * Bytes in a cache line on x86-64 and most ARM cores. Regions start on this boundary so that no two rows (or a
 * producer's and a consumer's counters) share a line, and WASM kernels read every field at an aligned address.
 */
export const CACHE_LINE = 64;

/** Rounds n (≥ 0) up to a multiple of align (a power of two). WASM memories may exceed 2^31 bytes, beyond bit masks. */
export function alignUp(n: number, align: number = CACHE_LINE): number {
  return n < 0x40000000 ? (n + align - 1) & -align : Math.ceil(n / align) * align;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Memory a container can live in: a plain or shared buffer, or a WebAssembly memory (its buffer may be replaced on grow). */
export type MemoryLike = ArrayBuffer | SharedArrayBuffer | WebAssembly.Memory;

export function bufferOf(memory: MemoryLike): ArrayBuffer | SharedArrayBuffer {
  return memory instanceof WebAssembly.Memory ? memory.buffer : memory;
}
