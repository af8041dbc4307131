// A batch as the TypeScript side writes it, straight into this memory: fixed-capacity struct-of-arrays regions
// (one copy of the caller's bytes, 64-byte aligned), plus the random coefficients and the per-item status.

export let capacity: i32 = 0;
export let sigs: usize = 0; // 64 bytes per item
export let keys: usize = 0; // 32 bytes per item
export let msgOffsets: usize = 0; // u32 per item, into the arena
export let msgLengths: usize = 0; // u32 per item
export let arena: usize = 0;
export let arenaBytes: i32 = 0;
export let rand: usize = 0; // 16 random bytes per item, plus 16 for the batch's hash seed
export let status: usize = 0; // u8 per item: 0 valid, else a reason code

function aligned(bytes: usize): usize {
  const p = heap.alloc(bytes + 64);
  return (p + 63) & ~(<usize>63);
}

/** Allocates the regions once for batches of up to n items and arenaSize message bytes. */
export function reserveLayout(n: i32, arenaSize: i32): void {
  if (n <= capacity && arenaSize <= arenaBytes) return;
  const k = <usize>n;
  sigs = aligned(64 * k);
  keys = aligned(32 * k);
  msgOffsets = aligned(4 * k);
  msgLengths = aligned(4 * k);
  arena = aligned(<usize>arenaSize);
  rand = aligned(16 * k + 16);
  status = aligned(k);
  capacity = n;
  arenaBytes = arenaSize;
}

export function layoutSigs(): usize {
  return sigs;
}
export function layoutKeys(): usize {
  return keys;
}
export function layoutMsgOffsets(): usize {
  return msgOffsets;
}
export function layoutMsgLengths(): usize {
  return msgLengths;
}
export function layoutArena(): usize {
  return arena;
}
export function layoutRand(): usize {
  return rand;
}
export function layoutStatus(): usize {
  return status;
}
