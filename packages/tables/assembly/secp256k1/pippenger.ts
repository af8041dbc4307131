// Pippenger's bucket method with batch-affine bucket accumulation (the ZPrize WebAssembly MSM idea): in each
// window the half-points are sorted into their buckets, then every bucket is summed as a binary tree whose
// additions are affine, λ = (y2 − y1)/(x2 − x1), with one shared inversion per round (Montgomery's trick).
// An affine addition then costs 5M + 1S against 7M + 4S for a mixed Jacobian one. The bucket sums are
// combined with Jacobian running sums.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy } from "@tallyio/field/assembly/limbs";
import { AFF, add, addAffine, FE, JAC, setInfinity } from "./point";

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
let start: usize = 0; // per bucket: first slot (i32)
let count: usize = 0; // per bucket: slots in use (i32)

const L: usize = memory.data(36);
const T: usize = memory.data(36);
const U: usize = memory.data(36);
const INV: usize = memory.data(36);
const RUN: usize = memory.data(108);
const SUM: usize = memory.data(108);

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
    start = heap.alloc(4 * <usize>nb);
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
 * Adds window w's signed digits into buckets and returns Σ b·B_b in acc (Jacobian). points: m affine
 * half-points; digits: i16, windows per half-point.
 */
export function windowSum(acc: usize, points: usize, digits: usize, m: i32, windows: i32, w: i32, nb: i32): void {
  // 1. Counting sort of the non-zero digits by bucket.
  memory.fill(count, 0, 4 * <usize>nb);
  for (let h = 0; h < m; h++) {
    const d = <i32>load<i16>(digits + 2 * <usize>(h * windows + w));
    if (d == 0) continue;
    const b = count + 4 * <usize>((d < 0 ? -d : d) - 1);
    store<i32>(b, load<i32>(b) + 1);
  }
  let pos = 0;
  for (let b = 0; b < nb; b++) {
    store<i32>(start + 4 * <usize>b, pos);
    pos += load<i32>(count + 4 * <usize>b);
    store<i32>(count + 4 * <usize>b, 0);
  }
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
    if (d < 0) F.neg(dst + FE, src + FE);
    else copy(dst + FE, src + FE);
    store<u8>(empty + slot, 0);
  }
  // 2. Pairwise tree sums, one batch inversion per round, until every bucket holds at most one point.
  while (true) {
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
            if (F.eq(p + FE, q + FE)) {
              k = PAIR_DOUBLE;
              F.add(dst, p + FE, p + FE);
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
    if (pairs == 0) break;
    invertAll(pairs);
    pairs = 0;
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
          F.sub(L, q + FE, p + FE);
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
        F.sub(out + FE, U, p + FE); // y3 = λ(x1 − x3) − y1
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
