// Square root in the secp256k1 base field: p ≡ 3 (mod 4), so √a = a^((p+1)/4) when a is a square.
// (p+1)/4 in binary is 223 ones, 0, 22 ones, 0000, 11, 00: 253 squarings and 13 multiplications.

// biome-ignore lint/style/useImportType: AssemblyScript has no type-only imports
import { Mul, Sqr, SqrN, step } from "./chain";
import { eq, mul, mul2, pairOf, sqr, sqr2, sqrN, sqrN2, unpair } from "./generated/secp256k1_p";
import { copy } from "./limbs";

/**
 * out = a^((p+1)/4) by the addition chain, with the given square, product and repeated square — single elements,
 * or pairs (two chains in SIMD lanes). scratch: five elements of `size` bytes; out must not overlap it.
 */
function powChain(out: usize, a: usize, scratch: usize, size: usize, sq: Sqr, mu: Mul, sqn: SqrN): void {
  const x2 = scratch;
  const x3 = scratch + size;
  const x11 = scratch + 2 * size;
  const x22 = scratch + 3 * size;
  const x44 = scratch + 4 * size;
  // x_k = a^(2^k − 1)
  step(x2, a, 1, a, sq, mu, sqn);
  step(x3, x2, 1, a, sq, mu, sqn);
  step(out, x3, 3, x3, sq, mu, sqn); // x6
  step(out, out, 3, x3, sq, mu, sqn); // x9
  step(x11, out, 2, x2, sq, mu, sqn);
  step(x22, x11, 11, x11, sq, mu, sqn);
  step(x44, x22, 22, x22, sq, mu, sqn);
  step(out, x44, 44, x44, sq, mu, sqn); // x88
  step(x11, out, 88, out, sq, mu, sqn); // x176
  step(x11, x11, 44, x44, sq, mu, sqn); // x220
  step(x11, x11, 3, x3, sq, mu, sqn); // x223
  step(x11, x11, 23, x22, sq, mu, sqn); // then 0 and 22 ones
  step(x11, x11, 6, x2, sq, mu, sqn); // 0000, 11
  sqn(out, x11, 2); // 00
}

const SCRATCH: usize = memory.data(5 * 36);
const T: usize = memory.data(36);
const CHECK: usize = memory.data(36);

/** out = √a (either root); false when a is not a square, with out then holding a^((p+1)/4). */
export function sqrt(out: usize, a: usize): bool {
  powChain(T, a, SCRATCH, 36, sqr, mul, sqrN);
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
const P_T: usize = memory.data(72);
const P_SCRATCH: usize = memory.data(5 * 72);

/**
 * outA = √a, outB = √b (either roots), for little more than the time of one. Returns bit 0 set when a is a
 * square, bit 1 when b is; a root whose bit is clear holds the power, as sqrt leaves it.
 */
export function sqrt2(outA: usize, outB: usize, a: usize, b: usize): i32 {
  pairOf(P_A, a, b);
  powChain(P_T, P_A, P_SCRATCH, 72, sqr2, mul2, sqrN2);
  unpair(outA, outB, P_T);
  sqr(CHECK, outA);
  let ok = eq(CHECK, a) ? 1 : 0;
  sqr(CHECK, outB);
  if (eq(CHECK, b)) ok |= 2;
  return ok;
}
