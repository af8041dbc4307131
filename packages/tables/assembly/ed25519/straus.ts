// Straus (interleaved wNAF) on Ed25519 for few points: the scalars' digits share one chain of doublings, against
// tables of odd multiples as affine Niels points (tables.ts).
import { Cached, Ext, Niels, PairExt } from "../generated/spec";
import { bitsAt, wnaf } from "../msm/digits";
import { addNielsLane, addNielsPair, dbl2, laneOf, setIdentity2 } from "./pair";
import { add, addCached, addNiels, copyExt, dbl, dblNoT, FE, setIdentity } from "./point";
import {
  BASE_W,
  BITS,
  baseCutTable,
  baseTable,
  bitAdds,
  CUT,
  cachedMultiples,
  HALF_BITS,
  initBaseCut,
  KEY_W,
  keyTable,
  nielsTable,
  oddMultiples,
  STRAUS_TABLE,
  STRAUS_W,
  termDigits,
  termTable,
} from "./tables";

const ACC: usize = memory.data(<i32>Ext.SIZE);
const TMP: usize = memory.data(<i32>Ext.SIZE);
const PACC: usize = memory.data(<i32>PairExt.SIZE);

// The pending terms: how many, and the longest wNAF among them.
let termCount: i32 = 0;
let termTop: i32 = 0;

/** Adds k·P (k < 2^bits) to the pending sum, P given by its table of odd multiples for window w. */
function addTerm(table: usize, k: usize, w: i32, bits: i32 = BITS): void {
  const i = <usize>termCount;
  termCount++;
  store<u32>(termTable + 4 * i, <u32>table);
  const len = wnaf(termDigits + 2 * i * <usize>(BITS + 1), k, w, bits);
  if (len > termTop) termTop = len;
}

/** Bit 1 of a term's table address: its entries are cached points (cachedMultiples), not affine Niels. */
const CACHED: u32 = 2;

/**
 * The additions of one bit position into bitAdds (u32 each: the entry's address, bit 0 set when it is to be
 * subtracted, bit 1 when the entry is cached; entries are 108- or 144-byte steps from aligned tables, so both
 * bits are free); returns how many.
 */
function bitAdditions(bit: i32): i32 {
  let m = 0;
  for (let i: usize = 0; i < <usize>termCount; i++) {
    const d = <i32>load<i16>(termDigits + 2 * (i * <usize>(BITS + 1) + <usize>bit));
    if (d == 0) continue;
    const table = load<u32>(termTable + 4 * i);
    const cached = table & CACHED;
    const step = cached != 0 ? Cached.SIZE : Niels.SIZE;
    const entry = <usize>(table & ~CACHED) + <usize>((d < 0 ? -d : d) >> 1) * step;
    store<u32>(bitAdds + 4 * <usize>m, <u32>entry | cached | (d < 0 ? 1 : 0));
    m++;
  }
  return m;
}

/**
 * out = the sum of the pending terms with two accumulators, one per SIMD lane: each bit's additions go to the
 * lanes in pairs (an odd one to lane 0 alone), both lanes double together, and the lanes are added at the end.
 * Clears the terms.
 */
function runStraus2(out: usize): void {
  setIdentity2(PACC);
  let started = false;
  for (let bit = termTop - 1; bit >= 0; bit--) {
    if (started) dbl2(PACC, PACC);
    const m = bitAdditions(bit);
    let k = 0;
    for (; k + 1 < m; k += 2) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      const b = load<u32>(bitAdds + 4 * <usize>(k + 1));
      addNielsPair(PACC, a & ~1, (a & 1) != 0, b & ~1, (b & 1) != 0);
    }
    if (k < m) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      addNielsLane(PACC, 0, a & ~1, (a & 1) != 0);
    }
    if (m > 0) started = true;
  }
  termCount = 0;
  termTop = 0;
  laneOf(ACC, PACC, 0);
  laneOf(TMP, PACC, 1);
  add(out, ACC, TMP);
}

/**
 * From this many terms runStraus2 (two lanes) replaces runStraus. Measured (µs per point, one accumulator vs
 * two): n = 8 20.2 vs 22.5 (the paired doublings cost more than one), n = 20 15.9 vs 15.8, n = 64 14.1 vs 12.7,
 * n = 144 13.7 vs 12.0.
 */
const STRAUS_PAIRS_MIN: i32 = 24;

function runStraus(out: usize): void {
  if (termCount >= STRAUS_PAIRS_MIN) {
    runStraus2(out);
    return;
  }
  setIdentity(ACC);
  for (let bit = termTop - 1; bit >= 0; bit--) {
    const m = bitAdditions(bit);
    // Only an addition reads T: a doubling that another doubling follows leaves it out (3M + 4S, not 4M + 4S).
    if (m > 0 || bit == 0) dbl(ACC, ACC);
    else dblNoT(ACC, ACC);
    for (let k = 0; k < m; k++) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      if ((a & CACHED) != 0) addCached(ACC, ACC, a & ~3, (a & 1) != 0);
      else addNiels(ACC, ACC, a & ~1, (a & 1) != 0);
    }
  }
  termCount = 0;
  termTop = 0;
  copyExt(out, ACC);
}

/** Cached multiples of a half-size sum's fresh points (at most two). */
const cachedTable: usize = memory.data(2 * STRAUS_TABLE * <i32>Cached.SIZE, 16);
const G_LOW: usize = memory.data(<i32>FE);
const G_HIGH: usize = memory.data(<i32>FE);

/**
 * Queues k_i·P_i for n fresh points, every scalar below 2^bits; their tables are built here: affine Niels, or
 * cached when `cached`.
 */
function addFreshTerms(pts: usize, scs: usize, n: i32, bits: i32, cached: bool): void {
  const t = <usize>STRAUS_TABLE;
  if (n > 0) {
    if (cached) cachedMultiples(cachedTable, pts, n, STRAUS_TABLE);
    else oddMultiples(nielsTable, pts, n, STRAUS_TABLE);
  }
  for (let i = 0; i < n; i++) {
    const table = cached
      ? (cachedTable + t * Cached.SIZE * <usize>i) | <usize>CACHED
      : nielsTable + t * Niels.SIZE * <usize>i;
    addTerm(table, scs + FE * <usize>i, STRAUS_W, bits);
  }
}

/** out = g·B (g ≠ 0) + Σ k_i·P_i over n fresh points + Σ c_j·K_j over m cached keys, one doubling chain. */
export function strausKeys(
  out: usize,
  pts: usize,
  scs: usize,
  n: i32,
  slots: usize,
  slotScs: usize,
  m: i32,
  g: usize,
): void {
  addFreshTerms(pts, scs, n, BITS, false);
  for (let j = 0; j < m; j++) addTerm(keyTable(load<i32>(slots + 4 * <usize>j)), slotScs + FE * <usize>j, KEY_W, BITS);
  if (g != 0) addTerm(baseTable, g, BASE_W);
  runStraus(out);
}

/**
 * out = g·B + Σ k_i·P_i over n fresh points (n ≤ 2) + c·K for the cached key in slot (−1: none), for half-size
 * scalars: every k_i and c below 2^CUT (half-size verification, @tallyio/field's halfSize). g (any scalar) is cut
 * at bit CUT, its low part against B's table and its high part against 2^CUT·B's, so one chain of CUT + 1
 * doublings serves. Every term's wNAF stops at HALF_BITS (no row is read past what its wnaf cleared), and the
 * fresh points' multiples stay in cached form (few terms: runStraus keeps to one accumulator, which takes them).
 */
export function strausHalf(out: usize, pts: usize, scs: usize, n: i32, slot: i32, c: usize, g: usize): void {
  initBaseCut();
  addFreshTerms(pts, scs, n, HALF_BITS, true);
  if (slot >= 0) addTerm(keyTable(slot), c, KEY_W, HALF_BITS);
  for (let j = 0; j < 9; j++) {
    store<u32>(G_HIGH + 4 * <usize>j, bitsAt(g, CUT + 29 * j, 29));
    const low = load<u32>(g + 4 * <usize>j);
    // Limb 4 holds bits 116..144: bits 116..126 stay low.
    store<u32>(G_LOW + 4 * <usize>j, j < 4 ? low : j == 4 ? low & ((1 << (CUT - 116)) - 1) : 0);
  }
  addTerm(baseTable, G_LOW, BASE_W, HALF_BITS);
  addTerm(baseCutTable, G_HIGH, BASE_W, HALF_BITS);
  runStraus(out);
}

/** out = Σ k_i·P_i (+ g·B when g ≠ 0) by interleaved wNAF; B's term uses its precomputed window-12 table. */
export function strausBase(out: usize, pts: usize, scs: usize, n: i32, g: usize): void {
  strausKeys(out, pts, scs, n, 0, 0, 0, g);
}

/** out = Σ k_i·P_i by interleaved wNAF. */
export function straus(out: usize, pts: usize, scs: usize, n: i32): void {
  strausBase(out, pts, scs, n, 0);
}
