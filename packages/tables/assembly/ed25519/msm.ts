// Multi-scalar multiplication on Ed25519: Σ k_i·P_i for extended P_i and canonical scalars k_i < l (253 bits).
// Straus (interleaved wNAF over affine Niels tables) for few points, Pippenger for many.
import { bitsAt, wnaf } from "../wnaf";
import { addCached, addNiels, batchToNiels, copyExt, dbl, EXT, FE, NIELS, setIdentity, toCached } from "./point";

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

const ACC: usize = memory.data(144);
const RUN: usize = memory.data(144);
const SUM: usize = memory.data(144);
const TMP: usize = memory.data(144);
const CACHE: usize = memory.data(144);

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
  capacity = maxPoints;
}

function ensureBuckets(count: i32): void {
  if (count <= bucketsCap) return;
  buckets = heap.alloc(<usize>count * EXT);
  bucketsCap = count;
}

/** out = Σ k_i·P_i by interleaved wNAF. */
export function straus(out: usize, pts: usize, scs: usize, n: i32): void {
  const t = <usize>STRAUS_TABLE;
  for (let i = 0; i < n; i++) {
    const p = pts + EXT * <usize>i;
    const te = extTable + t * EXT * <usize>i;
    copyExt(te, p);
    dbl(TMP, p);
    toCached(CACHE, TMP);
    for (let j: usize = 1; j < t; j++) addCached(te + EXT * j, te + EXT * (j - 1), CACHE, false);
  }
  batchToNiels(nielsTable, extTable, n * STRAUS_TABLE, zs, invScratch, EXT);
  let top = 0;
  for (let i = 0; i < n; i++) {
    const len = wnaf(digits + <usize>(i * (BITS + 1)), scs + FE * <usize>i, STRAUS_W, BITS);
    if (len > top) top = len;
  }
  setIdentity(ACC);
  for (let bit = top - 1; bit >= 0; bit--) {
    dbl(ACC, ACC);
    for (let i = 0; i < n; i++) {
      const d = <i32>load<i8>(digits + <usize>(i * (BITS + 1) + bit));
      if (d == 0) continue;
      const entry = nielsTable + (t * <usize>i + <usize>((d < 0 ? -d : d) >> 1)) * NIELS;
      addNiels(ACC, ACC, entry, d < 0);
    }
  }
  copyExt(out, ACC);
}

let carry: u32 = 0;

/** out = Σ k_i·P_i by Pippenger's bucket method with signed c-bit digits. */
export function pippenger(out: usize, pts: usize, scs: usize, n: i32, c: i32): void {
  batchToNiels(nielsPoints, pts, n, zs, invScratch, EXT);
  const windows = (BITS + c) / c;
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
  const nb = 1 << (c - 1);
  ensureBuckets(nb);
  setIdentity(ACC);
  for (let w = windows - 1; w >= 0; w--) {
    for (let i = 0; i < c; i++) dbl(ACC, ACC);
    for (let b = 0; b < nb; b++) setIdentity(buckets + EXT * <usize>b);
    for (let i = 0; i < n; i++) {
      const d = <i32>load<i16>(digits + 2 * <usize>(i * windows + w));
      if (d == 0) continue;
      const bucket = buckets + EXT * <usize>((d < 0 ? -d : d) - 1);
      addNiels(bucket, bucket, nielsPoints + NIELS * <usize>i, d < 0);
    }
    setIdentity(RUN);
    setIdentity(SUM);
    for (let b = nb - 1; b >= 0; b--) {
      toCached(CACHE, buckets + EXT * <usize>b);
      addCached(RUN, RUN, CACHE, false);
      toCached(CACHE, RUN);
      addCached(SUM, SUM, CACHE, false);
    }
    toCached(CACHE, SUM);
    addCached(ACC, ACC, CACHE, false);
  }
  copyExt(out, ACC);
}
