// Square roots in the Ed25519 base field p = 2^255 − 19 (p ≡ 5 mod 8), as RFC 8032 §5.1.3 decoding needs them.

import { canonical, eq, mul, mul2, neg, pairOf, sqr, sqr2, sqrN, sqrN2, unpair } from "./generated/ed25519_p";
import { cmov } from "./limbs";

/** √−1 = 2^((p−1)/4) mod p */
export const SQRT_M1: usize = memory.data<u32>([
  168730800, 124836154, 200875569, 103812442, 494564084, 5021437, 472689972, 269088827, 2851620,
]);

const X2: usize = memory.data(36);
const X10: usize = memory.data(36);
const X50: usize = memory.data(36);
const T: usize = memory.data(36);
const PT: usize = memory.data(36);
const V3: usize = memory.data(36);
const X: usize = memory.data(36);
const VX2: usize = memory.data(36);
const ROOT2: usize = memory.data(36);
const NEG_U: usize = memory.data(36);

/** out = t^(2^252 − 3): 2^252 − 3 is 250 ones, 0, 1, so x250 = t^(2^250 − 1) then two squarings. */
export function pow22523(out: usize, t: usize): void {
  sqr(X2, t);
  mul(X2, X2, t); // x2
  sqrN(PT, X2, 2);
  mul(PT, PT, X2); // x4
  sqr(PT, PT);
  mul(PT, PT, t); // x5
  sqrN(X10, PT, 5);
  mul(X10, X10, PT); // x10
  sqrN(PT, X10, 10);
  mul(PT, PT, X10); // x20
  sqrN(X50, PT, 20);
  mul(X50, X50, PT); // x40
  sqrN(X50, X50, 10);
  mul(X50, X50, X10); // x50
  sqrN(PT, X50, 50);
  mul(PT, PT, X50); // x100
  sqrN(X10, PT, 100);
  mul(X10, X10, PT); // x200
  sqrN(X10, X10, 50);
  mul(X10, X10, X50); // x250
  sqrN(X10, X10, 2);
  mul(out, X10, t);
}

/** v3 = v³, t = u·v⁷: the input of the exponentiation. */
function ratioStart(t: usize, v3: usize, u: usize, v: usize): void {
  sqr(v3, v);
  mul(v3, v3, v); // v³
  sqr(t, v3);
  mul(t, t, v); // v⁷
  mul(t, t, u);
}

/**
 * out = √(u/v) with the even (non-negative) root, as @noble/curves' uvRatio: x = u·v³·(u·v⁷)^((p−5)/8), then
 * x·√−1 when v·x² = −u. Returns false when u/v is not a square (and for v = 0 unless u = 0).
 */
export function sqrtRatio(out: usize, u: usize, v: usize): bool {
  ratioStart(T, V3, u, v);
  pow22523(T, T);
  return ratioFinish(out, u, v, V3, T);
}

const T_B: usize = memory.data(36);
const V3_B: usize = memory.data(36);
const P_T: usize = memory.data(72);
const P_X2: usize = memory.data(72);
const P_PT: usize = memory.data(72);
const P_X10: usize = memory.data(72);
const P_X50: usize = memory.data(72);

/** pow22523 of two elements at once (pairs, as the generated pairOf lays them out), lane by lane. */
function pow22523x2(out: usize, t: usize): void {
  sqr2(P_X2, t);
  mul2(P_X2, P_X2, t); // x2
  sqrN2(P_PT, P_X2, 2);
  mul2(P_PT, P_PT, P_X2); // x4
  sqr2(P_PT, P_PT);
  mul2(P_PT, P_PT, t); // x5
  sqrN2(P_X10, P_PT, 5);
  mul2(P_X10, P_X10, P_PT); // x10
  sqrN2(P_PT, P_X10, 10);
  mul2(P_PT, P_PT, P_X10); // x20
  sqrN2(P_X50, P_PT, 20);
  mul2(P_X50, P_X50, P_PT); // x40
  sqrN2(P_X50, P_X50, 10);
  mul2(P_X50, P_X50, P_X10); // x50
  sqrN2(P_PT, P_X50, 50);
  mul2(P_PT, P_PT, P_X50); // x100
  sqrN2(P_X10, P_PT, 100);
  mul2(P_X10, P_X10, P_PT); // x200
  sqrN2(P_X10, P_X10, 50);
  mul2(P_X10, P_X10, P_X50); // x250
  sqrN2(P_X10, P_X10, 2);
  mul2(out, P_X10, t);
}

/**
 * sqrtRatio of (u1, v1) and (u2, v2) at once, the exponentiations in the two SIMD lanes: bit 0 set when u1/v1
 * is a square, bit 1 when u2/v2 is.
 */
export function sqrtRatio2(out1: usize, u1: usize, v1: usize, out2: usize, u2: usize, v2: usize): i32 {
  ratioStart(T, V3, u1, v1);
  ratioStart(T_B, V3_B, u2, v2);
  pairOf(P_T, T, T_B);
  pow22523x2(P_T, P_T);
  unpair(T, T_B, P_T);
  const ok1 = ratioFinish(out1, u1, v1, V3, T);
  const ok2 = ratioFinish(out2, u2, v2, V3_B, T_B);
  return (ok1 ? 1 : 0) | (ok2 ? 2 : 0);
}

/** The rest of sqrtRatio from p = (u·v⁷)^((p−5)/8). */
function ratioFinish(out: usize, u: usize, v: usize, v3: usize, p: usize): bool {
  mul(X, u, v3);
  mul(X, X, p);
  sqr(VX2, X);
  mul(VX2, VX2, v);
  mul(ROOT2, X, SQRT_M1);
  neg(NEG_U, u);
  const useRoot1 = eq(VX2, u);
  const useRoot2 = eq(VX2, NEG_U);
  mul(NEG_U, NEG_U, SQRT_M1);
  const noRoot = eq(VX2, NEG_U);
  cmov(X, ROOT2, useRoot2 || noRoot);
  canonical(X, X);
  neg(T, X);
  cmov(X, T, (load<u32>(X) & 1) != 0);
  canonical(out, X);
  return useRoot1 || useRoot2;
}
