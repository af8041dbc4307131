// Two Jacobian points computed together, one per SIMD lane (the field's pair kernels): X pair, Y pair, Z pair
// (216 bytes; limb i of lane 0 at 8·i, of lane 1 at 8·i + 4). The formulas are point.ts's, operation for
// operation, so each lane computes exactly what the scalar code would. Straus with two accumulators uses it:
// the additions of one bit position are dealt out to the two lanes in pairs.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { Aff, Jac, Pair, PairJac } from "../generated/spec";
import { laneOf as lanePoint, setLane } from "../lanes";
import { addAffineSigned, FE, isInfinity } from "./point";

export const PJAC: usize = PairJac.SIZE;

const T0: usize = memory.data(<i32>Pair.FE);
const T1: usize = memory.data(<i32>Pair.FE);
const T2: usize = memory.data(<i32>Pair.FE);
const T3: usize = memory.data(<i32>Pair.FE);
const T4: usize = memory.data(<i32>Pair.FE);
const T5: usize = memory.data(<i32>Pair.FE);
const T6: usize = memory.data(<i32>Pair.FE);
const T7: usize = memory.data(<i32>Pair.FE);
const ZERO2: usize = memory.data(<i32>Pair.FE);
const X2: usize = memory.data(<i32>Pair.FE);
const Y2: usize = memory.data(<i32>Pair.FE);
const NEG0: usize = memory.data(<i32>FE);
const NEG1: usize = memory.data(<i32>FE);
const H0: usize = memory.data(<i32>FE);
const H1: usize = memory.data(<i32>FE);
const LANE0: usize = memory.data(<i32>Jac.SIZE);
const LANE1: usize = memory.data(<i32>Jac.SIZE);

/** The Jacobian point in lane `lane` of pair point p. */
export function laneOf(out: usize, p: usize, lane: usize): void {
  lanePoint(out, p, lane, 3);
}

/** Sets lane `lane` of pair point p to Jacobian point q. */
export function setPointLane(p: usize, lane: usize, q: usize): void {
  setLane(p, lane, q, 3);
}

/** out = 2p, lane by lane (dbl). */
export function dbl2(out: usize, p: usize): void {
  const X = p;
  const Y = p + PairJac.Y;
  const Z = p + PairJac.Z;
  F.sqr2(T0, X); // A = X²
  F.sqr2(T1, Y); // B = Y²
  F.sqr2(T2, T1); // C = B²
  F.addLazy2(T3, X, T1);
  F.sqr2(T3, T3);
  F.subMul2(T3, T3, T0, T2, 1); // D/2 = (X + B)² − A − C
  F.mulSmall2(T4, T0, 3); // E = 3A
  F.sqr2(T5, T4); // F = E²
  F.mul2(out + PairJac.Z, Y, Z);
  F.add2(out + PairJac.Z, out + PairJac.Z, out + PairJac.Z); // Z3 = 2·Y·Z
  F.subMul2(out, T5, ZERO2, T3, 4); // X3 = F − 2D
  F.subMul2(T5, out, ZERO2, T3, 2); // X3 − D
  F.mul2(T5, T4, T5);
  F.subMul2(out + PairJac.Y, ZERO2, T5, T2, 8); // Y3 = −E·(X3 − D) − 8C
}

/**
 * Lane 0 of p += ±a0, lane 1 += ±a1 (affine, negated when neg0 / neg1), in place. Neither lane may be the point
 * at infinity. Equal x-coordinates (a doubling or a cancellation) in either lane fall back to the scalar formula
 * for both lanes. Returns a bit per lane that is now the point at infinity (only possible on that path).
 */
export function addAffinePair(p: usize, a0: usize, neg0: bool, a1: usize, neg1: bool): i32 {
  const X1 = p;
  const Y1 = p + PairJac.Y;
  const Z1 = p + PairJac.Z;
  F.pairOf(X2, a0, a1);
  let y0 = a0 + Aff.Y;
  let y1 = a1 + Aff.Y;
  if (neg0) {
    F.neg(NEG0, y0);
    y0 = NEG0;
  }
  if (neg1) {
    F.neg(NEG1, y1);
    y1 = NEG1;
  }
  F.pairOf(Y2, y0, y1);
  F.sqr2(T0, Z1); // Z1Z1
  F.mul2(T1, X2, T0); // U2 = x2·Z1Z1
  F.mul2(T2, Y2, Z1);
  F.mul2(T2, T2, T0); // S2 = y2·Z1·Z1Z1
  F.sub2(T3, T1, X1); // H = U2 − X1
  F.unpair(H0, H1, T3);
  if (F.isZero(H0) || F.isZero(H1)) {
    laneOf(LANE0, p, 0);
    laneOf(LANE1, p, 1);
    addAffineSigned(LANE0, LANE0, a0, neg0);
    addAffineSigned(LANE1, LANE1, a1, neg1);
    setPointLane(p, 0, LANE0);
    setPointLane(p, 1, LANE1);
    return (isInfinity(LANE0) ? 1 : 0) | (isInfinity(LANE1) ? 2 : 0);
  }
  F.sub2(T4, T2, Y1); // r/2 = S2 − Y1
  F.addLazy2(T4, T4, T4); // r (feeds only sqr and mul)
  F.sqr2(T5, T3); // HH
  F.add2(T6, T5, T5);
  F.addLazy2(T6, T6, T6); // I = 4·HH (feeds only mul)
  F.mul2(T7, T3, T6); // J = H·I
  F.mul2(T6, X1, T6); // V = X1·I
  F.addLazy2(T1, Z1, T3);
  F.sqr2(T1, T1);
  F.subMul2(Z1, T1, T0, T5, 1); // Z3 = (Z1 + H)² − Z1Z1 − HH
  F.mul2(T2, Y1, T7); // Y1·J
  F.sqr2(T1, T4);
  F.subMul2(X1, T1, T7, T6, 2); // X3 = r² − J − 2V
  F.sub2(T1, T6, X1);
  F.mul2(T1, T4, T1);
  F.subMul2(Y1, T1, ZERO2, T2, 2); // Y3 = r·(V − X3) − 2·Y1·J
  return 0;
}

/** Lane `lane` of p += ±a (the scalar formula); returns whether that lane is now the point at infinity. */
export function addAffineLane(p: usize, lane: usize, a: usize, neg: bool): bool {
  laneOf(LANE0, p, lane);
  addAffineSigned(LANE0, LANE0, a, neg);
  setPointLane(p, lane, LANE0);
  return isInfinity(LANE0);
}

/** Both lanes at infinity. */
export function setInfinity2(p: usize): void {
  memory.fill(p, 0, PJAC);
  store<u32>(p, 1);
  store<u32>(p + Pair.LANE1, 1);
  store<u32>(p + PairJac.Y, 1);
  store<u32>(p + PairJac.Y + Pair.LANE1, 1);
}
