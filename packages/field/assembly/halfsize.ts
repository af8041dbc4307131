// Half-size scalars for signature verification (T. Pornin, "Optimized Lattice Basis Reduction in Dimension 2,
// and Fast Schnorr and EdDSA Signature Verification", 2020; the "hEEA" of TCHES 2025). For a prime modulus M and
// h < M, the extended Euclidean algorithm on (M, h), stopped once the remainder falls below 2^stop, gives
// ρ = r_i ≥ 0 and τ = t_i ≠ 0 with ρ ≡ τ·h (mod M) and |τ| ≤ M / r_(i−1) < M / 2^stop. A check X = h·A then
// becomes τ·X = ρ·A: both scalars of about half M's bits, so the doubling chain halves.
//
// Remainders and the cofactors' magnitudes are nine 32-bit limbs. Quotients come from the top 62 bits of both
// remainders (one step of Knuth's algorithm D, at most two corrections); a quotient of 2^30 or more, which
// random inputs reach with probability about 2^−30 per step, takes shifted subtractions instead.

import { regroupFrom29, regroupTo29 } from "./limbs";

const LIMBS: usize = 9;
const BYTES: i32 = 36; // 4·LIMBS
const M32: u64 = 0xffffffff;

const RA: usize = memory.data(BYTES);
const RB: usize = memory.data(BYTES);
const TA: usize = memory.data(BYTES);
const TB: usize = memory.data(BYTES);
const SHIFTED: usize = memory.data(BYTES);

function bitLength(x: usize): i32 {
  for (let i = <i32>LIMBS - 1; i >= 0; i--) {
    const w = load<u32>(x + 4 * <usize>i);
    if (w != 0) return 32 * i + 32 - <i32>clz(w);
  }
  return 0;
}

function limb(x: usize, i: i32): u64 {
  return i < <i32>LIMBS ? <u64>load<u32>(x + 4 * <usize>i) : 0;
}

/** Bits [pos, pos + 62) of x. */
function bits62(x: usize, pos: i32): u64 {
  const i = pos >> 5;
  const sh = <u64>(pos & 31);
  const lo = limb(x, i) | (limb(x, i + 1) << 32);
  let v = lo >> sh;
  if (sh != 0) v |= limb(x, i + 2) << (64 - sh);
  return v & (((<u64>1) << 62) - 1);
}

/** a ≥ b */
function atLeast(a: usize, b: usize): bool {
  for (let i = <i32>LIMBS - 1; i >= 0; i--) {
    const x = load<u32>(a + 4 * <usize>i);
    const y = load<u32>(b + 4 * <usize>i);
    if (x != y) return x > y;
  }
  return true;
}

/** a ← a − q·b (q < 2^31; the result is not negative). */
function subMul(a: usize, b: usize, q: u64): void {
  let carry: u64 = 0;
  let borrow: i64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const p = q * <u64>load<u32>(b + 4 * i) + carry;
    carry = p >> 32;
    const d = <i64>load<u32>(a + 4 * i) - <i64>(p & M32) + borrow;
    store<u32>(a + 4 * i, <u32>d);
    borrow = d >> 32;
  }
}

/** a ← a + q·b (q < 2^31; the result stays below 2^288). */
function addMul(a: usize, b: usize, q: u64): void {
  let carry: u64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const s = <u64>load<u32>(a + 4 * i) + q * <u64>load<u32>(b + 4 * i) + carry;
    store<u32>(a + 4 * i, <u32>s);
    carry = s >> 32;
  }
}

/** out = x·2^s (s < 32·LIMBS; bits past the limbs are dropped). */
function shiftLeft(out: usize, x: usize, s: i32): void {
  const whole = s >> 5;
  const bit = <u64>(s & 31);
  for (let i = <i32>LIMBS - 1; i >= 0; i--) {
    const j = i - whole;
    let v: u64 = j >= 0 ? limb(x, j) << bit : 0;
    if (bit != 0 && j >= 1) v |= limb(x, j - 1) >> (32 - bit);
    store<u32>(out + 4 * <usize>i, <u32>v);
  }
}

/** a ← a mod b and t ← t + ⌊a / b⌋·u, for a ≥ b > 0. */
function divStep(a: usize, b: usize, t: usize, u: usize): void {
  const na = bitLength(a);
  const nb = bitLength(b);
  if (na - nb <= 30) {
    const pos = na > 62 ? na - 62 : 0;
    const q = bits62(a, pos) / (bits62(b, pos) + 1);
    if (q != 0) {
      subMul(a, b, q);
      addMul(t, u, q);
    }
  } else {
    for (let s = na - nb; s > 0; s--) {
      shiftLeft(SHIFTED, b, s);
      if (atLeast(a, SHIFTED)) {
        subMul(a, SHIFTED, 1);
        shiftLeft(SHIFTED, u, s);
        addMul(t, SHIFTED, 1);
      }
    }
  }
  while (atLeast(a, b)) {
    subMul(a, b, 1);
    addMul(t, u, 1);
  }
}

/**
 * ρ and |τ| (9×29-bit limbs) for h < modulus (both 9×29-bit limbs): ρ ≡ τ·h (mod modulus), 0 ≤ ρ < 2^stop,
 * 0 < |τ| < modulus / 2^stop. Returns whether τ is negative.
 */
export function halfSize(rho: usize, tau: usize, h: usize, modulus: usize, stop: i32): bool {
  regroupFrom29(RA, modulus, 32, LIMBS, 4);
  regroupFrom29(RB, h, 32, LIMBS, 4);
  memory.fill(TA, 0, <usize>BYTES);
  memory.fill(TB, 0, <usize>BYTES);
  store<u32>(TB, 1);
  // (r0, t0) and (r1, t1): t_i = (−1)^(i+1)·|t_i|, and |t_(i+1)| = |t_(i−1)| + q_i·|t_i|.
  let r0 = RA;
  let r1 = RB;
  let t0 = TA;
  let t1 = TB;
  let negative = false;
  while (bitLength(r1) > stop) {
    divStep(r0, r1, t0, t1);
    const r = r0;
    r0 = r1;
    r1 = r;
    const t = t0;
    t0 = t1;
    t1 = t;
    negative = !negative;
  }
  regroupTo29(rho, r1, 32, LIMBS, 4);
  regroupTo29(tau, t1, 32, LIMBS, 4);
  return negative;
}
