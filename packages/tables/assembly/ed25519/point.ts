// Ed25519 points on −x² + y² = 1 + d·x²·y². Extended coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z,
// x·y = T/Z (144 bytes); the a = −1 formulas below are complete, so the identity and equal inputs need no cases.
// Cached form (Y+X, Y−X, 2Z, 2d·T) (144 bytes) and affine Niels form (y+x, y−x, 2d·x·y) (108 bytes) are
// what gets added: 8M and 7M per addition.

import { CHECKED } from "@tallyio/field/assembly/generated/checked";
import * as F from "@tallyio/field/assembly/generated/ed25519_p";
import { copy, setSmall, setZero } from "@tallyio/field/assembly/limbs";
import { ED_D2, ED_DINV, ED_L } from "../generated/constants";
import { wnaf } from "../msm/digits";

export const FE: usize = 36;
export const EXT: usize = 144;
export const CACHED: usize = 144;
export const NIELS: usize = 108;

const A: usize = memory.data(36);
const B: usize = memory.data(36);
const C: usize = memory.data(36);
const D: usize = memory.data(36);
const E: usize = memory.data(36);
const G: usize = memory.data(36);
const H: usize = memory.data(36);
const Q: usize = memory.data(144);

export function setIdentity(p: usize): void {
  setZero(p);
  setSmall(p + 36, 1);
  setSmall(p + 72, 1);
  setZero(p + 108);
}

export function copyExt(out: usize, p: usize): void {
  memory.copy(out, p, EXT);
}

/** Extended point from affine (x, y). */
export function fromAffine(out: usize, x: usize, y: usize): void {
  copy(out, x);
  copy(out + 36, y);
  setSmall(out + 72, 1);
  F.mul(out + 108, x, y);
}

export function isIdentity(p: usize): bool {
  return F.isZero(p) && F.eq(p + 36, p + 72);
}

/** Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1. */
export function eq(p: usize, q: usize): bool {
  F.mul(A, p, q + 72);
  F.mul(B, q, p + 72);
  if (!F.eq(A, B)) return false;
  F.mul(A, p + 36, q + 72);
  F.mul(B, q + 36, p + 72);
  return F.eq(A, B);
}

export function negExt(out: usize, p: usize): void {
  F.neg(out, p);
  copy(out + 36, p + 36);
  copy(out + 72, p + 72);
  F.neg(out + 108, p + 108);
}

/**
 * The checked build's point invariant (traps when broken): p is on the curve, 2(Y² − X²) = 2Z² + 2d·T², and its
 * T is current, X·Y = Z·T — an addition of a point whose T a doubling skipped would break it.
 */
function checkExtended(p: usize): void {
  if (CHECKED) {
    F.mul(A, p, p + 36);
    F.mul(B, p + 72, p + 108);
    if (!F.eq(A, B)) unreachable();
    F.sqr(A, p + 36);
    F.sqr(B, p);
    F.sub(A, A, B);
    F.add(A, A, A);
    F.sqr(B, p + 72);
    F.add(B, B, B);
    F.sqr(C, p + 108);
    F.mul(C, C, ED_D2);
    F.add(B, B, C);
    if (!F.eq(A, B)) unreachable();
  }
}

/** Cached form of an extended point: (Y+X, Y−X, 2Z, 2d·T). */
export function toCached(out: usize, p: usize): void {
  checkExtended(p);
  F.add(out, p + 36, p);
  F.sub(out + 36, p + 36, p);
  F.add(out + 72, p + 72, p + 72);
  F.mul(out + 108, p + 108, ED_D2);
}

/**
 * out = p + q for cached q (negated when neg: Y+X and Y−X swap, 2dT changes sign).
 * https://hyperelliptic.org/EFD/g1p/auto-twisted-extended-1.html#addition-add-2008-hwcd-3 — Cost: 8M.
 */
export function addCached(out: usize, p: usize, q: usize, neg: bool): void {
  checkExtended(p);
  F.addLazy(A, p + 36, p); // Y1 + X1
  F.subLazy(B, p + 36, p); // Y1 − X1, carry-free: only a product's first operand
  F.mul(A, A, neg ? q + 36 : q); // (Y1+X1)·(Y2+X2)
  F.mul(B, B, neg ? q : q + 36); // (Y1−X1)·(Y2−X2)
  F.mul(C, p + 108, q + 108); // T1·2d·T2
  F.mul(D, p + 72, q + 72); // Z1·2Z2
  finish(out, neg);
}

/** out = p + q for affine Niels q = (y+x, y−x, 2d·x·y), negated when neg. Cost: 7M. */
export function addNiels(out: usize, p: usize, q: usize, neg: bool): void {
  checkExtended(p);
  F.addLazy(A, p + 36, p);
  F.subLazy(B, p + 36, p);
  F.mul(A, A, neg ? q + 36 : q);
  F.mul(B, B, neg ? q : q + 36);
  F.mul(C, p + 108, q + 72);
  F.addLazy(D, p + 72, p + 72); // 2·Z1, carry-free
  finish(out, neg);
}

/**
 * Shared tail: E = B' − A', F = D − C, G = D + C, H = B' + A' (EFD names; here A = (Y1+X1)(Y2+X2) and
 * B = (Y1−X1)(Y2−X2)); D may be a carry-free sum (limbs < 2^30). A negated q flips the sign of C, which swaps
 * F and G. Only what must be reduced is carried: a product's first operand may be a carry-free difference
 * (subLazy) or a sum of up to three reduced elements, its second a sum below 2^30 (field.md).
 */
function finish(out: usize, neg: bool): void {
  F.addLazy(H, A, B); // H
  if (neg) {
    F.sub(E, A, B); // E
    F.sub(G, D, C); // G = D − C
    F.addLazy(D, D, C); // F = D + C
    F.mul(out, D, E); // X3 = F·E
    F.mul(out + 36, G, H); // Y3 = G·H
    F.mul(out + 108, E, H); // T3 = E·H
    F.mul(out + 72, D, G); // Z3 = F·G
  } else {
    F.subLazy(E, A, B); // E
    F.addLazy(G, D, C); // G = D + C
    F.sub(D, D, C); // F = D − C
    F.mul(out, E, D); // X3 = E·F
    F.mul(out + 36, G, H); // Y3 = G·H
    F.mul(out + 108, E, H); // T3 = E·H
    F.mul(out + 72, G, D); // Z3 = G·F
  }
}

/**
 * Extended form of an affine Niels point q = (y+x, y−x, 2d·x·y), negated when neg: (2x : 2y : 2 : 2xy) with
 * 2xy = 2d·x·y / d. Cost: 1M (a bucket's first point in Pippenger, instead of a 7M addition to the identity).
 */
export function fromNiels(out: usize, q: usize, neg: bool): void {
  if (neg) F.sub(out, q + 36, q);
  else F.sub(out, q, q + 36);
  F.add(out + 36, q, q + 36);
  setSmall(out + 72, 2);
  F.mul(out + 108, q + 72, ED_DINV);
  if (neg) F.neg(out + 108, out + 108);
}

/** out = p + q, both extended. */
export function add(out: usize, p: usize, q: usize): void {
  toCached(Q, q);
  addCached(out, p, Q, false);
}

/**
 * out = 2p. https://hyperelliptic.org/EFD/g1p/auto-twisted-extended-1.html#doubling-dbl-2008-hwcd — 4M + 4S.
 */
export function dbl(out: usize, p: usize): void {
  doubling(out, p, true);
}

/** out = 2p without T (3M + 4S): only where a doubling, not an addition, comes next. */
export function dblNoT(out: usize, p: usize): void {
  doubling(out, p, false);
}

function doubling(out: usize, p: usize, withT: bool): void {
  F.sqr(A, p); // A = X1²
  F.sqr(B, p + 36); // B = Y1²
  F.sqr(C, p + 72);
  F.add(C, C, C); // C = 2·Z1²
  F.addLazy(E, p, p + 36);
  F.sqr(E, E); // (X1 + Y1)²
  // EFD's E, F, G, H all negated (the products are unchanged): H' = A + B, E' = H' − (X1 + Y1)²,
  // G' = A − B, F' = C + G'.
  F.add(H, A, B);
  F.subLazy(E, H, E); // only a first operand below
  F.sub(G, A, B);
  F.addLazy(D, C, G);
  F.mul(out, E, D);
  F.mul(out + 36, G, H);
  if (withT) F.mul(out + 108, E, H);
  F.mul(out + 72, D, G);
}

/** out = 8p (clears the cofactor). */
export function mulByCofactor(out: usize, p: usize): void {
  dblNoT(out, p);
  dblNoT(out, out);
  dbl(out, out);
}

/** Whether p has small order (8p is the identity): the eight torsion points. */
export function isSmallOrder(p: usize): bool {
  mulByCofactor(Q, p);
  return isIdentity(Q);
}

/** Affine (x, y) of an extended point. */
export function toAffine(x: usize, y: usize, p: usize): void {
  F.inv(A, p + 72);
  F.mul(x, p, A);
  F.mul(y, p + 36, A);
}

/** Affine Niels form from affine (x, y). */
export function nielsFromAffine(out: usize, x: usize, y: usize): void {
  F.add(out, y, x);
  F.sub(out + 36, y, x);
  F.mul(out + 72, x, y);
  F.mul(out + 72, out + 72, ED_D2);
}

/** Whether coordinate a is exactly the limbs of 1 (as decoding leaves Z). */
function isOneLimbs(a: usize): bool {
  if (load<u32>(a) != 1) return false;
  for (let i: usize = 4; i < 36; i += 4) if (load<u32>(a + i) != 0) return false;
  return true;
}

/**
 * Affine Niels forms of n extended points with one inversion. zs, scratch: n elements each. When every Z is 1
 * (freshly decoded points), x = X, y = Y and x·y = T, and neither the inversion nor its products are needed.
 */
export function batchToNiels(out: usize, p: usize, n: i32, zs: usize, scratch: usize, stride: usize): void {
  let affine = true;
  for (let i = 0; i < n && affine; i++) affine = isOneLimbs(p + stride * <usize>i + 72);
  if (affine) {
    for (let i = 0; i < n; i++) {
      const src = p + stride * <usize>i;
      const dst = out + NIELS * <usize>i;
      F.add(dst, src + 36, src);
      F.sub(dst + 36, src + 36, src);
      F.mul(dst + 72, src + 108, ED_D2);
    }
    return;
  }
  for (let i = 0; i < n; i++) copy(zs + FE * <usize>i, p + stride * <usize>i + 72);
  F.batchInv(zs, zs, n, scratch);
  for (let i = 0; i < n; i++) {
    const src = p + stride * <usize>i;
    const zi = zs + FE * <usize>i;
    F.mul(G, src, zi);
    F.mul(H, src + 36, zi);
    nielsFromAffine(out + NIELS * <usize>i, G, H);
  }
}

/**
 * Whether l·p is the identity (p lies in the prime-order subgroup): width-5 wNAF of l (about 22 additions from
 * a table of P, 3P, …, 15P instead of 61 for plain double-and-add), and doublings that skip T where no
 * addition follows (3M + 4S instead of 4M + 4S).
 */
export function isTorsionFree(p: usize): bool {
  if (lDigitsLength == 0) lDigitsLength = wnaf(L_DIGITS, ED_L, L_W, 253);
  toCached(L_TABLE, p);
  dbl(ACC_L, p);
  toCached(CACHE_P, ACC_L);
  copyExt(ACC_L, p);
  for (let j: usize = 1; j < L_TABLE_SIZE; j++) {
    addCached(ACC_L, ACC_L, CACHE_P, false);
    toCached(L_TABLE + CACHED * j, ACC_L);
  }
  setIdentity(ACC_L);
  for (let bit = lDigitsLength - 1; bit >= 0; bit--) {
    const d = <i32>load<i16>(L_DIGITS + 2 * <usize>bit);
    if (d == 0) {
      dblNoT(ACC_L, ACC_L);
      continue;
    }
    dbl(ACC_L, ACC_L);
    addCached(ACC_L, ACC_L, L_TABLE + CACHED * <usize>((d < 0 ? -d : d) >> 1), d < 0);
  }
  return isIdentity(ACC_L);
}
const L_W: i32 = 5;
const L_TABLE_SIZE: usize = 1 << (L_W - 2);
const L_DIGITS: usize = memory.data(2 * 254);
let lDigitsLength: i32 = 0;
const L_TABLE: usize = memory.data(8 * 144);
const CACHE_P: usize = memory.data(144);
const ACC_L: usize = memory.data(144);
