// Merging repeated public keys within one batch: n signatures by m distinct keys become m MSM terms (their
// scalars summed) instead of n. Open addressing over a seeded hash of the 32-byte key.
import { keyAt } from "./layout";

let tableSlots: usize = 0;
let tableMask: u32 = 0;
let uniqueCount: i32 = 0;
export let uniqueOf: usize = 0; // i32 per item: its key's index among the unique keys
export let firstItem: usize = 0; // i32 per unique key: the item it was first seen in

export function reserveMerge(n: i32): void {
  let size: u32 = 4;
  while (size < <u32>(2 * n)) size <<= 1;
  tableSlots = heap.alloc(4 * <usize>size);
  tableMask = size - 1;
  uniqueOf = heap.alloc(4 * <usize>n);
  firstItem = heap.alloc(4 * <usize>n);
}

function hashKey(key: usize, len: usize, seed: u32): u32 {
  let h: u32 = 0x811c9dc5 ^ seed;
  for (let i: usize = 0; i < len; i++) h = (h ^ load<u8>(key + i)) * 0x01000193;
  return h;
}

/**
 * Assigns unique indices to the keys (len bytes at keyAt) of the listed items (items: i32 indices, count of them).
 * Returns the number of unique keys; uniqueOf[item] and firstItem[unique] describe the grouping.
 */
export function mergeKeys(items: usize, count: i32, seed: u32, len: usize = 32): i32 {
  memory.fill(tableSlots, 0, 4 * (<usize>tableMask + 1));
  uniqueCount = 0;
  for (let k = 0; k < count; k++) {
    const item = load<i32>(items + 4 * <usize>k);
    const key = keyAt(<usize>item);
    let at = hashKey(key, len, seed) & tableMask;
    while (true) {
      const entry = load<i32>(tableSlots + 4 * <usize>at);
      if (entry == 0) {
        store<i32>(tableSlots + 4 * <usize>at, uniqueCount + 1);
        store<i32>(firstItem + 4 * <usize>uniqueCount, item);
        store<i32>(uniqueOf + 4 * <usize>item, uniqueCount);
        uniqueCount++;
        break;
      }
      const first = load<i32>(firstItem + 4 * <usize>(entry - 1));
      if (memory.compare(keyAt(<usize>first), key, len) == 0) {
        store<i32>(uniqueOf + 4 * <usize>item, entry - 1);
        break;
      }
      at = (at + 1) & tableMask;
    }
  }
  return uniqueCount;
}

/** Whether a sum of this many terms (the base point's included) runs Straus rather than Pippenger. */
export function strausFits(terms: i32, strausMax: i32): bool {
  return terms <= strausMax;
}

/**
 * Ends a range's sum once its `fresh` fresh terms are in place (pointBytes-sized points, 36-byte scalars) and
 * `tabled` terms with prebuilt tables are queued (only when the sum will run Straus): each
 * distinct key — its summed scalar in keyScs, its first item's cache slot in `slots` and point in `points` —
 * becomes a cached term (its tables kept) when Straus runs and the key is cached, else one more fresh point.
 * Up to strausMax terms Straus with the base point's scalar g; above that Pippenger with the generator appended.
 */
export function finishSum(
  out: usize,
  unique: i32,
  fresh: i32,
  slots: usize,
  points: usize,
  pointBytes: usize,
  freshPts: usize,
  freshScs: usize,
  keySlots: usize,
  keyScs: usize,
  g: usize,
  generator: usize,
  strausMax: i32,
  straus: (out: usize, pts: usize, scs: usize, n: i32, slots: usize, slotScs: usize, m: i32, g: usize) => void,
  msm: (out: usize, pts: usize, scs: usize, n: i32) => void,
  tabled: i32 = 0,
): void {
  const useStraus = strausFits(fresh + tabled + unique + 1, strausMax);
  let cached = 0;
  for (let u = 0; u < unique; u++) {
    const first = <usize>load<i32>(firstItem + 4 * <usize>u);
    const slot = load<i32>(slots + 4 * first);
    const sc = keyScs + SCALAR * <usize>u;
    if (useStraus && slot >= 0) {
      store<i32>(keySlots + 4 * <usize>cached, slot);
      if (cached != u) memory.copy(keyScs + SCALAR * <usize>cached, sc, SCALAR);
      cached++;
    } else {
      memory.copy(freshPts + pointBytes * <usize>fresh, points + pointBytes * first, pointBytes);
      memory.copy(freshScs + SCALAR * <usize>fresh, sc, SCALAR);
      fresh++;
    }
  }
  if (useStraus) {
    straus(out, freshPts, freshScs, fresh, keySlots, keyScs, cached, g);
    return;
  }
  memory.copy(freshPts + pointBytes * <usize>fresh, generator, pointBytes);
  memory.copy(freshScs + SCALAR * <usize>fresh, g, SCALAR);
  msm(out, freshPts, freshScs, fresh + 1);
}
const SCALAR: usize = 36;
