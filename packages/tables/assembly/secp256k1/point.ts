// secp256k1 points (y² = x³ + 7). Jacobian (X, Y, Z) ↔ affine (X/Z², Y/Z³), 108 bytes; Z = 0 is infinity.
// Affine points are (x, y), 72 bytes, never infinity. Variable time: inputs are public.

import { CHECKED } from "@tallyio/field/assembly/generated/checked";
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy, setSmall, setZero } from "@tallyio/field/assembly/limbs";
import { Aff, Jac } from "../generated/spec";

export const FE: usize = 36;
export const JAC: usize = Jac.SIZE;
export const AFF: usize = Aff.SIZE;

export const SEVEN: usize = memory.data<u32>([7, 0, 0, 0, 0, 0, 0, 0, 0]);

const T0: usize = memory.data(<i32>FE);
const T1: usize = memory.data(<i32>FE);
const T2: usize = memory.data(<i32>FE);
const T3: usize = memory.data(<i32>FE);
const T4: usize = memory.data(<i32>FE);
const T5: usize = memory.data(<i32>FE);
const T6: usize = memory.data(<i32>FE);
const T7: usize = memory.data(<i32>FE);

export function isInfinity(p: usize): bool {
  return F.isZero(p + Jac.Z);
}

export function setInfinity(p: usize): void {
  setSmall(p, 1);
  setSmall(p + Jac.Y, 1);
  setZero(p + Jac.Z);
}

export function fromAffine(out: usize, a: usize): void {
  copy(out, a);
  copy(out + Jac.Y, a + Aff.Y);
  setSmall(out + Jac.Z, 1);
}

export function copyJac(out: usize, p: usize): void {
  memory.copy(out, p, JAC);
}

/** out = −p (Jacobian) */
export function negJac(out: usize, p: usize): void {
  copy(out, p);
  F.neg(out + Jac.Y, p + Jac.Y);
  copy(out + Jac.Z, p + Jac.Z);
}

/**
 * out = 2p. https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html#doubling-dbl-2009-l
 * Cost: 2M + 5S. Infinity stays infinity (Z3 = 2·Y·Z); secp256k1 has no point with Y = 0. Chains of
 * subtractions (and the ×2, ×4, ×8 before them) go through subMul, one carry chain each.
 */
export function dbl(out: usize, p: usize): void {
  const X = p;
  const Y = p + Jac.Y;
  const Z = p + Jac.Z;
  F.sqr(T0, X); // A = X²
  F.sqr(T1, Y); // B = Y²
  F.sqr(T2, T1); // C = B²
  F.addLazy(T3, X, T1);
  F.sqr(T3, T3);
  F.subMul(T3, T3, T0, T2, 1); // D/2 = (X + B)² − A − C
  F.mulSmall(T4, T0, 3); // E = 3A
  F.sqr(T5, T4); // F = E²
  F.mul(out + Jac.Z, Y, Z);
  F.add(out + Jac.Z, out + Jac.Z, out + Jac.Z); // Z3 = 2·Y·Z
  F.subMul(out, T5, ZERO, T3, 4); // X3 = F − 2D
  F.subMul(T5, out, ZERO, T3, 2); // X3 − D
  F.mul(T5, T4, T5);
  F.subMul(out + Jac.Y, ZERO, T5, T2, 8); // Y3 = E·(D − X3) − 8C = −E·(X3 − D) − 8C
}
const ZERO: usize = memory.data(<i32>FE);

/**
 * out = p + a for Jacobian p and affine a. https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html#addition-madd-2007-bl
 * Cost: 7M + 4S, plus the equal-x checks that incomplete formulas need.
 */
export function addAffine(out: usize, p: usize, a: usize): void {
  addAffineSigned(out, p, a, false);
}

/**
 * out = p + a, or p − a when neg is set. The sign goes into r = 2(±S2 − Y1): with −a the code computes
 * −r = 2(S2 + Y1) and Y3 = (−r)·(X3 − V) − 2·Y1·J, so a negated table entry costs no extra operation.
 *
 * With zinv ≠ 0 (the address of Z), p lies on the curve isomorphic by Z, (x, y) ↦ (x·Z², y·Z³), where
 * isoMultiples' tables are affine, and a is affine on secp256k1: its image is the Jacobian point (x, y, 1/Z), so
 * the formula runs with Z1·Z in place of Z1 for U2 and S2, and Z3 = 2·Z1·H (libsecp256k1's gej_add_zinv_var).
 * One multiplication more than the plain addition, and no inversion for the isomorphic tables. With ratio ≠ 0,
 * Z3 / Z1 = 2H is written there (isoMultiples).
 */
export function addAffineSigned(out: usize, p: usize, a: usize, neg: bool, zinv: usize = 0, ratio: usize = 0): void {
  checkJacobian(p);
  if (CHECKED && !onCurveB(a, zinv == 0 ? curveB : SEVEN)) unreachable();
  if (isInfinity(p)) {
    imageOf(out, a, neg, zinv);
    return;
  }
  const X1 = p;
  const Y1 = p + Jac.Y;
  const Z1 = p + Jac.Z;
  let z = Z1;
  if (zinv != 0) {
    F.mul(AZ, Z1, zinv);
    z = AZ;
  }
  F.sqr(T0, z); // Z1Z1
  F.mul(T1, a, T0); // U2 = x2·Z1Z1
  F.mul(T2, a + Aff.Y, z);
  F.mul(T2, T2, T0); // S2 = y2·Z1·Z1Z1
  F.sub(T3, T1, X1); // H = U2 − X1
  if (neg) F.add(T4, T2, Y1);
  else F.sub(T4, T2, Y1); // r/2 = S2 − Y1, or −r/2 for −a
  if (F.isZero(T3)) {
    if (F.isZero(T4)) {
      imageOf(out, a, neg, zinv);
      dbl(out, out);
    } else setInfinity(out);
    return;
  }
  if (ratio != 0) F.add(ratio, T3, T3);
  F.addLazy(T4, T4, T4); // r (feeds only sqr and mul)
  F.sqr(T5, T3); // HH
  F.add(T6, T5, T5);
  F.addLazy(T6, T6, T6); // I = 4·HH (feeds only mul)
  F.mul(T7, T3, T6); // J = H·I
  F.mul(T6, X1, T6); // V = X1·I
  if (zinv != 0) {
    F.mul(T1, Z1, T3);
    F.add(out + Jac.Z, T1, T1); // Z3 = 2·Z1·H
  } else {
    F.addLazy(T1, Z1, T3);
    F.sqr(T1, T1);
    F.subMul(out + Jac.Z, T1, T0, T5, 1); // Z3 = (Z1 + H)² − Z1Z1 − HH
  }
  F.mul(T2, Y1, T7); // Y1·J (before Y1 is overwritten)
  F.sqr(T1, T4);
  F.subMul(out, T1, T7, T6, 2); // X3 = r² − J − 2V
  if (neg) F.sub(T1, out, T6);
  else F.sub(T1, T6, out);
  F.mul(T1, T4, T1);
  F.subMul(out + Jac.Y, T1, ZERO, T2, 2); // Y3 = r·(V − X3) − 2·Y1·J
}
const AZ: usize = memory.data(<i32>FE);

/** out (Jacobian, Z = 1) = ±a, or its image on the curve isomorphic by Z = the element at zinv (≠ 0). */
function imageOf(out: usize, a: usize, neg: bool, zinv: usize): void {
  if (zinv == 0) fromAffine(out, a);
  else {
    F.sqr(T0, zinv);
    F.mul(out, a, T0);
    F.mul(T0, T0, zinv);
    F.mul(out + Jac.Y, a + Aff.Y, T0);
    setSmall(out + Jac.Z, 1);
  }
  if (neg) F.neg(out + Jac.Y, out + Jac.Y);
}

/**
 * The checked build's curve for its invariants: b = 7 on secp256k1, 7·Z⁶ while points live on the curve
 * isomorphic by Z (isoMultiples and the sums over its tables).
 */
let curveB: usize = SEVEN;
const ISO_B: usize = memory.data(<i32>FE);

/** Points are on the curve isomorphic by the element at z from now on (z = 0: on secp256k1 again). */
export function setIsoCurve(z: usize): void {
  if (!CHECKED) return;
  if (z == 0) {
    curveB = SEVEN;
    return;
  }
  F.sqr(ISO_B, z);
  F.mul(ISO_B, ISO_B, z);
  F.sqr(ISO_B, ISO_B);
  F.mulSmall(ISO_B, ISO_B, 7); // 7·Z⁶
  curveB = ISO_B;
}

/**
 * out = p + q, both Jacobian. https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html#addition-add-2007-bl
 * Cost: 11M + 5S.
 */
export function add(out: usize, p: usize, q: usize): void {
  checkJacobian(p);
  checkJacobian(q);
  if (isInfinity(p)) {
    copyJac(out, q);
    return;
  }
  if (isInfinity(q)) {
    copyJac(out, p);
    return;
  }
  F.sqr(T0, p + Jac.Z); // Z1Z1
  F.sqr(T1, q + Jac.Z); // Z2Z2
  F.mul(T2, p, T1); // U1 = X1·Z2Z2
  F.mul(T3, q, T0); // U2 = X2·Z1Z1
  F.mul(T4, p + Jac.Y, q + Jac.Z);
  F.mul(T4, T4, T1); // S1 = Y1·Z2·Z2Z2
  F.mul(T5, q + Jac.Y, p + Jac.Z);
  F.mul(T5, T5, T0); // S2 = Y2·Z1·Z1Z1
  F.sub(T3, T3, T2); // H = U2 − U1
  F.sub(T5, T5, T4);
  F.add(T5, T5, T5); // r = 2(S2 − S1)
  if (F.isZero(T3)) {
    if (F.isZero(T5)) dbl(out, p);
    else setInfinity(out);
    return;
  }
  // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H, computed before p and q may be overwritten through out.
  F.add(T6, p + Jac.Z, q + Jac.Z);
  F.sqr(T6, T6);
  F.sub(T6, T6, T0);
  F.sub(T6, T6, T1);
  F.mul(T6, T6, T3);
  F.add(T7, T3, T3);
  F.sqr(T7, T7); // I = (2H)²
  F.mul(T0, T3, T7); // J = H·I
  F.mul(T1, T2, T7); // V = U1·I
  F.mul(T4, T4, T0);
  F.add(T4, T4, T4); // 2·S1·J
  copy(out + Jac.Z, T6);
  F.sqr(T2, T5);
  F.sub(T2, T2, T0);
  F.sub(T2, T2, T1);
  F.sub(out, T2, T1); // X3 = r² − J − 2V
  F.sub(T2, T1, out);
  F.mul(T2, T5, T2);
  F.sub(out + Jac.Y, T2, T4); // Y3 = r·(V − X3) − 2·S1·J
}

/** Affine form of n Jacobian points (none at infinity) with one inversion. zs: scratch of n elements. */
export function batchToAffine(out: usize, p: usize, n: i32, zs: usize, scratch: usize): void {
  for (let i = 0; i < n; i++) copy(zs + FE * <usize>i, p + JAC * <usize>i + Jac.Z);
  F.batchInv(zs, zs, n, scratch);
  for (let i = 0; i < n; i++) {
    const zi = zs + FE * <usize>i;
    const src = p + JAC * <usize>i;
    const dst = out + AFF * <usize>i;
    F.sqr(T0, zi);
    F.mul(T1, T0, zi);
    F.mul(dst, src, T0);
    F.mul(dst + Aff.Y, src + Jac.Y, T1);
  }
}

/** out (affine) = p (Jacobian, not infinity) */
export function toAffine(out: usize, p: usize): void {
  F.inv(T2, p + Jac.Z);
  F.sqr(T0, T2);
  F.mul(T1, T0, T2);
  F.mul(out, p, T0);
  F.mul(out + Aff.Y, p + Jac.Y, T1);
}

/** The checked build's point invariant (traps when broken): Jacobian p is infinity or Y² = X³ + b·Z⁶ (curveB). */
function checkJacobian(p: usize): void {
  if (CHECKED && !isInfinity(p)) {
    F.sqr(T0, p + Jac.Z);
    F.sqr(T1, T0);
    F.mul(T1, T1, T0);
    F.mul(T1, T1, curveB); // b·Z⁶
    F.sqr(T0, p);
    F.mul(T0, T0, p);
    F.add(T0, T0, T1);
    F.sqr(T1, p + Jac.Y);
    if (!F.eq(T0, T1)) unreachable();
  }
}

/** Whether affine a satisfies y² = x³ + 7. */
export function onCurve(a: usize): bool {
  return onCurveB(a, SEVEN);
}

/** Whether affine a satisfies y² = x³ + b, b the element at address b. */
function onCurveB(a: usize, b: usize): bool {
  F.sqr(T0, a);
  F.mul(T0, T0, a);
  F.add(T0, T0, b);
  F.sqr(T1, a + Aff.Y);
  return F.eq(T0, T1);
}
