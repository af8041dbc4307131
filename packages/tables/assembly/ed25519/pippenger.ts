// Pippenger's bucket method on Ed25519 for many points: signed c-bit digits (2^(c−1) buckets per window),
// buckets in extended coordinates that the points are added to as affine Niels forms, two windows at a time
// (one per SIMD lane).
import * as F from "@tallyio/field/assembly/generated/ed25519_p";
import { Cached, Ext, Niels, Pair, PairCached, PairExt } from "../generated/spec";
import { blendLanes, duplicateLanes, gatherLanes, scatterLanes } from "../lanes";
import { bucketStarts, signedDigits } from "../msm/digits";
import { addCached2, addNielsLane, addNielsPaired, laneOf, setIdentity2, setPointLane, toCached2 } from "./pair";
import { addCached, addNiels, batchToNiels, copyExt, dbl, FE, fromNiels, setIdentity, toCached } from "./point";
import { BITS, digits, invScratch, NIELS_PAIRS, nielsPairs, nielsPoints, ops, restOp, restWhere, zs } from "./tables";

// Buckets, sized by ensureBuckets for the largest window seen.
let buckets: usize = 0;
let bucketsCap: i32 = 0;
let pairBuckets: usize = 0; // count + 1 pair slots (PairExt)
let opStart: usize = 0; // 2·(count + 1) i32: per lane and bucket, where its additions start in ops
let opCursor: usize = 0; // the same, as the sort fills the lists
let touched: usize = 0; // per bucket: 1 once it holds a point in this window

const ACC: usize = memory.data(<i32>Ext.SIZE);
const RUN: usize = memory.data(<i32>Ext.SIZE);
const SUM: usize = memory.data(<i32>Ext.SIZE);
const TMP: usize = memory.data(<i32>Ext.SIZE);
const CACHE: usize = memory.data(<i32>Cached.SIZE);
const PTMP: usize = memory.data(<i32>PairExt.SIZE);
const RUN2: usize = memory.data(<i32>PairExt.SIZE);
const SUM2: usize = memory.data(<i32>PairExt.SIZE);
const CACHE2: usize = memory.data(<i32>PairCached.SIZE);
const QP2: usize = memory.data(<i32>Pair.FE);
const QM2: usize = memory.data(<i32>Pair.FE);
const QK2: usize = memory.data(<i32>Pair.FE);
const NEG_K: usize = memory.data(<i32>FE);

function ensureBuckets(count: i32): void {
  if (count <= bucketsCap) return;
  buckets = heap.alloc(<usize>count * Ext.SIZE);
  pairBuckets = heap.alloc(<usize>(count + 1) * PairExt.SIZE);
  opStart = heap.alloc(8 * <usize>(count + 1));
  opCursor = heap.alloc(8 * <usize>(count + 1));
  touched = heap.alloc(<usize>count);
  bucketsCap = count;
}

/** SUM = Σ j·B_j over window w's buckets (one lane, with first-touch buckets); false when all are empty. */
function windowSum(n: i32, windows: i32, w: i32, nb: i32): bool {
  memory.fill(touched, 0, <usize>nb);
  for (let i = 0; i < n; i++) {
    const d = <i32>load<i16>(digits + 2 * <usize>(i * windows + w));
    if (d == 0) continue;
    const b = <usize>((d < 0 ? -d : d) - 1);
    const bucket = buckets + Ext.SIZE * b;
    const q = nielsPoints + Niels.SIZE * <usize>i;
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
  copyExt(RUN, buckets + Ext.SIZE * <usize>b);
  copyExt(SUM, RUN);
  for (b--; b >= 0; b--) {
    if (load<u8>(touched + <usize>b)) {
      toCached(CACHE, buckets + Ext.SIZE * <usize>b);
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
    const q = nielsPoints + Niels.SIZE * <usize>i;
    const dq = nielsPairs + NIELS_PAIRS * <usize>i;
    duplicateLanes(dq, q, 3);
    F.neg(NEG_K, q + Niels.XY2D);
    duplicateLanes(dq + 3 * Pair.FE, NEG_K, 1);
  }
}

/** Lane `lane` of pair slot `slot` += ±P_i, alone (the scalar formula). */
function addAlone(slot: usize, lane: i32, i: i32, neg: bool): void {
  addNielsLane(slot, <usize>lane, nielsPoints + Niels.SIZE * <usize>i, neg);
}

/**
 * Lane la of slot sa += ±P_i and lane lb of slot sb += ±P_j in one paired addition ((sa, la) ≠ (sb, lb)); the
 * lanes are gathered into a pair point and scattered back unless they are already lanes 0 and 1 of one slot.
 */
function addTwo(sa: usize, la: i32, i: i32, negA: bool, sb: usize, lb: i32, j: i32, negB: bool): void {
  // A negated Niels point swaps y+x and y−x and negates 2d·x·y.
  const qa = nielsPairs + NIELS_PAIRS * <usize>i;
  const qb = nielsPairs + NIELS_PAIRS * <usize>j;
  const na: usize = negA ? Pair.FE : 0;
  const nb: usize = negB ? Pair.FE : 0;
  blendLanes(QP2, qa + na, qb + nb, Pair.FE);
  blendLanes(QM2, qa + Pair.FE - na, qb + Pair.FE - nb, Pair.FE);
  blendLanes(QK2, qa + 2 * Pair.FE + na, qb + 2 * Pair.FE + nb, Pair.FE);
  if (sa == sb && la == 0 && lb == 1) {
    addNielsPaired(sa, QP2, QM2, QK2);
    return;
  }
  gatherLanes(PTMP, sa, la, sb, lb, PairExt.SIZE);
  addNielsPaired(PTMP, QP2, QM2, QK2);
  scatterLanes(sa, la, sb, lb, PTMP, PairExt.SIZE);
}

/** Start of lane `lane`'s additions for bucket b in `ops` (b = nb: the end of the lane's list). */
function opsAt(nb: i32, lane: i32, b: i32): usize {
  return opStart + 4 * <usize>(lane * (nb + 1) + b);
}

/** Slot lane of a first point: its Niels form, copied in (1M) instead of added to the identity. */
function firstPoint(slot: usize, lane: i32, op: u32): void {
  fromNiels(TMP, nielsPoints + Niels.SIZE * <usize>(op >> 1), (op & 1) != 0);
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
  for (let b = 0; b < nb; b++) setIdentity2(pairBuckets + PairExt.SIZE * <usize>b);
  // Counting sort: lane L's list for bucket b is ops[start(L, b) .. start(L, b + 1)).
  bucketStarts(opStart, digits, n, windows, w, 2, nb);
  memory.copy(opCursor, opStart, 8 * <usize>(nb + 1));
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
    const slot = pairBuckets + PairExt.SIZE * <usize>b;
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
        pairBuckets + PairExt.SIZE * <usize>(x >> 1),
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
    addAlone(pairBuckets + PairExt.SIZE * <usize>(x >> 1), <i32>(x & 1), <i32>(px >> 1), (px & 1) != 0);
  }
  // Running sums from the top slot: RUN = B_b + RUN, SUM += RUN, with RUN's cached form computed once for both.
  memory.copy(SUM2, pairBuckets + PairExt.SIZE * <usize>(nb - 1), PairExt.SIZE);
  toCached2(CACHE2, SUM2);
  for (let b = nb - 2; b >= 0; b--) {
    addCached2(RUN2, pairBuckets + PairExt.SIZE * <usize>b, CACHE2);
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
  batchToNiels(nielsPoints, pts, n, zs, invScratch, Ext.SIZE);
  const windows = (BITS + c) / c;
  signedDigits(digits, scs, n, c, windows);
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
 * Pippenger window from the Ed25519 sweep in docs/tables.md (µs per point): c = 5 and 6 tie at n = 112 (11.54,
 * 11.48), 6 and 7 at 256 (9.48, 9.49), 7 and 8 at 640 (7.79, 7.78), 8 and 9 at 1536 (6.72, 6.67).
 */
export function window(n: i32): i32 {
  if (n < 112) return 5;
  if (n < 288) return 6;
  if (n < 640) return 7;
  if (n < 1536) return 8;
  return 9;
}
