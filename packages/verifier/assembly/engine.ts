// The batch procedure both schemes share: prepare every item, draw the coefficients (a_0 = 1, the others
// 128-bit random), one sum over the well-formed items, and on failure bisection that reuses the prepared
// points and scalars: Q_right = Q − Q_left, and a range of one item whose sum is not zero is that item.
import { Verdict } from "./generated/spec";
import { rand, status } from "./layout";

/** What a scheme supplies. Sums are points of pointBytes bytes. */
export class SchemeOps {
  constructor(
    public prepare: (i: i32) => u8,
    /** Sets item i's coefficient from 16 random bytes at random, or to 1 when random is 0. */
    public setCoefficient: (i: usize, random: usize) => void,
    /** out = Σ over valid[lo..hi) of a_i·(the item's equation). */
    public rangeSum: (lo: i32, hi: i32, out: usize, seed: u32) => void,
    /** Whether a range's sum means "all valid". */
    public vanishes: (q: usize) => bool,
    /** out = a − b */
    public difference: (out: usize, a: usize, b: usize) => void,
    /** Keeps the key cache's slots stable while a batch is assembled and verified. */
    public pin: (on: bool) => void,
    public pointBytes: usize,
  ) {}
}

/** Indices (i32) of the well-formed items of the batch being verified. */
export let valid: usize = 0;
let frames: usize = 0;
let framesTop: usize = 0;
let reserved: i32 = 0;
const SUM: usize = memory.data(160);

export function reserveEngine(n: i32): void {
  if (n <= reserved) return;
  valid = heap.alloc(4 * <usize>n);
  // Two sums per level of bisection; 64 levels cover any batch.
  frames = heap.alloc(2 * 160 * 64);
  reserved = n;
}

function locate(s: SchemeOps, lo: i32, hi: i32, q: usize, seed: u32): void {
  if (s.vanishes(q)) return;
  if (hi - lo == 1) {
    store<u8>(status + <usize>load<i32>(valid + 4 * <usize>lo), Verdict.INVALID);
    return;
  }
  const mid = (lo + hi) >> 1;
  const left = framesTop;
  const right = framesTop + s.pointBytes;
  framesTop += 2 * s.pointBytes;
  s.rangeSum(lo, mid, left, seed);
  s.difference(right, q, left);
  locate(s, lo, mid, left, seed);
  locate(s, mid, hi, right, seed);
  framesTop -= 2 * s.pointBytes;
}

let preparing: i32 = 0; // items of the batch runBatch is preparing (0 outside it)
let aheadItem: i32 = -1; // the item decoded together with the one before it
let aheadCode: i32 = 0;

/**
 * Item i's decoding code when a batch decodes items two at a time (their square roots share SIMD lanes):
 * pair(i) decodes items i and i+1 together and returns code_i | code_{i+1} << 8, and item i+1's code waits for
 * its turn; one(i) decodes item i alone (the last item, or outside a batch).
 */
/** Whether item i's R was decoded together with the item before it (pairedDecode has its code). */
export function decodedAhead(i: i32): bool {
  return i == aheadItem;
}

export function pairedDecode(i: i32, pair: (i: i32) => i32, one: (i: i32) => i32): i32 {
  if (i == aheadItem) return aheadCode;
  if (i + 1 >= preparing) return one(i);
  const both = pair(i);
  aheadItem = i + 1;
  aheadCode = both >> 8;
  return both & 0xff;
}

/** Verifies items 0..n: statuses in the layout; returns how many are invalid or malformed. */
export function runBatch(s: SchemeOps, n: i32): i32 {
  s.pin(true);
  let count = 0;
  preparing = n;
  aheadItem = -1;
  for (let i = 0; i < n; i++) {
    const st = s.prepare(i);
    store<u8>(status + <usize>i, st);
    if (st == Verdict.VALID) {
      store<i32>(valid + 4 * <usize>count, i);
      count++;
    }
  }
  preparing = 0;
  aheadItem = -1;
  for (let k = 0; k < count; k++) {
    const i = <usize>load<i32>(valid + 4 * <usize>k);
    s.setCoefficient(i, k == 0 ? 0 : rand + 16 * i);
  }
  if (count > 0) {
    const seed = load<u32>(rand + 16 * <usize>n);
    framesTop = frames;
    s.rangeSum(0, count, SUM, seed);
    locate(s, 0, count, SUM, seed);
  }
  s.pin(false);
  let bad = 0;
  for (let i = 0; i < n; i++) if (load<u8>(status + <usize>i) != Verdict.VALID) bad++;
  return bad;
}
