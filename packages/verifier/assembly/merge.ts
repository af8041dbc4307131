// What the schemes' weighted sums share: merging repeated public keys within one batch (n signatures by m
// distinct keys become m MSM terms, their scalars summed, instead of n; open addressing over a seeded hash of the
// key), the regions of a range's sum, and the sum from its start to its MSM.
import { reserveEngine, valid } from "./engine";
import { TaggedKey } from "./generated/spec";
import { allocateItems, keyPoints, slots } from "./items";
import { keyAt } from "./layout";

const SCALAR: usize = 36;

/** out = g·base + Σ over n fresh points (pts, scs) + Σ over m cached keys (their slots, slotScs), one Straus pass. */
type Straus = (out: usize, pts: usize, scs: usize, n: i32, slots: usize, slotScs: usize, m: i32, g: usize) => void;
type Msm = (out: usize, pts: usize, scs: usize, n: i32) => void;

/**
 * How a scheme's sums run: the size of their points (the keys' and the fresh terms'), the base point (for the
 * Pippenger path), the curve's MSMs with their Straus/Pippenger crossover (terms), and the sizing of the curve's
 * tables for sums of up to maxPoints points. Set by initSums, or by name in an object literal.
 */
export class SumOps {
  pointBytes: usize = 0;
  generator: usize = 0;
  strausMax: i32 = 0;
  straus: Straus = noStraus;
  msm: Msm = noMsm;
  reserveTables: (maxPoints: i32) => void = noReserve;
}

// Initial values for the fields above (AssemblyScript fields need one).
function noStraus(_o: usize, _p: usize, _s: usize, _n: i32, _k: usize, _ks: usize, _m: i32, _g: usize): void {}
function noMsm(_o: usize, _p: usize, _s: usize, _n: i32): void {}
function noReserve(_n: i32): void {}

/** Sets a scheme's SumOps and returns it (bip340 and ed25519 subclass it with their addItem, for sumRange). */
export function initSums<Sums extends SumOps>(
  sums: Sums,
  pointBytes: usize,
  generator: usize,
  strausMax: i32,
  straus: Straus,
  msm: Msm,
  reserveTables: (maxPoints: i32) => void,
): Sums {
  sums.pointBytes = pointBytes;
  sums.generator = generator;
  sums.strausMax = strausMax;
  sums.straus = straus;
  sums.msm = msm;
  sums.reserveTables = reserveTables;
  return sums;
}

// A range's sum: its fresh terms (points and scalars), its distinct keys (cache slots and summed scalars) and the
// base point's scalar.
export let freshPts: usize = 0;
export let freshScs: usize = 0;
let keySlots: usize = 0;
let keyScs: usize = 0;
export const BASE_SCALAR: usize = memory.data(36);

let reservedItems: i32 = 0;
let reservedPointBytes: usize = 0;
let reservedTerms: i32 = 0;

/**
 * Sizes everything a batch of n items needs, with points of sums.pointBytes and up to termsPerItem fresh terms per
 * item: the per-item regions (items.ts), key merging, the engine, a range's sum and the curve's tables. They only
 * grow (each to the largest size asked for).
 */
export function reserveItems(n: i32, sums: SumOps, termsPerItem: i32): void {
  sums.reserveTables(termsPerItem * n + 1);
  if (n <= reservedItems && sums.pointBytes <= reservedPointBytes && termsPerItem <= reservedTerms) return;
  if (n > reservedItems) {
    reserveMerge(n);
    reserveEngine(n);
    reservedItems = n;
  }
  if (sums.pointBytes > reservedPointBytes) reservedPointBytes = sums.pointBytes;
  if (termsPerItem > reservedTerms) reservedTerms = termsPerItem;
  const m = <usize>reservedItems;
  const terms = <usize>reservedTerms * m + 1;
  allocateItems(m, reservedPointBytes, SCALAR);
  freshPts = heap.alloc(terms * reservedPointBytes);
  freshScs = heap.alloc(terms * SCALAR);
  keySlots = heap.alloc(4 * m);
  keyScs = heap.alloc(m * SCALAR);
}

const TAGGED_KEY: usize = memory.data(<i32>TaggedKey.SIZE);

/** The key-cache record (TaggedKey) of a 32-byte key with this tag, in a scratch buffer whose address it returns. */
export function tagKey(key: usize, tag: u8): usize {
  memory.copy(TAGGED_KEY + TaggedKey.KEY, key, TaggedKey.KEY_BYTES);
  store<u8>(TAGGED_KEY + TaggedKey.TAG, tag);
  return TAGGED_KEY;
}

let tableSlots: usize = 0;
let tableMask: u32 = 0;
let uniqueCount: i32 = 0;
let uniqueOf: usize = 0; // i32 per item: its key's index among the unique keys
let firstItem: usize = 0; // i32 per unique key: the item it was first seen in

function reserveMerge(n: i32): void {
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
function mergeKeys(items: usize, count: i32, seed: u32, len: usize = 32): i32 {
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

/** The summed scalar (in keyScs) of item i's key, once its range's keys are merged. */
export function keyScalar(i: usize): usize {
  return keyScs + SCALAR * <usize>load<i32>(uniqueOf + 4 * i);
}

/** Whether a sum of this many terms (the base point's included) runs Straus rather than Pippenger. */
export function strausFits(terms: i32, strausMax: i32): bool {
  return terms <= strausMax;
}

/**
 * Starts the sum over valid[lo..hi): merges the items' keys (keyLen bytes each at keyAt) and clears the base
 * point's scalar and the distinct keys' scalars. Returns the number of distinct keys.
 */
export function beginRange(lo: i32, hi: i32, seed: u32, keyLen: usize = 32): i32 {
  const unique = mergeKeys(valid + 4 * <usize>lo, hi - lo, seed, keyLen);
  memory.fill(BASE_SCALAR, 0, SCALAR);
  memory.fill(keyScs, 0, <usize>unique * SCALAR);
  return unique;
}

/**
 * out = the sum over valid[lo..hi), for a scheme whose items bring one fresh term each: sums.addItem(i, j) adds
 * item i's parts (its fresh term as the j-th, its key's scalar at keyScalar(i), the base point's scalar).
 */
export function sumRange<Sums extends SumOps>(sums: Sums, lo: i32, hi: i32, out: usize, seed: u32): void {
  const unique = beginRange(lo, hi, seed);
  for (let k = lo; k < hi; k++) sums.addItem(<usize>load<i32>(valid + 4 * <usize>k), <usize>(k - lo));
  finishSum(out, unique, hi - lo, sums);
}

/**
 * Ends a range's sum once its `fresh` fresh terms are in place (sums.pointBytes-sized points, 36-byte scalars)
 * and `tabled` terms with prebuilt tables are queued (only when the sum will run Straus): each distinct key — its
 * summed scalar in keyScs, its first item's cache slot in `slots` and point in `keyPoints` — becomes a cached
 * term (its tables kept) when Straus runs and the key is cached, else one more fresh point. Up to
 * sums.strausMax terms Straus with the base point's scalar; above that Pippenger with the generator appended.
 */
export function finishSum(out: usize, unique: i32, fresh: i32, sums: SumOps, tabled: i32 = 0): void {
  const pb = sums.pointBytes;
  const useStraus = strausFits(fresh + tabled + unique + 1, sums.strausMax);
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
      memory.copy(freshPts + pb * <usize>fresh, keyPoints + pb * first, pb);
      memory.copy(freshScs + SCALAR * <usize>fresh, sc, SCALAR);
      fresh++;
    }
  }
  if (useStraus) {
    sums.straus(out, freshPts, freshScs, fresh, keySlots, keyScs, cached, BASE_SCALAR);
    return;
  }
  memory.copy(freshPts + pb * <usize>fresh, sums.generator, pb);
  memory.copy(freshScs + SCALAR * <usize>fresh, BASE_SCALAR, SCALAR);
  sums.msm(out, freshPts, freshScs, fresh + 1);
}
