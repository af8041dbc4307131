// Square root in the secp256k1 base field: p ≡ 3 (mod 4), so √a = a^((p+1)/4) when a is a square.
// (p+1)/4 in binary is 223 ones, 0, 22 ones, 0000, 11, 00: 253 squarings and 13 multiplications.

import { eq, mul, mul2, pairOf, sqr, sqr2, sqrN, sqrN2, unpair } from "./generated/secp256k1_p";
import { copy } from "./limbs";

const X2: usize = memory.data(36);
const X3: usize = memory.data(36);
const X11: usize = memory.data(36);
const X22: usize = memory.data(36);
const X44: usize = memory.data(36);
const T: usize = memory.data(36);
const CHECK: usize = memory.data(36);

/** out = √a (either root); false when a is not a square, with out then holding a^((p+1)/4). */
export function sqrt(out: usize, a: usize): bool {
  // x_k = a^(2^k − 1)
  sqr(X2, a);
  mul(X2, X2, a);
  sqr(X3, X2);
  mul(X3, X3, a);
  sqrN(T, X3, 3);
  mul(T, T, X3); // x6
  sqrN(T, T, 3);
  mul(T, T, X3); // x9
  sqrN(X11, T, 2);
  mul(X11, X11, X2);
  sqrN(X22, X11, 11);
  mul(X22, X22, X11);
  sqrN(X44, X22, 22);
  mul(X44, X44, X22);
  sqrN(T, X44, 44);
  mul(T, T, X44); // x88
  sqrN(X11, T, 88);
  mul(X11, X11, T); // x176
  sqrN(X11, X11, 44);
  mul(X11, X11, X44); // x220
  sqrN(X11, X11, 3);
  mul(X11, X11, X3); // x223
  sqrN(X11, X11, 23);
  mul(X11, X11, X22);
  sqrN(X11, X11, 6);
  mul(X11, X11, X2);
  sqrN(T, X11, 2);
  sqr(CHECK, T);
  const ok = eq(CHECK, a);
  copy(out, T);
  return ok;
}

/** Whether a is a square (0 counts as one). */
export function isSquare(a: usize): bool {
  return sqrt(T, a);
}

// Two square roots at once, one per SIMD lane (pairs as in the generated pairOf): the same chain.
const P_A: usize = memory.data(72);
const P_X2: usize = memory.data(72);
const P_X3: usize = memory.data(72);
const P_X11: usize = memory.data(72);
const P_X22: usize = memory.data(72);
const P_X44: usize = memory.data(72);
const P_T: usize = memory.data(72);
const Y2: usize = memory.data(36);

/**
 * outA = √a, outB = √b (either roots), for little more than the time of one. Returns bit 0 set when a is a
 * square, bit 1 when b is; a root whose bit is clear holds the power, as sqrt leaves it.
 */
export function sqrt2(outA: usize, outB: usize, a: usize, b: usize): i32 {
  pairOf(P_A, a, b);
  sqr2(P_X2, P_A);
  mul2(P_X2, P_X2, P_A);
  sqr2(P_X3, P_X2);
  mul2(P_X3, P_X3, P_A);
  sqrN2(P_T, P_X3, 3);
  mul2(P_T, P_T, P_X3); // x6
  sqrN2(P_T, P_T, 3);
  mul2(P_T, P_T, P_X3); // x9
  sqrN2(P_X11, P_T, 2);
  mul2(P_X11, P_X11, P_X2);
  sqrN2(P_X22, P_X11, 11);
  mul2(P_X22, P_X22, P_X11);
  sqrN2(P_X44, P_X22, 22);
  mul2(P_X44, P_X44, P_X22);
  sqrN2(P_T, P_X44, 44);
  mul2(P_T, P_T, P_X44); // x88
  sqrN2(P_X11, P_T, 88);
  mul2(P_X11, P_X11, P_T); // x176
  sqrN2(P_X11, P_X11, 44);
  mul2(P_X11, P_X11, P_X44); // x220
  sqrN2(P_X11, P_X11, 3);
  mul2(P_X11, P_X11, P_X3); // x223
  sqrN2(P_X11, P_X11, 23);
  mul2(P_X11, P_X11, P_X22);
  sqrN2(P_X11, P_X11, 6);
  mul2(P_X11, P_X11, P_X2);
  sqrN2(P_T, P_X11, 2);
  unpair(outA, outB, P_T);
  sqr(Y2, outA);
  let ok = eq(Y2, a) ? 1 : 0;
  sqr(Y2, outB);
  if (eq(Y2, b)) ok |= 2;
  return ok;
}
