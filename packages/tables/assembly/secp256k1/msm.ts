// Multi-scalar multiplication on secp256k1: Σ k_i·P_i for affine P_i and canonical scalars k_i < n.
// Every scalar is split by GLV into two halves below 2^128, so n points become 2n half-points with
// 128-bit scalars (λ·P = (β·x, y)). Straus (interleaved wNAF) for few points, Pippenger for many.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy } from "@tallyio/field/assembly/limbs";
import { SECP_BETA } from "../generated/constants";
import { bitsAt, wnaf } from "../wnaf";
import { split } from "./glv";
import { reserveAffine, windowSum } from "./pippenger";
import { AFF, add, addAffine, addAffineSigned, batchToAffine, dbl, FE, fromAffine, JAC, setInfinity } from "./point";

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
const SUM: usize = memory.data(108);

/** Sizes the scratch for batches of up to maxPoints points. Memory is bump-allocated once and kept. */
export function reserve(maxPoints: i32): void {
  if (maxPoints <= capacity) return;
  const n = <usize>maxPoints;
  const t = <usize>STRAUS_TABLE;
  halves = heap.alloc(2 * n * FE);
  signs = heap.alloc(4 * n);
  digits = heap.alloc(2 * n * 2 * <usize>(HALF_BITS + 1));
  jacTable = heap.alloc(n * t * JAC);
  affTable = heap.alloc(2 * n * t * AFF);
  zs = heap.alloc(n * t * FE);
  invScratch = heap.alloc(n * t * FE);
  doubles = heap.alloc(n * JAC);
  halfPoints = heap.alloc(2 * n * AFF);
  capacity = maxPoints;
}

/** Splits every scalar; halves[2i], halves[2i+1] = k1, k2 of scalar i, signs[i] their negation bits. */
function splitAll(scs: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const h = halves + 2 * FE * <usize>i;
    store<i32>(signs + 4 * <usize>i, split(h, h + FE, scs + FE * <usize>i));
  }
}

/** out = Σ k_i·P_i by interleaved wNAF. */
export function straus(out: usize, pts: usize, scs: usize, n: i32): void {
  splitAll(scs, n);
  const t = <usize>STRAUS_TABLE;
  // Odd multiples P, 3P, …, 15P: 2P made affine for all points with one inversion, then mixed additions.
  for (let i = 0; i < n; i++) {
    const p = pts + AFF * <usize>i;
    const tj = jacTable + t * JAC * <usize>i;
    fromAffine(tj, p);
    dbl(doubles + JAC * <usize>i, tj);
  }
  batchToAffine(doubles, doubles, n, zs, invScratch);
  for (let i = 0; i < n; i++) {
    const tj = jacTable + t * JAC * <usize>i;
    for (let j: usize = 1; j < t; j++) addAffine(tj + JAC * j, tj + JAC * (j - 1), doubles + AFF * <usize>i);
  }
  batchToAffine(affTable, jacTable, n * STRAUS_TABLE, zs, invScratch);
  // λ-tables: (β·x, y)
  const lam = affTable + <usize>n * t * AFF;
  for (let e: usize = 0; e < <usize>n * t; e++) {
    F.mul(lam + AFF * e, affTable + AFF * e, SECP_BETA);
    copy(lam + AFF * e + FE, affTable + AFF * e + FE);
  }
  let top = 0;
  for (let h = 0; h < 2 * n; h++) {
    const len = wnaf(digits + <usize>(h * (HALF_BITS + 1)), halves + FE * <usize>h, STRAUS_W, HALF_BITS);
    if (len > top) top = len;
  }
  setInfinity(ACC);
  for (let bit = top - 1; bit >= 0; bit--) {
    dbl(ACC, ACC);
    for (let i = 0; i < n; i++) {
      const s = load<i32>(signs + 4 * <usize>i);
      for (let half = 0; half < 2; half++) {
        const d = <i32>load<i8>(digits + <usize>((2 * i + half) * (HALF_BITS + 1) + bit));
        if (d == 0) continue;
        const table = (half == 0 ? affTable : lam) + t * AFF * <usize>i;
        const neg = d < 0 != (((s >> half) & 1) != 0);
        addAffineSigned(ACC, ACC, table + AFF * <usize>((d < 0 ? -d : d) >> 1), neg);
      }
    }
  }
  memory.copy(out, ACC, JAC);
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
