// Modular inversion by Bernstein–Yang divsteps ("Fast constant-time gcd computation and modular inversion",
// https://gcd.cr.yp.to/safegcd-20190413.pdf), variable time: inputs are public in signature verification.
//
// Numbers are nine signed 30-bit limbs (limbs 0..len−2 in [0, 2^30), the top limb signed) held as i64, so the
// 2×2 transition matrix of 30 divsteps (entries ≤ 2^30) applies to a limb with 64-bit products.
// Invariants: f ≡ d·x and g ≡ e·x (mod M); f, g shrink until g = 0, then f = ±1 and x⁻¹ = ±d.

import { ModInfo } from "./generated/spec";
import { regroupFrom29, regroupTo29 } from "./limbs";

const M30: i64 = 0x3fffffff;
const F: usize = memory.data(72);
const G: usize = memory.data(72);
const D: usize = memory.data(72);
const E: usize = memory.data(72);
const MOD: usize = memory.data(72);
/** The proven bound for 256-bit inputs is 741 divsteps (25 batches); the cap only guarantees termination. */
const MAX_BATCHES: i32 = 40;

// Transition matrix of the last divsteps30: [u v; q r], scaled by 2^30.
let mu: i64 = 0;
let mv: i64 = 0;
let mq: i64 = 0;
let mr: i64 = 0;

/** 30 divsteps on the low bits of f and g; even steps are taken several at a time. Returns the new delta. */
function divsteps30(delta: i64, f0: i64, g0: i64): i64 {
  let u: i64 = 1;
  let v: i64 = 0;
  let q: i64 = 0;
  let r: i64 = 1;
  let f = f0;
  let g = g0;
  let left: i64 = 30;
  while (true) {
    const z = ctz<i64>(g | ((<i64>1) << left));
    g >>= z;
    u <<= z;
    v <<= z;
    delta += z;
    left -= z;
    if (left == 0) break;
    if (delta > 0) {
      // (f, g) ← (g, (g − f)/2)
      const nf = g;
      g = (g - f) >> 1;
      f = nf;
      const nu = q << 1;
      const nv = r << 1;
      q -= u;
      r -= v;
      u = nu;
      v = nv;
      delta = 1 - delta;
    } else {
      // g ← (g + f)/2
      g = (g + f) >> 1;
      q += u;
      r += v;
      u <<= 1;
      v <<= 1;
      delta += 1;
    }
    left -= 1;
  }
  mu = u;
  mv = v;
  mq = q;
  mr = r;
  return delta;
}

/** (f, g) ← [u v; q r]·(f, g) / 2^30 over the first len limbs; the division is exact. */
function updateFG(u: i64, v: i64, q: i64, r: i64, len: i32): void {
  const f0 = load<i64>(F);
  const g0 = load<i64>(G);
  let cf = (u * f0 + v * g0) >> 30;
  let cg = (q * f0 + r * g0) >> 30;
  for (let i = 1; i < len; i++) {
    const fi = load<i64>(F + 8 * <usize>i);
    const gi = load<i64>(G + 8 * <usize>i);
    cf += u * fi + v * gi;
    cg += q * fi + r * gi;
    store<i64>(F + 8 * <usize>(i - 1), cf & M30);
    store<i64>(G + 8 * <usize>(i - 1), cg & M30);
    cf >>= 30;
    cg >>= 30;
  }
  store<i64>(F + 8 * <usize>(len - 1), cf);
  store<i64>(G + 8 * <usize>(len - 1), cg);
}

/** x ← x + sign·M over nine limbs (sign is 1 or −1). */
function addModulus(x: usize, sign: i64): void {
  let c: i64 = 0;
  for (let i: usize = 0; i < 8; i++) {
    c += load<i64>(x + 8 * i) + sign * load<i64>(MOD + 8 * i);
    store<i64>(x + 8 * i, c & M30);
    c >>= 30;
  }
  store<i64>(x + 64, c + load<i64>(x + 64) + sign * load<i64>(MOD + 64));
}

/** Brings x from (−M, 2M) into [0, M). */
function normalize(x: usize): void {
  if (load<i64>(x + 64) < 0) {
    addModulus(x, 1);
    return;
  }
  addModulus(x, -1);
  if (load<i64>(x + 64) < 0) addModulus(x, 1);
}

/** (d, e) ← [u v; q r]·(d, e) / 2^30 mod M: a multiple of M clears the low 30 bits first (Montgomery step). */
function updateDE(u: i64, v: i64, q: i64, r: i64, minv: i64): void {
  const d0 = load<i64>(D);
  const e0 = load<i64>(E);
  const m0 = load<i64>(MOD);
  let cd = u * d0 + v * e0;
  let ce = q * d0 + r * e0;
  const md = -(cd * minv) & M30;
  const me = -(ce * minv) & M30;
  cd = (cd + md * m0) >> 30;
  ce = (ce + me * m0) >> 30;
  for (let i: usize = 1; i < 9; i++) {
    const di = load<i64>(D + 8 * i);
    const ei = load<i64>(E + 8 * i);
    const mi = load<i64>(MOD + 8 * i);
    cd += u * di + v * ei + md * mi;
    ce += q * di + r * ei + me * mi;
    store<i64>(D + 8 * (i - 1), cd & M30);
    store<i64>(E + 8 * (i - 1), ce & M30);
    cd >>= 30;
    ce >>= 30;
  }
  store<i64>(D + 64, cd);
  store<i64>(E + 64, ce);
  normalize(D);
  normalize(E);
}

/**
 * out = a⁻¹ mod M for canonical a (limbs of 29 bits, a < M). modinfo: M as nine 30-bit limbs (u32) then
 * M⁻¹ mod 2^30. Returns false, with out = 0, when a = 0.
 */
export function modInverse(out: usize, a: usize, modinfo: usize): bool {
  for (let i: usize = 0; i < 9; i++) store<i64>(MOD + 8 * i, <i64>load<u32>(modinfo + ModInfo.M + 4 * i));
  const minv = <i64>load<u32>(modinfo + ModInfo.MINV);
  memory.copy(F, MOD, 72);
  regroupFrom29(G, a, 30, 9, 8);
  memory.fill(D, 0, 72);
  memory.fill(E, 0, 72);
  store<i64>(E, 1);
  let len: i32 = 9;
  let delta: i64 = 1;
  let done = false;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    let nonzero: i64 = 0;
    for (let i = 0; i < len; i++) nonzero |= load<i64>(G + 8 * <usize>i);
    if (nonzero == 0) {
      done = true;
      break;
    }
    delta = divsteps30(delta, load<i64>(F), load<i64>(G));
    updateDE(mu, mv, mq, mr, minv);
    updateFG(mu, mv, mq, mr, len);
    // Drop a top limb that is only sign extension in both f and g.
    while (len > 1) {
      const ft = load<i64>(F + 8 * <usize>(len - 1));
      const gt = load<i64>(G + 8 * <usize>(len - 1));
      if ((ft != 0 && ft != -1) || (gt != 0 && gt != -1)) break;
      const below = G + 8 * <usize>(len - 2);
      store<i64>(F + 8 * <usize>(len - 2), load<i64>(F + 8 * <usize>(len - 2)) + (ft << 30));
      store<i64>(below, load<i64>(below) + (gt << 30));
      len--;
    }
  }
  // f must be ±1: gcd(a, M) = 1 for prime M and a ≠ 0.
  const negative = load<i64>(F + 8 * <usize>(len - 1)) < 0;
  let low: i64 = load<i64>(F);
  if (len == 1) low = negative ? -low : low;
  else {
    let rest: i64 = 0;
    for (let i = 1; i < len - 1; i++) rest |= load<i64>(F + 8 * <usize>i) ^ (negative ? M30 : 0);
    rest |= load<i64>(F + 8 * <usize>(len - 1)) ^ (negative ? -1 : 0);
    low = rest != 0 ? 0 : negative ? M30 + 1 - low : low;
  }
  if (!done || low != 1) {
    memory.fill(out, 0, 36);
    return false;
  }
  if (negative) {
    // d ← M − d (d ≠ 0 here since a ≠ 0)
    for (let i: usize = 0; i < 9; i++) store<i64>(D + 8 * i, -load<i64>(D + 8 * i));
    addModulus(D, 1);
  }
  regroupTo29(out, D, 30, 9, 8);
  return true;
}
