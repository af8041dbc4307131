// Multi-scalar multiplication on Ed25519: Σ k_i·P_i for extended P_i and canonical scalars k_i < l (253 bits).
// Straus (interleaved wNAF over affine Niels tables) for few points, Pippenger for many.

import * as F from "@tallyio/field/assembly/generated/ed25519_p";
import { ED_BX, ED_BY } from "../generated/constants";
import { KeyCache } from "../keyindex";
import { blendLanes, duplicateLanes, gatherLanes, scatterLanes } from "../lanes";
import { bitsAt, wnaf } from "../wnaf";
import {
  addCached2,
  addNielsLane,
  addNielsPair,
  addNielsPaired,
  dbl2,
  laneOf,
  PEXT,
  setIdentity2,
  setPointLane,
  toCached2,
} from "./pair";
import {
  add,
  addCached,
  addNiels,
  batchToNiels,
  copyExt,
  dbl,
  EXT,
  FE,
  fromAffine,
  fromNiels,
  NIELS,
  setIdentity,
  toCached,
} from "./point";

const STRAUS_W: i32 = 5;
const STRAUS_TABLE: i32 = 1 << (STRAUS_W - 2);
const BITS: i32 = 253;

let capacity: i32 = 0;
let digits: usize = 0;
let extTable: usize = 0;
let nielsTable: usize = 0;
let zs: usize = 0;
let invScratch: usize = 0;
let nielsPoints: usize = 0;
let buckets: usize = 0;
let bucketsCap: i32 = 0;
let pairBuckets: usize = 0; // count + 1 pair slots (PEXT)
let opStart: usize = 0; // 2·(count + 1) i32: per lane and bucket, where its additions start in ops
let opCursor: usize = 0; // the same, as the sort fills the lists
let ops: usize = 0; // 2·maxPoints u32: point index · 2 + sign, sorted by lane and bucket
let restWhere: usize = 0; // 2·maxPoints u32: bucket · 2 + lane of an addition left over
let restOp: usize = 0; // and its point index · 2 + sign
let nielsPairs: usize = 0; // per point: duplicateNiels
let touched: usize = 0; // per bucket: 1 once it holds a point in this window

const ACC: usize = memory.data(144);
const RUN: usize = memory.data(144);
const SUM: usize = memory.data(144);
const TMP: usize = memory.data(144);
const CACHE: usize = memory.data(144);
const PACC: usize = memory.data(288);
const PTMP: usize = memory.data(288);
const RUN2: usize = memory.data(288);
const SUM2: usize = memory.data(288);
const CACHE2: usize = memory.data(288);
const QP2: usize = memory.data(72);
const QM2: usize = memory.data(72);
const QK2: usize = memory.data(72);
const NEG_K: usize = memory.data(36);

export function reserve(maxPoints: i32): void {
  if (maxPoints <= capacity) return;
  const n = <usize>maxPoints;
  const t = <usize>STRAUS_TABLE;
  digits = heap.alloc(n * 2 * <usize>(BITS + 1));
  extTable = heap.alloc(n * t * EXT);
  nielsTable = heap.alloc(n * t * NIELS);
  zs = heap.alloc(n * t * FE);
  invScratch = heap.alloc(n * t * FE);
  nielsPoints = heap.alloc(n * NIELS);
  nielsPairs = heap.alloc(n * PEXT);
  ops = heap.alloc(8 * n);
  restWhere = heap.alloc(8 * n);
  restOp = heap.alloc(8 * n);
  termTable = heap.alloc(4 * (n + 1));
  termDigits = heap.alloc(2 * (n + 1) * <usize>(BITS + 1));
  bitAdds = heap.alloc(4 * (n + 1));
  capacity = maxPoints;
}

function ensureBuckets(count: i32): void {
  if (count <= bucketsCap) return;
  buckets = heap.alloc(<usize>count * EXT);
  pairBuckets = heap.alloc(<usize>(count + 1) * PEXT);
  opStart = heap.alloc(8 * <usize>(count + 1));
  opCursor = heap.alloc(8 * <usize>(count + 1));
  touched = heap.alloc(<usize>count);
  bucketsCap = count;
}

/** Odd multiples P, 3P, …, (2·size − 1)P of n extended points as affine Niels, one inversion for all. */
function oddMultiples(tables: usize, pts: usize, n: i32, size: i32): void {
  const t = <usize>size;
  for (let i = 0; i < n; i++) {
    const p = pts + EXT * <usize>i;
    const te = extTable + t * EXT * <usize>i;
    copyExt(te, p);
    dbl(TMP, p);
    toCached(CACHE, TMP);
    for (let j: usize = 1; j < t; j++) addCached(te + EXT * j, te + EXT * (j - 1), CACHE, false);
  }
  batchToNiels(tables, extTable, n * size, zs, invScratch, EXT);
}

// Straus terms: a Niels table of odd multiples and the wNAF digits of the scalar.
let termCount: i32 = 0;
let termTable: usize = 0;
let termDigits: usize = 0;
let termTop: i32 = 0;
let bitAdds: usize = 0; // one bit position's additions (see bitAdditions)

function addTerm(table: usize, k: usize, w: i32): void {
  const i = <usize>termCount;
  termCount++;
  store<u32>(termTable + 4 * i, <u32>table);
  const len = wnaf(termDigits + 2 * i * <usize>(BITS + 1), k, w, BITS);
  if (len > termTop) termTop = len;
}

/**
 * The additions of one bit position into bitAdds (u32 each: the Niels entry's address, bit 0 set when it is to
 * be subtracted; entries are 108-byte steps from aligned tables, so bit 0 is free); returns how many.
 */
function bitAdditions(bit: i32): i32 {
  let m = 0;
  for (let i: usize = 0; i < <usize>termCount; i++) {
    const d = <i32>load<i16>(termDigits + 2 * (i * <usize>(BITS + 1) + <usize>bit));
    if (d == 0) continue;
    const entry = <usize>load<u32>(termTable + 4 * i) + <usize>((d < 0 ? -d : d) >> 1) * NIELS;
    store<u32>(bitAdds + 4 * <usize>m, <u32>entry | (d < 0 ? 1 : 0));
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
    dbl(ACC, ACC);
    const m = bitAdditions(bit);
    for (let k = 0; k < m; k++) {
      const a = load<u32>(bitAdds + 4 * <usize>k);
      addNiels(ACC, ACC, a & ~1, (a & 1) != 0);
    }
  }
  termCount = 0;
  termTop = 0;
  copyExt(out, ACC);
}

/** Window of the base point's precomputed table: 1024 odd multiples of B. */
const BASE_W: i32 = 12;
const BASE_SIZE: i32 = 1 << (BASE_W - 2);
let baseTable: usize = 0;
const B: usize = memory.data(144);

/** Builds the base point's table (once per instance). */
export function initBase(): void {
  if (baseTable != 0) return;
  reserve(BASE_SIZE / STRAUS_TABLE);
  baseTable = heap.alloc(<usize>BASE_SIZE * NIELS);
  fromAffine(B, ED_BX, ED_BY);
  oddMultiples(baseTable, B, 1, BASE_SIZE);
}

// Per-key tables for keys that recur: the decoded point and window-8 odd multiples (64 Niels entries).
const KEY_W: i32 = 8;
const KEY_SIZE: i32 = 1 << (KEY_W - 2);
let keys: KeyCache | null = null;

function buildKeyTable(table: usize, point: usize): void {
  oddMultiples(table, point, 1, KEY_SIZE);
}

/** Creates the key cache (once): capacity slots of about 7 KB each. Returns the rounded capacity. */
export function keyCacheInit(capacity: i32, seed: u32): i32 {
  if (keys == null) {
    reserve(KEY_SIZE / STRAUS_TABLE);
    keys = new KeyCache(capacity, seed, EXT, <usize>KEY_SIZE * NIELS, buildKeyTable);
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
  const t = <usize>STRAUS_TABLE;
  if (n > 0) oddMultiples(nielsTable, pts, n, STRAUS_TABLE);
  for (let i = 0; i < n; i++) addTerm(nielsTable + t * NIELS * <usize>i, scs + FE * <usize>i, STRAUS_W);
  for (let j = 0; j < m; j++) {
    const table = (<KeyCache>keys).tableAt(load<i32>(slots + 4 * <usize>j));
    addTerm(table, slotScs + FE * <usize>j, KEY_W);
  }
  if (g != 0) addTerm(baseTable, g, BASE_W);
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

let carry: u32 = 0;

/** Signed c-bit digits of the n scalars, point-major (digits[i·windows + w]), each in [−2^(c−1), 2^(c−1)]. */
function signedDigits(scs: usize, n: i32, c: i32, windows: i32): void {
  for (let i = 0; i < n; i++) {
    carry = 0;
    const k = scs + FE * <usize>i;
    for (let w = 0; w < windows; w++) {
      let d = <i32>(bitsAt(k, w * c, c) + carry);
      carry = d > 1 << (c - 1) ? 1 : 0;
      d -= <i32>(carry << c);
      store<i16>(digits + 2 * <usize>(i * windows + w), <i16>d);
    }
  }
}

/** SUM = Σ j·B_j over window w's buckets (one lane, with first-touch buckets); false when all are empty. */
function windowSum(n: i32, windows: i32, w: i32, nb: i32): bool {
  memory.fill(touched, 0, <usize>nb);
  for (let i = 0; i < n; i++) {
    const d = <i32>load<i16>(digits + 2 * <usize>(i * windows + w));
    if (d == 0) continue;
    const b = <usize>((d < 0 ? -d : d) - 1);
    const bucket = buckets + EXT * b;
    const q = nielsPoints + NIELS * <usize>i;
    if (load<u8>(touched + b)) addNiels(bucket, bucket, q, d < 0);
    else {
      fromNiels(bucket, q, d < 0);
      store<u8>(touched + b, 1);
    }
  }
  // Σ j·B_j as running sums from the top bucket; empty buckets leave RUN as it is.
  let b = nb - 1;
  while (b >= 0 && !load<u8>(touched + <usize>b)) b--;
  if (b < 0) return false;
  copyExt(RUN, buckets + EXT * <usize>b);
  copyExt(SUM, RUN);
  for (b--; b >= 0; b--) {
    if (load<u8>(touched + <usize>b)) {
      toCached(CACHE, buckets + EXT * <usize>b);
      addCached(RUN, RUN, CACHE, false);
    }
    toCached(CACHE, RUN);
    addCached(SUM, SUM, CACHE, false);
  }
  return true;
}

/** Each point's affine Niels form in pair layout with both lanes equal, and its negated 2d·x·y: 4 pairs. */
function duplicateNiels(n: i32): void {
  for (let i = 0; i < n; i++) {
    const q = nielsPoints + NIELS * <usize>i;
    const dq = nielsPairs + PEXT * <usize>i;
    duplicateLanes(dq, q, 3);
    F.neg(NEG_K, q + 72);
    duplicateLanes(dq + 216, NEG_K, 1);
  }
}

/** Lane `lane` of pair slot `slot` += ±P_i, alone (the scalar formula). */
function addAlone(slot: usize, lane: i32, i: i32, neg: bool): void {
  addNielsLane(slot, <usize>lane, nielsPoints + NIELS * <usize>i, neg);
}

/**
 * Lane la of slot sa += ±P_i and lane lb of slot sb += ±P_j in one paired addition ((sa, la) ≠ (sb, lb)); the
 * lanes are gathered into a pair point and scattered back unless they are already lanes 0 and 1 of one slot.
 */
function addTwo(sa: usize, la: i32, i: i32, negA: bool, sb: usize, lb: i32, j: i32, negB: bool): void {
  // A negated Niels point swaps y+x and y−x and negates 2d·x·y.
  const qa = nielsPairs + PEXT * <usize>i;
  const qb = nielsPairs + PEXT * <usize>j;
  const na: usize = negA ? 72 : 0;
  const nb: usize = negB ? 72 : 0;
  blendLanes(QP2, qa + na, qb + nb, 72);
  blendLanes(QM2, qa + 72 - na, qb + 72 - nb, 72);
  blendLanes(QK2, qa + 144 + na, qb + 144 + nb, 72);
  if (sa == sb && la == 0 && lb == 1) {
    addNielsPaired(sa, QP2, QM2, QK2);
    return;
  }
  gatherLanes(PTMP, sa, la, sb, lb, PEXT);
  addNielsPaired(PTMP, QP2, QM2, QK2);
  scatterLanes(sa, la, sb, lb, PTMP, PEXT);
}

/** Start of lane `lane`'s additions for bucket b in `ops` (b = nb: the end of the lane's list). */
function opsAt(nb: i32, lane: i32, b: i32): usize {
  return opStart + 4 * <usize>(lane * (nb + 1) + b);
}

/** Slot lane of a first point: its Niels form, copied in (1M) instead of added to the identity. */
function firstPoint(slot: usize, lane: i32, op: u32): void {
  fromNiels(TMP, nielsPoints + NIELS * <usize>(op >> 1), (op & 1) != 0);
  setPointLane(slot, <usize>lane, TMP);
}

/**
 * SUM2 = (Σ j·B_j of window w, of window w + 1): both windows' buckets in one array of pair slots (lane 0 window
 * w, lane 1 window w + 1). The additions are counting-sorted by bucket and lane (ops: point index · 2 + sign).
 * In each slot the first point of a lane is copied in, and the rest go two at a time into paired additions of
 * lane 0 with lane 1 in place; what one lane has over the other is paired with other slots' leftovers
 * (gathered). The running sums run in the lanes too.
 */
function windowPairSum(n: i32, windows: i32, w: i32, nb: i32): void {
  for (let b = 0; b < nb; b++) setIdentity2(pairBuckets + PEXT * <usize>b);
  // Counting sort: lane L's list for bucket b is ops[start(L, b) .. start(L, b + 1)).
  memory.fill(opStart, 0, 8 * <usize>(nb + 1));
  for (let i = 0; i < n; i++) {
    const at = digits + 2 * <usize>(i * windows + w);
    for (let lane = 0; lane < 2; lane++) {
      const d = <i32>load<i16>(at + 2 * <usize>lane);
      if (d == 0) continue;
      const c = opsAt(nb, lane, d < 0 ? -d : d);
      store<i32>(c, load<i32>(c) + 1);
    }
  }
  let pos = 0;
  for (let lane = 0; lane < 2; lane++)
    for (let b = 0; b <= nb; b++) {
      const c = opsAt(nb, lane, b);
      pos += load<i32>(c);
      store<i32>(c, pos);
      store<i32>(opCursor + (c - opStart), pos);
    }
  // Each list filled from its end (opCursor), so that points stay in increasing order.
  for (let i = n - 1; i >= 0; i--) {
    const at = digits + 2 * <usize>(i * windows + w);
    for (let lane = 0; lane < 2; lane++) {
      const d = <i32>load<i16>(at + 2 * <usize>lane);
      if (d == 0) continue;
      const c = opCursor + (opsAt(nb, lane, d < 0 ? -d : d) - opStart); // the end of bucket |d| − 1
      const k = load<i32>(c) - 1;
      store<i32>(c, k);
      store<u32>(ops + 4 * <usize>k, ((<u32>i) << 1) | (d < 0 ? 1 : 0));
    }
  }
  // Leftovers (what one lane of a slot has over the other) wait in `rest`, all from one slot at a time, and pair
  // with the next slots' leftovers while both slots are still in cache; the last ones go alone.
  let m = 0;
  for (let b = 0; b < nb; b++) {
    const slot = pairBuckets + PEXT * <usize>b;
    let a = load<i32>(opsAt(nb, 0, b));
    const ae = load<i32>(opsAt(nb, 0, b + 1));
    let c = load<i32>(opsAt(nb, 1, b));
    const ce = load<i32>(opsAt(nb, 1, b + 1));
    if (a < ae) firstPoint(slot, 0, load<u32>(ops + 4 * <usize>a));
    if (c < ce) firstPoint(slot, 1, load<u32>(ops + 4 * <usize>c));
    if (a < ae) a++;
    if (c < ce) c++;
    for (; a < ae && c < ce; a++, c++) {
      const p = load<u32>(ops + 4 * <usize>a);
      const q = load<u32>(ops + 4 * <usize>c);
      addTwo(slot, 0, <i32>(p >> 1), (p & 1) != 0, slot, 1, <i32>(q >> 1), (q & 1) != 0);
    }
    // At most one lane has some left.
    const lane = a < ae ? 0 : 1;
    let k = lane == 0 ? a : c;
    const end = lane == 0 ? ae : ce;
    for (; k < end && m > 0; k++) {
      m--;
      const x = load<u32>(restWhere + 4 * <usize>m);
      const px = load<u32>(restOp + 4 * <usize>m);
      const q = load<u32>(ops + 4 * <usize>k);
      addTwo(
        pairBuckets + PEXT * <usize>(x >> 1),
        <i32>(x & 1),
        <i32>(px >> 1),
        (px & 1) != 0,
        slot,
        lane,
        <i32>(q >> 1),
        (q & 1) != 0,
      );
    }
    for (; k < end; k++, m++) {
      store<u32>(restWhere + 4 * <usize>m, ((<u32>b) << 1) | <u32>lane);
      store<u32>(restOp + 4 * <usize>m, load<u32>(ops + 4 * <usize>k));
    }
  }
  for (let k = 0; k < m; k++) {
    const x = load<u32>(restWhere + 4 * <usize>k);
    const px = load<u32>(restOp + 4 * <usize>k);
    addAlone(pairBuckets + PEXT * <usize>(x >> 1), <i32>(x & 1), <i32>(px >> 1), (px & 1) != 0);
  }
  // Running sums from the top slot: RUN = B_b + RUN, SUM += RUN, with RUN's cached form computed once for both.
  memory.copy(SUM2, pairBuckets + PEXT * <usize>(nb - 1), PEXT);
  toCached2(CACHE2, SUM2);
  for (let b = nb - 2; b >= 0; b--) {
    addCached2(RUN2, pairBuckets + PEXT * <usize>b, CACHE2);
    toCached2(CACHE2, RUN2);
    addCached2(SUM2, SUM2, CACHE2);
  }
}

/** ACC = 2^c·ACC + s. */
function shiftAdd(s: usize, c: i32): void {
  for (let i = 0; i < c; i++) dbl(ACC, ACC);
  toCached(CACHE, s);
  addCached(ACC, ACC, CACHE, false);
}

/** out = Σ k_i·P_i by Pippenger's bucket method with signed c-bit digits, two windows at a time. */
export function pippenger(out: usize, pts: usize, scs: usize, n: i32, c: i32): void {
  batchToNiels(nielsPoints, pts, n, zs, invScratch, EXT);
  const windows = (BITS + c) / c;
  signedDigits(scs, n, c, windows);
  const nb = 1 << (c - 1);
  ensureBuckets(nb);
  duplicateNiels(n);
  setIdentity(ACC);
  let w = windows - 1;
  if (windows & 1) {
    if (windowSum(n, windows, w, nb)) copyExt(ACC, SUM);
    w--;
  }
  for (; w > 0; w -= 2) {
    windowPairSum(n, windows, w - 1, nb);
    laneOf(TMP, SUM2, 1);
    shiftAdd(TMP, c);
    laneOf(TMP, SUM2, 0);
    shiftAdd(TMP, c);
  }
  copyExt(out, ACC);
}

/**
 * Up to this many points Straus beats Pippenger. Measured (µs per point, docs/tables.md; Straus in two lanes,
 * Pippenger with two windows in the lanes, c = 5): n = 72 Straus 12.60 vs Pippenger 12.84; n = 80 12.39 vs
 * 12.44; n = 88 12.45 vs 12.18.
 */
export const STRAUS_MAX: i32 = 80;

/**
 * Up to this many terms strausKeys (the base point's window-12 table, cached key tables, and batch verification's
 * mix of 128- and 256-bit scalars) beats Pippenger in batch verification. Measured (µs per signature, distinct
 * keys, strausKeys vs Pippenger): 64 signatures (129 terms) 23.2 vs 25.1; 96 (193 terms) 24.7 vs 23.1.
 */
export const STRAUS_KEYS_MAX: i32 = 160;

/**
 * Pippenger window from the same sweep (µs per point): c = 5 and 6 tie at n = 112 (11.54, 11.48), 6 and 7 at
 * 256 (9.48, 9.49), 7 and 8 at 640 (7.79, 7.78), 8 and 9 at 1536 (6.72, 6.67).
 */
export function window(n: i32): i32 {
  if (n < 112) return 5;
  if (n < 288) return 6;
  if (n < 640) return 7;
  if (n < 1536) return 8;
  return 9;
}

/** out = Σ k_i·P_i by the faster method for n. */
export function msm(out: usize, pts: usize, scs: usize, n: i32): void {
  if (n <= STRAUS_MAX) straus(out, pts, scs, n);
  else pippenger(out, pts, scs, n, window(n));
}
