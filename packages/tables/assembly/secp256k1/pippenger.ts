// Pippenger's bucket method on secp256k1 for many points: the scalars split by GLV into 2n half-scalars with
// signed c-bit digits (2^(c−1) buckets per window), the buckets accumulated batch-affine (the ZPrize WebAssembly
// MSM idea): in each window the half-points are sorted into their buckets, then every bucket is summed as a
// binary tree whose additions are affine, λ = (y2 − y1)/(x2 − x1), with one shared inversion per round
// (Montgomery's trick). An affine addition then costs 5M + 1S against 7M + 4S for a mixed Jacobian one. The
// bucket sums are combined with Jacobian running sums.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy } from "@tallyio/field/assembly/limbs";
import { SECP_BETA } from "../generated/constants";
import { Aff, Jac } from "../generated/spec";
import { bucketStarts, signedDigits } from "../msm/digits";
import { split } from "./glv";
import { AFF, add, addAffine, dbl, FE, JAC, setInfinity } from "./point";
import { digits, HALF_BITS, halfPoints, halves, signs } from "./tables";

// Kinds of a scheduled pair.
const PAIR_ADD: u8 = 0;
const PAIR_DOUBLE: u8 = 1;
const PAIR_CANCEL: u8 = 2;

let cap: i32 = 0;
let work: usize = 0; // m affine points, grouped by bucket
let empty: usize = 0; // m flags: 1 where a slot holds the point at infinity
let den: usize = 0; // denominators of one round, then their inverses
let prefix: usize = 0; // running products for the batch inversion
let kind: usize = 0; // pair kinds of one round
let bucketCap: i32 = 0;
let start: usize = 0; // per bucket: first slot (i32), and at nb the end of the last
let count: usize = 0; // per bucket: slots in use (i32)

const L: usize = memory.data(<i32>FE);
const T: usize = memory.data(<i32>FE);
const U: usize = memory.data(<i32>FE);
const INV: usize = memory.data(<i32>FE);
const RUN: usize = memory.data(<i32>Jac.SIZE);
const SUM: usize = memory.data(<i32>Jac.SIZE);

/** Scratch for m half-points and nb buckets; allocated once, grown only when a larger batch arrives. */
export function reserveAffine(m: i32, nb: i32): void {
  if (m > cap) {
    const k = <usize>m;
    work = heap.alloc(k * AFF);
    empty = heap.alloc(k);
    den = heap.alloc(k * FE);
    prefix = heap.alloc(k * FE);
    kind = heap.alloc(k);
    cap = m;
  }
  if (nb > bucketCap) {
    start = heap.alloc(4 * <usize>(nb + 1));
    count = heap.alloc(4 * <usize>nb);
    bucketCap = nb;
  }
}

/** den[i] ← den[i]⁻¹ for i < n, all non-zero, with one inversion. */
function invertAll(n: i32): void {
  copy(prefix, den);
  for (let i = 1; i < n; i++) F.mul(prefix + FE * <usize>i, prefix + FE * <usize>(i - 1), den + FE * <usize>i);
  F.inv(INV, prefix + FE * <usize>(n - 1));
  for (let i = n - 1; i > 0; i--) {
    const d = den + FE * <usize>i;
    F.mul(T, INV, prefix + FE * <usize>(i - 1)); // (d_i)⁻¹
    F.mul(INV, INV, d);
    copy(d, T);
  }
  copy(den, INV);
}

/**
 * One round of the bucket trees: every bucket's points paired up in slot order, each pair's kind (addition,
 * doubling, or a cancel that needs no inversion) in kind and its denominator in den; returns how many pairs.
 */
function roundDenominators(nb: i32): i32 {
  let pairs = 0;
  for (let b = 0; b < nb; b++) {
    const s = load<i32>(start + 4 * <usize>b);
    const c = load<i32>(count + 4 * <usize>b);
    for (let j = 0; j + 1 < c; j += 2) {
      const p = work + AFF * <usize>(s + j);
      const q = p + AFF;
      const dst = den + FE * <usize>pairs;
      let k = PAIR_ADD;
      if (load<u8>(empty + <usize>(s + j)) | load<u8>(empty + <usize>(s + j + 1))) k = PAIR_CANCEL;
      else {
        F.sub(dst, q, p);
        if (F.isZero(dst)) {
          if (F.eq(p + Aff.Y, q + Aff.Y)) {
            k = PAIR_DOUBLE;
            F.add(dst, p + Aff.Y, p + Aff.Y);
          } else k = PAIR_CANCEL;
        }
      }
      if (k == PAIR_CANCEL) {
        // No inversion needed; keep the batch well-formed with a 1.
        memory.fill(dst, 0, FE);
        store<u32>(dst, 1);
      }
      store<u8>(kind + <usize>pairs, k);
      pairs++;
    }
  }
  return pairs;
}

/**
 * The round's sums from the inverted denominators: a bucket's pair i into its slot i, the odd one out after them,
 * and the bucket's count halved (rounded up).
 */
function roundSums(nb: i32): void {
  let pairs = 0;
  for (let b = 0; b < nb; b++) {
    const s = load<i32>(start + 4 * <usize>b);
    const c = load<i32>(count + 4 * <usize>b);
    for (let j = 0; j + 1 < c; j += 2) {
      const p = work + AFF * <usize>(s + j);
      const q = p + AFF;
      const out = work + AFF * <usize>(s + (j >> 1));
      const outEmpty = empty + <usize>(s + (j >> 1));
      const k = load<u8>(kind + <usize>pairs);
      const inv = den + FE * <usize>pairs;
      pairs++;
      if (k == PAIR_CANCEL) {
        // infinity + q = q; p + infinity = p; p + (−p) = infinity
        const pe = load<u8>(empty + <usize>(s + j));
        const qe = load<u8>(empty + <usize>(s + j + 1));
        if (pe && !qe) {
          memory.copy(out, q, AFF);
          store<u8>(outEmpty, 0);
        } else if (!pe && qe) {
          memory.copy(out, p, AFF);
          store<u8>(outEmpty, 0);
        } else store<u8>(outEmpty, 1);
        continue;
      }
      if (k == PAIR_ADD) {
        F.sub(L, q + Aff.Y, p + Aff.Y);
        F.mul(L, L, inv); // λ = (y2 − y1)/(x2 − x1)
      } else {
        F.sqr(L, p);
        F.mulSmall(L, L, 3);
        F.mul(L, L, inv); // λ = 3x²/(2y)
      }
      F.sqr(T, L);
      F.sub(T, T, p);
      F.sub(T, T, q); // x3 = λ² − x1 − x2
      F.sub(U, p, T);
      F.mul(U, U, L);
      F.sub(out + Aff.Y, U, p + Aff.Y); // y3 = λ(x1 − x3) − y1
      copy(out, T);
      store<u8>(outEmpty, 0);
    }
    if (c & 1) {
      // The odd one out moves up to follow the pair sums.
      const from = <usize>(s + c - 1);
      const to = <usize>(s + (c >> 1));
      memory.copy(work + AFF * to, work + AFF * from, AFF);
      store<u8>(empty + to, load<u8>(empty + from));
    }
    store<i32>(count + 4 * <usize>b, (c + 1) >> 1);
  }
}

/**
 * Adds window w's signed digits into buckets and returns Σ b·B_b in acc (Jacobian). points: m affine
 * half-points; digits: i16, windows per half-point.
 */
function windowSum(acc: usize, points: usize, digits: usize, m: i32, windows: i32, w: i32, nb: i32): void {
  // 1. Counting sort of the non-zero digits by bucket.
  bucketStarts(start, digits, m, windows, w, 1, nb);
  memory.fill(count, 0, 4 * <usize>nb);
  for (let h = 0; h < m; h++) {
    const d = <i32>load<i16>(digits + 2 * <usize>(h * windows + w));
    if (d == 0) continue;
    const b = (d < 0 ? -d : d) - 1;
    const c = load<i32>(count + 4 * <usize>b);
    store<i32>(count + 4 * <usize>b, c + 1);
    const slot = <usize>(load<i32>(start + 4 * <usize>b) + c);
    const src = points + AFF * <usize>h;
    const dst = work + AFF * slot;
    copy(dst, src);
    if (d < 0) F.neg(dst + Aff.Y, src + Aff.Y);
    else copy(dst + Aff.Y, src + Aff.Y);
    store<u8>(empty + slot, 0);
  }
  // 2. Pairwise tree sums, one batch inversion per round, until every bucket holds at most one point.
  while (true) {
    const pairs = roundDenominators(nb);
    if (pairs == 0) break;
    invertAll(pairs);
    roundSums(nb);
  }
  // 3. Σ b·B_b by running sums from the top bucket down.
  setInfinity(RUN);
  setInfinity(SUM);
  for (let b = nb - 1; b >= 0; b--) {
    const slot = load<i32>(start + 4 * <usize>b);
    if (load<i32>(count + 4 * <usize>b) == 1 && !load<u8>(empty + <usize>slot)) {
      addAffine(RUN, RUN, work + AFF * <usize>slot);
    }
    add(SUM, SUM, RUN);
  }
  memory.copy(acc, SUM, JAC);
}

const ACC: usize = memory.data(<i32>Jac.SIZE);
const WIN: usize = memory.data(<i32>Jac.SIZE);

/** Splits every scalar; halves[2i], halves[2i+1] = k1, k2 of scalar i, signs[i] their negation bits. */
function splitAll(scs: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const h = halves + 2 * FE * <usize>i;
    store<i32>(signs + 4 * <usize>i, split(h, h + FE, scs + FE * <usize>i));
  }
}

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
    if (s & 1) F.neg(a + Aff.Y, p + Aff.Y);
    else copy(a + Aff.Y, p + Aff.Y);
    F.mul(a + AFF, p, SECP_BETA);
    if (s & 2) F.neg(a + AFF + Aff.Y, p + Aff.Y);
    else copy(a + AFF + Aff.Y, p + Aff.Y);
  }
  const windows = (HALF_BITS + c - 1) / c;
  signedDigits(digits, halves, m, c, windows);
  const nb = 1 << (c - 1);
  reserveAffine(m, nb);
  setInfinity(ACC);
  for (let w = windows - 1; w >= 0; w--) {
    for (let i = 0; i < c; i++) dbl(ACC, ACC);
    windowSum(WIN, halfPoints, digits, m, windows, w, nb);
    add(ACC, ACC, WIN);
  }
  memory.copy(out, ACC, JAC);
}

/**
 * Pippenger window for n points (2n GLV half-points) from the sweep in docs/tables.md: the best c was 6 at
 * 96–128 points, 7 at 256, 8 at 512–1024 (c = 9 ties at 1024), 10 at 2048 and 4096.
 */
export function window(n: i32): i32 {
  if (n < 192) return 6;
  if (n < 384) return 7;
  if (n < 1536) return 8;
  return 10;
}
