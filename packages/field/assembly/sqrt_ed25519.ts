// Square roots in the Ed25519 base field p = 2^255 − 19 (p ≡ 5 mod 8), as RFC 8032 §5.1.3 decoding needs them.

// biome-ignore lint/style/useImportType: AssemblyScript has no type-only imports
import { Mul, Sqr, SqrN, step } from "./chain";
import { canonical, eq, mul, mul2, neg, pairOf, sqr, sqr2, sqrN, sqrN2, unpair } from "./generated/ed25519_p";
import { cmov } from "./limbs";

/** √−1 = 2^((p−1)/4) mod p */
export const SQRT_M1: usize = memory.data<u32>([
  168730800, 124836154, 200875569, 103812442, 494564084, 5021437, 472689972, 269088827, 2851620,
]);

const SCRATCH: usize = memory.data(4 * 36);
const T: usize = memory.data(36);
const V3: usize = memory.data(36);
const X: usize = memory.data(36);
const VX2: usize = memory.data(36);
const ROOT2: usize = memory.data(36);
const NEG_U: usize = memory.data(36);

/**
 * out = t^(2^252 − 3): 2^252 − 3 is 250 ones, 0, 1, so x250 = t^(2^250 − 1) then two squarings. With the given
 * square, product and repeated square — single elements, or pairs (two chains in SIMD lanes); scratch: four
 * elements of `size` bytes. out is written last, so it may be t.
 */
function powChain(out: usize, t: usize, scratch: usize, size: usize, sq: Sqr, mu: Mul, sqn: SqrN): void {
  const x2 = scratch;
  const x10 = scratch + size;
  const x50 = scratch + 2 * size;
  const pt = scratch + 3 * size;
  step(x2, t, 1, t, sq, mu, sqn); // x2
  step(pt, x2, 2, x2, sq, mu, sqn); // x4
  step(pt, pt, 1, t, sq, mu, sqn); // x5
  step(x10, pt, 5, pt, sq, mu, sqn); // x10
  step(pt, x10, 10, x10, sq, mu, sqn); // x20
  step(x50, pt, 20, pt, sq, mu, sqn); // x40
  step(x50, x50, 10, x10, sq, mu, sqn); // x50
  step(pt, x50, 50, x50, sq, mu, sqn); // x100
  step(x10, pt, 100, pt, sq, mu, sqn); // x200
  step(x10, x10, 50, x50, sq, mu, sqn); // x250
  sqn(x10, x10, 2); // then 0
  mu(out, x10, t); // and 1
}

/** out = t^(2^252 − 3) */
export function pow22523(out: usize, t: usize): void {
  powChain(out, t, SCRATCH, 36, sqr, mul, sqrN);
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
const P_SCRATCH: usize = memory.data(4 * 72);

/**
 * sqrtRatio of (u1, v1) and (u2, v2) at once, the exponentiations in the two SIMD lanes: bit 0 set when u1/v1
 * is a square, bit 1 when u2/v2 is.
 */
export function sqrtRatio2(out1: usize, u1: usize, v1: usize, out2: usize, u2: usize, v2: usize): i32 {
  ratioStart(T, V3, u1, v1);
  ratioStart(T_B, V3_B, u2, v2);
  pairOf(P_T, T, T_B);
  powChain(P_T, P_T, P_SCRATCH, 72, sqr2, mul2, sqrN2);
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
