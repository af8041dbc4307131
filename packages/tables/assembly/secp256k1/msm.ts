// Multi-scalar multiplication on secp256k1: Σ k_i·P_i for affine P_i and canonical scalars k_i < n.
// Every scalar is split by GLV into two halves below 2^128, so n points become 2n half-points with
// 128-bit scalars (λ·P = (β·x, y)). Straus (interleaved wNAF) for few points, Pippenger for many.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy } from "@tallyio/field/assembly/limbs";
import { SECP_BETA, SECP_GX, SECP_GY } from "../generated/constants";
import { KeyCache } from "../keyindex";
import { bitsAt, wnaf } from "../wnaf";
import { split } from "./glv";
import { addAffineLane, addAffinePair, dbl2, laneOf, setInfinity2, setPointLane } from "./pair";
import { reserveAffine, windowSum } from "./pippenger";
import {
  AFF,
  add,
  addAffine,
  addAffineSigned,
  batchToAffine,
  dbl,
  FE,
  fromAffine,
  JAC,
  setInfinity,
  toAffine,
} from "./point";

/** Straus window: tables of 2^(w−2) = 8 odd multiples per half-point. */
const STRAUS_W: i32 = 5;
const STRAUS_TABLE: i32 = 1 << (STRAUS_W - 2);
const HALF_BITS: i32 = 129;

// Scratch, sized once by reserve() from the largest batch (no allocation per call).
let capacity: i32 = 0;
let halves: usize = 0; // 2n half-scalars (36 B each)
let signs: usize = 0; // n split signs (i32)
let digits: usize = 0; // 2n × (HALF_BITS + 1) wNAF digits (i8), or Pippenger digits (i16)
let jacTable: usize = 0; // n × table Jacobian points
let affTable: usize = 0; // 2n × table affine points (P multiples, then λ·P multiples)
let zs: usize = 0;
let invScratch: usize = 0;
let doubles: usize = 0; // n Jacobian 2P, then affine
let halfPoints: usize = 0; // 2n affine half-points for Pippenger (P and λP)

const ACC: usize = memory.data(108);
const PACC: usize = memory.data(216);
const PTAB: usize = memory.data(216);
const SUM: usize = memory.data(108);

/** Sizes the scratch for batches of up to maxPoints points. Memory is bump-allocated once and kept. */
export function reserve(maxPoints: i32): void {
  if (maxPoints <= capacity) return;
  const n = <usize>maxPoints;
  const t = <usize>STRAUS_TABLE;
  halves = heap.alloc(2 * (n + 1) * FE);
  signs = heap.alloc(4 * n);
  digits = heap.alloc(2 * n * 2 * <usize>(HALF_BITS + 1));
  jacTable = heap.alloc(n * t * JAC);
  affTable = heap.alloc(2 * n * t * AFF);
  zs = heap.alloc(n * t * FE);
  invScratch = heap.alloc(n * t * FE);
  doubles = heap.alloc(n * JAC);
  halfPoints = heap.alloc(2 * n * AFF);
  termTable = heap.alloc(4 * (n + 1));
  termLam = heap.alloc(4 * (n + 1));
  termSigns = heap.alloc(4 * (n + 1));
  termDigits = heap.alloc(4 * (n + 1) * <usize>(HALF_BITS + 1));
  bitAdds = heap.alloc(4 * 2 * (n + 1));
  capacity = maxPoints;
}

/** Splits every scalar; halves[2i], halves[2i+1] = k1, k2 of scalar i, signs[i] their negation bits. */
function splitAll(scs: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const h = halves + 2 * FE * <usize>i;
    store<i32>(signs + 4 * <usize>i, split(h, h + FE, scs + FE * <usize>i));
  }
}

/**
 * Odd multiples P, 3P, …, (2·size − 1)P of n affine points into tables (size entries each, affine) and their
 * λ-images (β·x, y) into lams: 2P made affine for all points with one inversion, then mixed additions, then
 * one more inversion for all entries.
 */
function oddMultiples(tables: usize, lams: usize, pts: usize, n: i32, size: i32): void {
  const t = <usize>size;
  for (let i = 0; i < n; i++) {
    const tj = jacTable + t * JAC * <usize>i;
    fromAffine(tj, pts + AFF * <usize>i);
    dbl(doubles + JAC * <usize>i, tj);
  }
  batchToAffine(doubles, doubles, n, zs, invScratch);
  // Two points' multiples at once, one per SIMD lane (P is never infinity and has no small multiple that
  // collides, so the pair formula's fallback is not reached in practice; it is correct if it is).
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const ta = jacTable + t * JAC * <usize>i;
    const tb = ta + t * JAC;
    setPointLane(PTAB, 0, ta);
    setPointLane(PTAB, 1, tb);
    for (let j: usize = 1; j < t; j++) {
      addAffinePair(PTAB, doubles + AFF * <usize>i, false, doubles + AFF * <usize>(i + 1), false);
      laneOf(ta + JAC * j, PTAB, 0);
      laneOf(tb + JAC * j, PTAB, 1);
    }
  }
  if (i < n) {
    const tj = jacTable + t * JAC * <usize>i;
    for (let j: usize = 1; j < t; j++) addAffine(tj + JAC * j, tj + JAC * (j - 1), doubles + AFF * <usize>i);
  }
  batchToAffine(tables, jacTable, n * size, zs, invScratch);
  for (let e: usize = 0; e < <usize>n * t; e++) {
    F.mul(lams + AFF * e, tables + AFF * e, SECP_BETA);
    copy(lams + AFF * e + FE, tables + AFF * e + FE);
  }
}

// Straus terms: a table of odd multiples (and its λ-image), the split signs and the wNAF digits of both halves.
let termCount: i32 = 0;
let termTable: usize = 0;
let termLam: usize = 0;
let termSigns: usize = 0;
let termDigits: usize = 0;
let termTop: i32 = 0;
let bitAdds: usize = 0; // one bit position's additions (see bitAdditions)

/** Adds k·P to the pending Straus sum, P given by its odd-multiples tables built for window w. */
function addTerm(table: usize, lam: usize, k: usize, w: i32): void {
  const i = <usize>termCount;
  termCount++;
  const h = halves + 2 * FE * i;
  store<i32>(termSigns + 4 * i, split(h, h + FE, k));
  store<u32>(termTable + 4 * i, <u32>table);
  store<u32>(termLam + 4 * i, <u32>lam);
  for (let half: usize = 0; half < 2; half++) {
    const len = wnaf(termDigits + 2 * (2 * i + half) * <usize>(HALF_BITS + 1), h + FE * half, w, HALF_BITS);
    if (len > termTop) termTop = len;
  }
}

/** Where a GLV half (< 2^129) is cut: its low part goes against a point's table, its high part against 2^CUT times the point. */
const CUT: i32 = 64;

/**
 * Adds k·P to the pending Straus sum as two terms whose halves are at most 65 bits: the GLV halves' low 64 bits
 * against P's tables (lo, loLam) and their high bits against those of 2^64·P (hi, hiLam). A sum of such terms
 * needs 65 doublings instead of 129.
 */
function addTermSplit(lo: usize, loLam: usize, hi: usize, hiLam: usize, k: usize, w: i32): void {
  const i = <usize>termCount;
  termCount += 2;
  const low = halves + 2 * FE * i;
  const high = low + 2 * FE;
  const s = split(low, low + FE, k);
  for (let half: usize = 0; half < 2; half++) {
    const l = low + FE * half;
    const h = high + FE * half;
    for (let j = 0; j < 9; j++) store<u32>(h + 4 * <usize>j, j < 3 ? bitsAt(l, CUT + 29 * j, 29) : 0);
    store<u32>(l + 8, load<u32>(l + 8) & ((1 << (CUT - 58)) - 1));
    for (let j: usize = 3; j < 9; j++) store<u32>(l + 4 * j, 0);
  }
  store<i32>(termSigns + 4 * i, s);
  store<i32>(termSigns + 4 * (i + 1), s);
  store<u32>(termTable + 4 * i, <u32>lo);
  store<u32>(termLam + 4 * i, <u32>loLam);
  store<u32>(termTable + 4 * (i + 1), <u32>hi);
  store<u32>(termLam + 4 * (i + 1), <u32>hiLam);
  // Digits up to bit 66 only (the parts are below 2^65): a sum of split terms reads no further, and every
  // other term's wnaf clears its whole row.
  for (let r: usize = 0; r < 4; r++) {
    const len = wnaf(termDigits + 2 * (2 * i + r) * <usize>(HALF_BITS + 1), low + FE * r, w, CUT + 2);
    if (len > termTop) termTop = len;
  }
}

/**
 * The additions of one bit position into bitAdds (u32 each: the table entry's address, bit 0 set when it is
 * to be subtracted; entries are 72-byte steps from aligned tables, so bit 0 is free); returns how many.
 */
function bitAdditions(bit: i32): i32 {
  let m = 0;
  for (let i: usize = 0; i < <usize>termCount; i++) {
    const s = load<i32>(termSigns + 4 * i);
    for (let half: usize = 0; half < 2; half++) {
      const d = <i32>load<i16>(termDigits + 2 * ((2 * i + half) * <usize>(HALF_BITS + 1) + <usize>bit));
      if (d == 0) continue;
      const table = <usize>load<u32>((half == 0 ? termTable : termLam) + 4 * i);
      const neg = d < 0 != (((s >> <i32>half) & 1) != 0);
      store<u32>(bitAdds + 4 * <usize>m, <u32>(table + AFF * <usize>((d < 0 ? -d : d) >> 1)) | (neg ? 1 : 0));
      m++;
    }
  }
  return m;
}

/**
 * out = the sum of the pending terms with two accumulators, one per SIMD lane: the additions of each bit position
 * go to the lanes in pairs (an odd one to a lane alone), both lanes double together, and the lanes are added at
 * the end. Clears the terms.
 */
function runStraus2(out: usize): void {
  setInfinity2(PACC);
  let inf0 = true;
  let inf1 = true;
  for (let bit = termTop - 1; bit >= 0; bit--) {
    if (!(inf0 && inf1)) dbl2(PACC, PACC);
    const m = bitAdditions(bit);
    let k = 0;
    for (; k + 1 < m; k += 2) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      const b = load<u32>(bitAdds + 4 * <usize>(k + 1));
      if (inf0 || inf1) {
        inf0 = addAffineLane(PACC, 0, a & ~1, (a & 1) != 0);
        inf1 = addAffineLane(PACC, 1, b & ~1, (b & 1) != 0);
      } else {
        const inf = addAffinePair(PACC, a & ~1, (a & 1) != 0, b & ~1, (b & 1) != 0);
        inf0 = (inf & 1) != 0;
        inf1 = (inf & 2) != 0;
      }
    }
    if (k < m) {
      // The odd one out goes to the lane at infinity, if one is, else to lane 0.
      const a = load<u32>(bitAdds + 4 * <usize>k);
      if (inf1 && !inf0) inf1 = addAffineLane(PACC, 1, a & ~1, (a & 1) != 0);
      else inf0 = addAffineLane(PACC, 0, a & ~1, (a & 1) != 0);
    }
  }
  termCount = 0;
  termTop = 0;
  laneOf(ACC, PACC, 0);
  laneOf(SUM, PACC, 1);
  add(out, ACC, SUM);
}

/** out = the sum of the pending terms, sharing one chain of doublings; clears the terms. */
function runStraus(out: usize): void {
  setInfinity(ACC);
  for (let bit = termTop - 1; bit >= 0; bit--) {
    dbl(ACC, ACC);
    const m = bitAdditions(bit);
    for (let k = 0; k < m; k++) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      addAffineSigned(ACC, ACC, a & ~1, (a & 1) != 0);
    }
  }
  termCount = 0;
  termTop = 0;
  memory.copy(out, ACC, JAC);
}

/** Bytes of one point's Straus tables as buildTables writes them: its odd multiples, then their λ-images. */
export const TABLE_BYTES: usize = 2 * <usize>STRAUS_TABLE * AFF;

/**
 * The Straus tables of n affine points, point i's into the address dsts[i] (u32 addresses, TABLE_BYTES each),
 * for sums that use the points again.
 */
export function buildTables(dsts: usize, pts: usize, n: i32): void {
  const bytes = <usize>STRAUS_TABLE * AFF;
  const lams = affTable + <usize>n * bytes;
  oddMultiples(affTable, lams, pts, n, STRAUS_TABLE);
  for (let i: usize = 0; i < <usize>n; i++) {
    const dst = <usize>load<u32>(dsts + 4 * i);
    memory.copy(dst, affTable + bytes * i, bytes);
    memory.copy(dst + bytes, lams + bytes * i, bytes);
  }
}

/** Queues n terms k_i·P_i for the next strausKeys, P_i given by tables from buildTables (u32 addresses). */
export function addTabled(tables: usize, scs: usize, n: i32): void {
  const bytes = <usize>STRAUS_TABLE * AFF;
  for (let i: usize = 0; i < <usize>n; i++) {
    const table = <usize>load<u32>(tables + 4 * i);
    addTerm(table, table + bytes, scs + FE * i, STRAUS_W);
  }
}

/** Window of the generator's precomputed table: 2^(12−2) = 1024 odd multiples of G and of λ·G. */
const BASE_W: i32 = 12;
const BASE_SIZE: i32 = 1 << (BASE_W - 2);
let baseTable: usize = 0;
let baseLam: usize = 0;
const G: usize = memory.data(72);

let base64Table: usize = 0;
let base64Lam: usize = 0;
const G64: usize = memory.data(72);
const CUT_JAC: usize = memory.data(108);

/** out = 2^CUT·a, affine (a of prime order, so never infinity). */
function cutMultiple(out: usize, a: usize): void {
  fromAffine(CUT_JAC, a);
  for (let i = 0; i < CUT; i++) dbl(CUT_JAC, CUT_JAC);
  toAffine(out, CUT_JAC);
}

/** The tables of 2^64·G for strausKeySplit (once per instance, on first use). */
function initBase64(): void {
  initBase();
  base64Table = heap.alloc(<usize>BASE_SIZE * AFF);
  base64Lam = heap.alloc(<usize>BASE_SIZE * AFF);
  cutMultiple(G64, G);
  oddMultiples(base64Table, base64Lam, G64, 1, BASE_SIZE);
}

/** Builds the generator's tables (once per instance). */
export function initBase(): void {
  if (baseTable != 0) return;
  reserve(BASE_SIZE / STRAUS_TABLE);
  baseTable = heap.alloc(<usize>BASE_SIZE * AFF);
  baseLam = heap.alloc(<usize>BASE_SIZE * AFF);
  copy(G, SECP_GX);
  copy(G + FE, SECP_GY);
  oddMultiples(baseTable, baseLam, G, 1, BASE_SIZE);
}

// Per-key tables for keys that recur: the decoded point P, and window-7 odd multiples of P and of 2^64·P with
// their λ-images (32 each, in the order P, 2^64·P, λ-images of both). Batches take P's; a single verification
// takes both and halves its chain of doublings (strausKeySplit).
const KEY_W: i32 = 7;
const KEY_SIZE: i32 = 1 << (KEY_W - 2);
const KEY_TABLE: usize = <usize>KEY_SIZE * AFF;
let keys: KeyCache | null = null;
const KEY_PAIR: usize = memory.data(144);

function buildKeyTable(table: usize, point: usize): void {
  copy(KEY_PAIR, point);
  copy(KEY_PAIR + FE, point + FE);
  cutMultiple(KEY_PAIR + AFF, point);
  oddMultiples(table, table + 2 * KEY_TABLE, KEY_PAIR, 2, KEY_SIZE);
}

/** Creates the key cache (once): capacity slots of about 9.3 KB each (four tables of 32 points). Returns the rounded capacity. */
export function keyCacheInit(capacity: i32, seed: u32): i32 {
  if (keys == null) {
    reserve((2 * KEY_SIZE) / STRAUS_TABLE);
    keys = new KeyCache(capacity, seed, AFF, 4 * KEY_TABLE, buildKeyTable);
  }
  return (<KeyCache>keys).index.capacity;
}

export function keyCachePin(on: bool): void {
  if (keys != null) (<KeyCache>keys).pin(on);
}

export function keyCacheFind(key: usize, len: i32, out: usize): i32 {
  return keys == null ? -1 : (<KeyCache>keys).find(key, len, out);
}

export function keyCacheAdmit(key: usize, len: i32, point: usize): i32 {
  return keys == null ? -1 : (<KeyCache>keys).admit(key, len, point);
}

/**
 * out = g·G (g ≠ 0) + Σ k_i·P_i over n fresh points + Σ c_j·K_j over m cached keys (slots: i32 array, their
 * scalars alongside), sharing one chain of doublings. n + m ≤ the reserved maximum.
 */
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
  const t = <usize>STRAUS_TABLE;
  const lams = affTable + <usize>n * t * AFF;
  if (n > 0) oddMultiples(affTable, lams, pts, n, STRAUS_TABLE);
  for (let i = 0; i < n; i++) {
    addTerm(affTable + t * AFF * <usize>i, lams + t * AFF * <usize>i, scs + FE * <usize>i, STRAUS_W);
  }
  for (let j = 0; j < m; j++) {
    const table = (<KeyCache>keys).tableAt(load<i32>(slots + 4 * <usize>j));
    addTerm(table, table + 2 * KEY_TABLE, slotScs + FE * <usize>j, KEY_W);
  }
  if (g != 0) addTerm(baseTable, baseLam, g, BASE_W);
  if (termCount >= STRAUS_PAIRS_MIN) runStraus2(out);
  else runStraus(out);
}

/**
 * out = g·G + c·K for the cached key in slot (g ≠ 0): both scalars cut at bit 64 of their GLV halves, against
 * the key's tables of K and 2^64·K and the generator's of G and 2^64·G, so one chain of 65 doublings serves.
 */
export function strausKeySplit(out: usize, slot: i32, c: usize, g: usize): void {
  if (base64Table == 0) initBase64();
  const table = (<KeyCache>keys).tableAt(slot);
  addTermSplit(table, table + 2 * KEY_TABLE, table + KEY_TABLE, table + 3 * KEY_TABLE, c, KEY_W);
  addTermSplit(baseTable, baseLam, base64Table, base64Lam, g, BASE_W);
  // One accumulator: 61.5 µs per verification against 70.8 with two in SIMD lanes (same machine, same items).
  runStraus(out);
}

/**
 * From this many terms Straus runs two accumulators in SIMD lanes (runStraus2). Measured (µs per point, one
 * accumulator vs two): n = 2 37.5 vs 43.3 (the doublings cost more in pairs), n = 8 24.8 vs 23.4, n = 20 22.5
 * vs 19.7, n = 80 21.5 vs 18.0.
 */
const STRAUS_PAIRS_MIN: i32 = 5;

/**
 * out = Σ k_i·P_i (+ g·G when g ≠ 0) by interleaved wNAF over GLV halves; the generator's term uses its
 * precomputed window-12 tables.
 */
export function strausBase(out: usize, pts: usize, scs: usize, n: i32, g: usize): void {
  strausKeys(out, pts, scs, n, 0, 0, 0, g);
}

/** out = Σ k_i·P_i by interleaved wNAF. */
export function straus(out: usize, pts: usize, scs: usize, n: i32): void {
  strausBase(out, pts, scs, n, 0);
}

/** Signed c-bit digit of window w of half-scalar h: in [−2^(c−1), 2^(c−1)], carries kept in `carry`. */
let carry: u32 = 0;

/** out = Σ k_i·P_i by Pippenger's bucket method with signed digits (2^(c−1) buckets per window, batch-affine). */
export function pippenger(out: usize, pts: usize, scs: usize, n: i32, c: i32): void {
  splitAll(scs, n);
  const m = 2 * n;
  // Half-points: P_i and λ·P_i, negated where the split negated the half-scalar.
  for (let i = 0; i < n; i++) {
    const p = pts + AFF * <usize>i;
    const s = load<i32>(signs + 4 * <usize>i);
    const a = halfPoints + 2 * AFF * <usize>i;
    copy(a, p);
    if (s & 1) F.neg(a + FE, p + FE);
    else copy(a + FE, p + FE);
    F.mul(a + AFF, p, SECP_BETA);
    if (s & 2) F.neg(a + AFF + FE, p + FE);
    else copy(a + AFF + FE, p + FE);
  }
  const windows = (HALF_BITS + c - 1) / c;
  // Signed digits of every half-scalar, window by window (i16).
  for (let h = 0; h < m; h++) {
    carry = 0;
    const k = halves + FE * <usize>h;
    for (let w = 0; w < windows; w++) {
      let d = <i32>(bitsAt(k, w * c, c) + carry);
      carry = d > 1 << (c - 1) ? 1 : 0;
      d -= <i32>(carry << c);
      store<i16>(digits + 2 * <usize>(h * windows + w), <i16>d);
    }
  }
  const nb = 1 << (c - 1);
  reserveAffine(m, nb);
  setInfinity(ACC);
  for (let w = windows - 1; w >= 0; w--) {
    for (let i = 0; i < c; i++) dbl(ACC, ACC);
    windowSum(SUM, halfPoints, digits, m, windows, w, nb);
    add(ACC, ACC, SUM);
  }
  memory.copy(out, ACC, JAC);
}

/**
 * Up to this many points Straus (interleaved wNAF over GLV halves) beats Pippenger. Measured (µs per point,
 * 2-core EPYC, docs/tables.md): n = 64 Straus 31.6 vs Pippenger 33.5; n = 96 31.5 vs 30.1.
 */
export const STRAUS_MAX: i32 = 80;

/**
 * Pippenger window for n points (2n GLV half-points) from the same sweep: the best c was 6 at 96–128 points,
 * 7 at 256, 8 at 512–1024 (c = 9 ties at 1024), 10 at 2048 and 4096.
 */
export function window(n: i32): i32 {
  if (n < 192) return 6;
  if (n < 384) return 7;
  if (n < 1536) return 8;
  return 10;
}

/** out = Σ k_i·P_i by the faster method for n. */
export function msm(out: usize, pts: usize, scs: usize, n: i32): void {
  if (n <= STRAUS_MAX) straus(out, pts, scs, n);
  else pippenger(out, pts, scs, n, window(n));
}
