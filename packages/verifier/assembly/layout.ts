// Where the batch being verified lives: a FixedBatch (@tallyio/batch) in this memory, read in place. Fixed-width
// columns with their row strides, and a message index of (absolute offset, length) u32 pairs. The kernels own
// the random coefficients and the per-item status.
import { MessageIndex } from "./generated/spec";

export let capacity: i32 = 0;
export let sigs: usize = 0;
export let sigStride: usize = 64;
export let keys: usize = 0;
export let keyStride: usize = 32;
export let msgIndex: usize = 0;
/** Added to every message offset: 0 when offsets are absolute, or where a copied region now lives. */
export let msgBase: usize = 0;
export let rand: usize = 0; // 16 random bytes per item, plus 16 for the batch's hashing seed
export let status: usize = 0; // u8 per item: 0 valid, else a reason code

/** Points the kernels at the batch to verify. */
export function setLayout(s: usize, sStride: usize, k: usize, kStride: usize, index: usize, base: usize): void {
  sigs = s;
  sigStride = sStride;
  keys = k;
  keyStride = kStride;
  msgIndex = index;
  msgBase = base;
}

/** Allocates the kernels' own per-item regions once for batches of up to n items. */
export function reserveLayout(n: i32): void {
  if (n <= capacity) return;
  rand = heap.alloc(16 * <usize>n + 16);
  status = heap.alloc(<usize>n);
  capacity = n;
}

export function layoutRand(): usize {
  return rand;
}
export function layoutStatus(): usize {
  return status;
}

/** Signature, key and message of item i. */
export function sigAt(i: usize): usize {
  return sigs + sigStride * i;
}
export function keyAt(i: usize): usize {
  return keys + keyStride * i;
}
export function messageAt(i: usize): usize {
  return msgBase + <usize>load<u32>(msgIndex + MessageIndex.SIZE * i + MessageIndex.OFFSET);
}
export function messageLengthAt(i: usize): usize {
  return <usize>load<u32>(msgIndex + MessageIndex.SIZE * i + MessageIndex.LENGTH);
}
