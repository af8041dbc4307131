// Two extended Ed25519 points computed together, one per SIMD lane (the field's pair kernels): X, Y, Z, T pairs
// (288 bytes; limb i of lane 0 at 8·i, of lane 1 at 8·i + 4). The formulas are point.ts's, operation for
// operation; they are complete, so no lane needs a special case. Straus with two accumulators uses them.
import * as F from "@tallyio/field/assembly/generated/ed25519_p";
import { ED_D2 } from "../generated/constants";
import { Ext, Niels, Pair, PairCached, PairExt } from "../generated/spec";
import { laneOf as lanePoint, setLane } from "../lanes";
import { addNiels, FE } from "./point";

const A: usize = memory.data(<i32>Pair.FE);
const B: usize = memory.data(<i32>Pair.FE);
const C: usize = memory.data(<i32>Pair.FE);
const D: usize = memory.data(<i32>Pair.FE);
const E: usize = memory.data(<i32>Pair.FE);
const G: usize = memory.data(<i32>Pair.FE);
const H: usize = memory.data(<i32>Pair.FE);
const QP: usize = memory.data(<i32>Pair.FE);
const QM: usize = memory.data(<i32>Pair.FE);
const QK: usize = memory.data(<i32>Pair.FE);
const NK0: usize = memory.data(<i32>FE);
const NK1: usize = memory.data(<i32>FE);
const LANE: usize = memory.data(<i32>Ext.SIZE);

/** The extended point in lane `lane` of pair point p. */
export function laneOf(out: usize, p: usize, lane: usize): void {
  lanePoint(out, p, lane, 4);
}

/** Sets lane `lane` of pair point p to extended point q. */
export function setPointLane(p: usize, lane: usize, q: usize): void {
  setLane(p, lane, q, 4);
}

/** Both lanes the identity (0 : 1 : 1 : 0). */
export function setIdentity2(p: usize): void {
  memory.fill(p, 0, PairExt.SIZE);
  store<u32>(p + PairExt.Y, 1);
  store<u32>(p + PairExt.Y + Pair.LANE1, 1);
  store<u32>(p + PairExt.Z, 1);
  store<u32>(p + PairExt.Z + Pair.LANE1, 1);
}

/** out = 2p lane by lane (point.ts's doubling with T). */
export function dbl2(out: usize, p: usize): void {
  F.sqr2(A, p + PairExt.X); // A = X1²
  F.sqr2(B, p + PairExt.Y); // B = Y1²
  F.sqr2(C, p + PairExt.Z);
  F.add2(C, C, C); // C = 2·Z1²
  F.addLazy2(E, p + PairExt.X, p + PairExt.Y);
  F.sqr2(E, E); // (X1 + Y1)²
  F.add2(H, A, B);
  F.subLazy2(E, H, E); // only a first operand below
  F.sub2(G, A, B);
  F.addLazy2(D, C, G);
  F.mul2(out + PairExt.X, E, D);
  F.mul2(out + PairExt.Y, G, H);
  F.mul2(out + PairExt.T, E, H);
  F.mul2(out + PairExt.Z, D, G);
}

/**
 * Lane 0 of p += ±q0, lane 1 += ±q1 (affine Niels points, negated when neg0 / neg1), in place: point.ts's
 * addNiels, with each lane's sign applied to its Niels point as it is paired (Y+X and Y−X swap, 2d·x·y negated).
 */
export function addNielsPair(p: usize, q0: usize, neg0: bool, q1: usize, neg1: bool): void {
  F.pairOf(QP, neg0 ? q0 + Niels.YMX : q0 + Niels.YPX, neg1 ? q1 + Niels.YMX : q1 + Niels.YPX);
  F.pairOf(QM, neg0 ? q0 + Niels.YPX : q0 + Niels.YMX, neg1 ? q1 + Niels.YPX : q1 + Niels.YMX);
  let k0 = q0 + Niels.XY2D;
  let k1 = q1 + Niels.XY2D;
  if (neg0) {
    F.neg(NK0, k0);
    k0 = NK0;
  }
  if (neg1) {
    F.neg(NK1, k1);
    k1 = NK1;
  }
  F.pairOf(QK, k0, k1);
  addNielsPaired(p, QP, QM, QK);
}

/**
 * p += (qp, qm, qk) lane by lane, in place: affine Niels points already in pair layout (y+x, y−x, 2d·x·y), signs
 * applied. point.ts's addNiels, 7 paired products.
 */
export function addNielsPaired(p: usize, qp: usize, qm: usize, qk: usize): void {
  F.addLazy2(A, p + PairExt.Y, p + PairExt.X);
  F.subLazy2(B, p + PairExt.Y, p + PairExt.X);
  F.mul2(A, A, qp); // (Y1+X1)·(y2+x2)
  F.mul2(B, B, qm); // (Y1−X1)·(y2−x2)
  F.mul2(C, p + PairExt.T, qk); // T1·2d·x2·y2
  F.addLazy2(D, p + PairExt.Z, p + PairExt.Z); // D = 2·Z1
  finish2(p);
}

/**
 * The additions' shared tail (point.ts's finish, lanes unsigned), D below 2^30. Only F = D − C is carried: the
 * other sums and differences only feed products, carry-free differences (subLazy2) and G = D + C (limbs
 * < 3·2^29) as first operands, carry-free sums below 2^30 as second ones (field.md).
 */
function finish2(out: usize): void {
  F.subLazy2(E, A, B); // E
  F.addLazy2(H, A, B); // H
  F.addLazy2(G, D, C); // G = D + C
  F.sub2(D, D, C); // F = D − C
  F.mul2(out + PairExt.X, E, D); // X3 = E·F
  F.mul2(out + PairExt.Y, G, H); // Y3 = G·H
  F.mul2(out + PairExt.T, E, H); // T3 = E·H
  F.mul2(out + PairExt.Z, G, D); // Z3 = G·F
}

/** Lane `lane` of p += ±q (the scalar formula). */
export function addNielsLane(p: usize, lane: usize, q: usize, neg: bool): void {
  laneOf(LANE, p, lane);
  addNiels(LANE, LANE, q, neg);
  setPointLane(p, lane, LANE);
}

/** The cached form of both lanes (point.ts's toCached): (Y+X, Y−X, 2Z, 2d·T), for addCached2 only. */
export function toCached2(out: usize, p: usize): void {
  if (!d2Ready) {
    F.pairOf(D2_PAIR, ED_D2, ED_D2);
    d2Ready = true;
  }
  // Y+X and 2Z only ever meet a product as its second operand, so they keep no carries (limbs < 2^30).
  F.addLazy2(out + PairCached.YPX, p + PairExt.Y, p + PairExt.X);
  F.sub2(out + PairCached.YMX, p + PairExt.Y, p + PairExt.X);
  F.addLazy2(out + PairCached.Z2, p + PairExt.Z, p + PairExt.Z);
  F.mul2(out + PairCached.T2D, p + PairExt.T, D2_PAIR);
}
const D2_PAIR: usize = memory.data(<i32>Pair.FE);
let d2Ready = false;

/** out = p + q lane by lane for cached q (point.ts's addCached, 8 paired products). */
export function addCached2(out: usize, p: usize, q: usize): void {
  F.addLazy2(A, p + PairExt.Y, p + PairExt.X);
  F.subLazy2(B, p + PairExt.Y, p + PairExt.X);
  F.mul2(A, A, q + PairCached.YPX); // (Y1+X1)·(Y2+X2)
  F.mul2(B, B, q + PairCached.YMX); // (Y1−X1)·(Y2−X2)
  F.mul2(C, p + PairExt.T, q + PairCached.T2D); // T1·2d·T2
  F.mul2(D, p + PairExt.Z, q + PairCached.Z2); // Z1·2Z2
  finish2(out);
}
