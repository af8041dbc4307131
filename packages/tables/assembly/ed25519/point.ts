// Ed25519 points on −x² + y² = 1 + d·x²·y². Extended coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z,
// x·y = T/Z (144 bytes); the a = −1 formulas below are complete, so the identity and equal inputs need no cases.
// Cached form (Y+X, Y−X, 2Z, 2d·T) (144 bytes) and affine Niels form (y+x, y−x, 2d·x·y) (108 bytes) are
// what gets added: 8M and 7M per addition.

import { CHECKED } from "@tallyio/field/assembly/generated/checked";
import * as F from "@tallyio/field/assembly/generated/ed25519_p";
import { copy, setSmall, setZero } from "@tallyio/field/assembly/limbs";
import { ED_D2, ED_DINV, ED_L } from "../generated/constants";
import { Cached, Ext, Niels } from "../generated/spec";
import { wnaf } from "../msm/digits";

export const FE: usize = 36;
/** Bytes of an extended point (Ext.SIZE), for importers outside this package. */
export const EXT: usize = Ext.SIZE;

const A: usize = memory.data(<i32>FE);
const B: usize = memory.data(<i32>FE);
const C: usize = memory.data(<i32>FE);
const D: usize = memory.data(<i32>FE);
const E: usize = memory.data(<i32>FE);
const G: usize = memory.data(<i32>FE);
const H: usize = memory.data(<i32>FE);
const Q: usize = memory.data(<i32>Ext.SIZE);

export function setIdentity(p: usize): void {
  setZero(p + Ext.X);
  setSmall(p + Ext.Y, 1);
  setSmall(p + Ext.Z, 1);
  setZero(p + Ext.T);
}

export function copyExt(out: usize, p: usize): void {
  memory.copy(out, p, Ext.SIZE);
}

/** Extended point from affine (x, y). */
export function fromAffine(out: usize, x: usize, y: usize): void {
  copy(out + Ext.X, x);
  copy(out + Ext.Y, y);
  setSmall(out + Ext.Z, 1);
  F.mul(out + Ext.T, x, y);
}

export function isIdentity(p: usize): bool {
  return F.isZero(p + Ext.X) && F.eq(p + Ext.Y, p + Ext.Z);
}

/** Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1. */
export function eq(p: usize, q: usize): bool {
  F.mul(A, p + Ext.X, q + Ext.Z);
  F.mul(B, q + Ext.X, p + Ext.Z);
  if (!F.eq(A, B)) return false;
  F.mul(A, p + Ext.Y, q + Ext.Z);
  F.mul(B, q + Ext.Y, p + Ext.Z);
  return F.eq(A, B);
}

export function negExt(out: usize, p: usize): void {
  F.neg(out + Ext.X, p + Ext.X);
  copy(out + Ext.Y, p + Ext.Y);
  copy(out + Ext.Z, p + Ext.Z);
  F.neg(out + Ext.T, p + Ext.T);
}

/**
 * The checked build's point invariant (traps when broken): p is on the curve, 2(Y² − X²) = 2Z² + 2d·T², and its
 * T is current, X·Y = Z·T — an addition of a point whose T a doubling skipped would break it.
 */
function checkExtended(p: usize): void {
  if (CHECKED) {
    F.mul(A, p + Ext.X, p + Ext.Y);
    F.mul(B, p + Ext.Z, p + Ext.T);
    if (!F.eq(A, B)) unreachable();
    F.sqr(A, p + Ext.Y);
    F.sqr(B, p + Ext.X);
    F.sub(A, A, B);
    F.add(A, A, A);
    F.sqr(B, p + Ext.Z);
    F.add(B, B, B);
    F.sqr(C, p + Ext.T);
    F.mul(C, C, ED_D2);
    F.add(B, B, C);
    if (!F.eq(A, B)) unreachable();
  }
}

/** Cached form of an extended point: (Y+X, Y−X, 2Z, 2d·T). */
export function toCached(out: usize, p: usize): void {
  checkExtended(p);
  F.add(out + Cached.YPX, p + Ext.Y, p + Ext.X);
  F.sub(out + Cached.YMX, p + Ext.Y, p + Ext.X);
  F.add(out + Cached.Z2, p + Ext.Z, p + Ext.Z);
  F.mul(out + Cached.T2D, p + Ext.T, ED_D2);
}

/**
 * out = p + q for cached q (negated when neg: Y+X and Y−X swap, 2dT changes sign).
 * https://hyperelliptic.org/EFD/g1p/auto-twisted-extended-1.html#addition-add-2008-hwcd-3 — Cost: 8M.
 */
export function addCached(out: usize, p: usize, q: usize, neg: bool): void {
  checkExtended(p);
  F.addLazy(A, p + Ext.Y, p + Ext.X); // Y1 + X1
  F.subLazy(B, p + Ext.Y, p + Ext.X); // Y1 − X1, carry-free: only a product's first operand
  F.mul(A, A, neg ? q + Cached.YMX : q + Cached.YPX); // (Y1+X1)·(Y2+X2)
  F.mul(B, B, neg ? q + Cached.YPX : q + Cached.YMX); // (Y1−X1)·(Y2−X2)
  F.mul(C, p + Ext.T, q + Cached.T2D); // T1·2d·T2
  F.mul(D, p + Ext.Z, q + Cached.Z2); // Z1·2Z2
  finish(out, neg);
}

/** out = p + q for affine Niels q = (y+x, y−x, 2d·x·y), negated when neg. Cost: 7M. */
export function addNiels(out: usize, p: usize, q: usize, neg: bool): void {
  checkExtended(p);
  F.addLazy(A, p + Ext.Y, p + Ext.X);
  F.subLazy(B, p + Ext.Y, p + Ext.X);
  F.mul(A, A, neg ? q + Niels.YMX : q + Niels.YPX);
  F.mul(B, B, neg ? q + Niels.YPX : q + Niels.YMX);
  F.mul(C, p + Ext.T, q + Niels.XY2D);
  F.addLazy(D, p + Ext.Z, p + Ext.Z); // 2·Z1, carry-free
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
    F.mul(out + Ext.X, D, E); // X3 = F·E
    F.mul(out + Ext.Y, G, H); // Y3 = G·H
    F.mul(out + Ext.T, E, H); // T3 = E·H
    F.mul(out + Ext.Z, D, G); // Z3 = F·G
  } else {
    F.subLazy(E, A, B); // E
    F.addLazy(G, D, C); // G = D + C
    F.sub(D, D, C); // F = D − C
    F.mul(out + Ext.X, E, D); // X3 = E·F
    F.mul(out + Ext.Y, G, H); // Y3 = G·H
    F.mul(out + Ext.T, E, H); // T3 = E·H
    F.mul(out + Ext.Z, G, D); // Z3 = G·F
  }
}

/**
 * Extended form of an affine Niels point q = (y+x, y−x, 2d·x·y), negated when neg: (2x : 2y : 2 : 2xy) with
 * 2xy = 2d·x·y / d. Cost: 1M (a bucket's first point in Pippenger, instead of a 7M addition to the identity).
 */
export function fromNiels(out: usize, q: usize, neg: bool): void {
  if (neg) F.sub(out + Ext.X, q + Niels.YMX, q + Niels.YPX);
  else F.sub(out + Ext.X, q + Niels.YPX, q + Niels.YMX);
  F.add(out + Ext.Y, q + Niels.YPX, q + Niels.YMX);
  setSmall(out + Ext.Z, 2);
  F.mul(out + Ext.T, q + Niels.XY2D, ED_DINV);
  if (neg) F.neg(out + Ext.T, out + Ext.T);
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
  F.sqr(A, p + Ext.X); // A = X1²
  F.sqr(B, p + Ext.Y); // B = Y1²
  F.sqr(C, p + Ext.Z);
  F.add(C, C, C); // C = 2·Z1²
  F.addLazy(E, p + Ext.X, p + Ext.Y);
  F.sqr(E, E); // (X1 + Y1)²
  // EFD's E, F, G, H all negated (the products are unchanged): H' = A + B, E' = H' − (X1 + Y1)²,
  // G' = A − B, F' = C + G'.
  F.add(H, A, B);
  F.subLazy(E, H, E); // only a first operand below
  F.sub(G, A, B);
  F.addLazy(D, C, G);
  F.mul(out + Ext.X, E, D);
  F.mul(out + Ext.Y, G, H);
  if (withT) F.mul(out + Ext.T, E, H);
  F.mul(out + Ext.Z, D, G);
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
  F.inv(A, p + Ext.Z);
  F.mul(x, p + Ext.X, A);
  F.mul(y, p + Ext.Y, A);
}

/** Affine Niels form from affine (x, y). */
export function nielsFromAffine(out: usize, x: usize, y: usize): void {
  F.add(out + Niels.YPX, y, x);
  F.sub(out + Niels.YMX, y, x);
  F.mul(out + Niels.XY2D, x, y);
  F.mul(out + Niels.XY2D, out + Niels.XY2D, ED_D2);
}

/** Whether coordinate a is exactly the limbs of 1 (as decoding leaves Z). */
function isOneLimbs(a: usize): bool {
  if (load<u32>(a) != 1) return false;
  for (let i: usize = 4; i < FE; i += 4) if (load<u32>(a + i) != 0) return false;
  return true;
}

/**
 * Affine Niels forms of n extended points with one inversion. zs, scratch: n elements each. When every Z is 1
 * (freshly decoded points), x = X, y = Y and x·y = T, and neither the inversion nor its products are needed.
 */
export function batchToNiels(out: usize, p: usize, n: i32, zs: usize, scratch: usize, stride: usize): void {
  let affine = true;
  for (let i = 0; i < n && affine; i++) affine = isOneLimbs(p + stride * <usize>i + Ext.Z);
  if (affine) {
    for (let i = 0; i < n; i++) {
      const src = p + stride * <usize>i;
      const dst = out + Niels.SIZE * <usize>i;
      F.add(dst + Niels.YPX, src + Ext.Y, src + Ext.X);
      F.sub(dst + Niels.YMX, src + Ext.Y, src + Ext.X);
      F.mul(dst + Niels.XY2D, src + Ext.T, ED_D2);
    }
    return;
  }
  for (let i = 0; i < n; i++) copy(zs + FE * <usize>i, p + stride * <usize>i + Ext.Z);
  F.batchInv(zs, zs, n, scratch);
  for (let i = 0; i < n; i++) {
    const src = p + stride * <usize>i;
    const zi = zs + FE * <usize>i;
    F.mul(G, src + Ext.X, zi);
    F.mul(H, src + Ext.Y, zi);
    nielsFromAffine(out + Niels.SIZE * <usize>i, G, H);
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
    toCached(L_TABLE + Cached.SIZE * j, ACC_L);
  }
  setIdentity(ACC_L);
  for (let bit = lDigitsLength - 1; bit >= 0; bit--) {
    const d = <i32>load<i16>(L_DIGITS + 2 * <usize>bit);
    if (d == 0) {
      dblNoT(ACC_L, ACC_L);
      continue;
    }
    dbl(ACC_L, ACC_L);
    addCached(ACC_L, ACC_L, L_TABLE + Cached.SIZE * <usize>((d < 0 ? -d : d) >> 1), d < 0);
  }
  return isIdentity(ACC_L);
}
const L_W: i32 = 5;
const L_TABLE_SIZE: usize = 1 << (L_W - 2);
const L_DIGITS: usize = memory.data(2 * 254);
let lDigitsLength: i32 = 0;
const L_TABLE: usize = memory.data(<i32>(L_TABLE_SIZE * Cached.SIZE));
const CACHE_P: usize = memory.data(<i32>Cached.SIZE);
const ACC_L: usize = memory.data(<i32>Ext.SIZE);
