// BIP340 verification with exactly @noble/curves' schnorr.verify semantics, single and batched.
// Batch: with random 128-bit a_i (a_0 = 1), Σ a_i·(s_i·G − e_i·P_i − R_i) = 0 where R_i = lift_x(r_i); one
// MSM over the R_i, the distinct keys (merged) and G. On failure, bisection with Q_right = Q − Q_left finds
// every bad item; a range of one item with a non-zero sum is that item.

import * as N from "@tallyio/field/assembly/generated/secp256k1_n";
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy } from "@tallyio/field/assembly/limbs";
import { SECP_GX, SECP_GY } from "@tallyio/tables/assembly/generated/constants";
import { KeyTag } from "@tallyio/tables/assembly/generated/spec";
import { liftX, liftX2, X_NOT_BELOW_P } from "@tallyio/tables/assembly/secp256k1/decode";
import { msm, STRAUS_MAX } from "@tallyio/tables/assembly/secp256k1/msm";
import { AFF, add, FE, isInfinity, JAC, negJac, toAffine } from "@tallyio/tables/assembly/secp256k1/point";
import { strausFresh, strausKeys, strausParts } from "@tallyio/tables/assembly/secp256k1/straus";
import { keyCacheAdmit, keyCacheFind, keyCachePin, reserve } from "@tallyio/tables/assembly/secp256k1/tables";
import { decodedAhead, pairedDecode, runBatch, SchemeOps } from "./engine";
import { BIP340_CHALLENGE_MIDSTATE } from "./generated/constants";
import { Bip340Code, Signature, TaggedKey } from "./generated/spec";
import { weights as A, keyFactors as E, keyPoints as P, nonces as R, baseFactors as S, slots } from "./items";
import { capacity, keyAt, messageAt, messageLengthAt, sigAt } from "./layout";
import { BASE_SCALAR, freshPts, freshScs, initSums, keyScalar, reserveItems, SumOps, sumRange, tagKey } from "./merge";
import { Sha256 } from "./sha256";

// The per-item regions (items.ts) under this file's names: R_i and P_i (affine), P_i's key-cache slot, the
// challenge e_i, s_i and the coefficient a_i.

const hasher = new Sha256();
const HASH: usize = memory.data(32);
const T: usize = memory.data(36);

/**
 * How the batch's sums run, and what item i adds to a range's (sumRange): a_i·s_i onto G's scalar, −a_i·e_i onto
 * its key's, and a_i·(−R_i) as the j-th fresh term.
 */
class Bip340Sums extends SumOps {
  addItem(i: usize, j: usize): void {
    const a = A + FE * i;
    N.mul(T, a, S + FE * i);
    N.add(BASE_SCALAR, BASE_SCALAR, T);
    const u = keyScalar(i);
    N.mul(T, a, E + FE * i);
    N.sub(u, u, T);
    // a_i·(−R_i) rather than (n − a_i)·R_i: the scalar stays 128 bits (one GLV half instead of two).
    memory.copy(freshScs + FE * j, a, FE);
    const fresh = freshPts + AFF * j;
    copy(fresh, R + AFF * i);
    F.neg(fresh + FE, R + AFF * i + FE);
  }
}

const G_AFFINE: usize = memory.data(72);
const SUMS = initSums(new Bip340Sums(), AFF, G_AFFINE, STRAUS_MAX, strausKeys, msm, reserve);

/** Sizes the work regions for the layout's capacity (call after reserveLayout). */
export function reserveBip340(): void {
  reserveItems(capacity, SUMS, 2);
  copy(G_AFFINE, SECP_GX);
  copy(G_AFFINE + FE, SECP_GY);
}

/**
 * Parses item i, decodes its key (through the key cache) and R, and hashes its challenge. Square roots go two at
 * a time in the SIMD lanes: a key that is not cached is lifted together with the item's R (unless R was lifted
 * ahead with the item before); otherwise R_i and R_{i+1} are lifted together.
 */
function prepare(i: i32): u8 {
  const got = prepareKey(i, !decodedAhead(i));
  const st = <u8>(got & 0xff);
  if (st != Bip340Code.VALID) return st;
  const rc = got > 0xff ? (got >> 8) - 1 : pairedDecode(i, liftR2, liftR);
  return rc != 0 ? Bip340Code.R_NOT_ON_CURVE : Bip340Code.VALID;
}

/**
 * prepare short of lifting R (unless withR and the key is not cached): r (as R_i's x), s, the key, the challenge.
 * Returns the status in the low byte and, when R was lifted with the key, R's lift code + 1 in the next.
 */
function prepareKey(i: i32, withR: bool): i32 {
  let lifted = 0;
  const k = <usize>i;
  const sig = sigAt(k);
  const key = keyAt(k);
  const r = R + AFF * k;
  const s = S + FE * k;
  if (!F.fromBytes(r, sig)) return Bip340Code.R_NOT_BELOW_P;
  if (!N.fromBytes(s, sig + Signature.S)) return Bip340Code.S_NOT_BELOW_N;
  if (N.isZero(s)) return Bip340Code.S_ZERO;
  // The key cache is keyed by the encoding and a tag byte (0 for x-only BIP340 keys).
  const tagged = tagKey(key, KeyTag.BIP340);
  const p = P + AFF * k;
  let slot = keyCacheFind(tagged, <i32>TaggedKey.SIZE, p);
  if (slot < 0) {
    let code: i32;
    if (withR) {
      const both = liftX2(p, key, r, sig);
      code = both & 0xff;
      lifted = ((both >> 8) + 1) << 8;
    } else code = liftX(p, key);
    if (code != 0) return code == X_NOT_BELOW_P ? Bip340Code.KEY_NOT_BELOW_P : Bip340Code.KEY_NOT_ON_CURVE;
    slot = keyCacheAdmit(tagged, <i32>TaggedKey.SIZE, p);
  }
  store<i32>(slots + 4 * k, slot);
  // e = int(SHA256(tag ‖ tag ‖ r ‖ P ‖ m)) mod n
  hasher
    .resume(BIP340_CHALLENGE_MIDSTATE, 64)
    .update(sig, 32)
    .update(key, 32)
    .update(messageAt(k), messageLengthAt(k))
    .digest(HASH);
  N.reduceBytes(E + FE * k, HASH);
  return Bip340Code.VALID | lifted;
}

function liftR(i: i32): i32 {
  return liftX(R + AFF * <usize>i, sigAt(<usize>i));
}

function liftR2(i: i32): i32 {
  return liftX2(R + AFF * <usize>i, sigAt(<usize>i), R + AFF * <usize>(i + 1), sigAt(<usize>(i + 1)));
}

const SUM: usize = memory.data(108);
const POINT: usize = memory.data(72);

/**
 * Verifies item i alone: R = s·G − e·P must be finite, with even y and x = r. R is not lifted from r (a square
 * root): the computed point's affine form answers both questions. Only a failure lifts r, so that its reason is
 * the batch's (r-not-on-curve where r is no curve x).
 */
export function verifyOneBip340(i: i32): u8 {
  keyCachePin(true);
  const st = <u8>prepareKey(i, false);
  keyCachePin(false);
  if (st != Bip340Code.VALID) return st;
  const k = <usize>i;
  N.neg(T, E + FE * k);
  const slot = load<i32>(slots + 4 * k);
  // A cached key has tables of K and 2^64·K: a chain of 66 doublings instead of 129.
  if (slot >= 0) strausParts(SUM, slot, T, S + FE * k);
  else strausFresh(SUM, P + AFF * k, T, S + FE * k);
  if (!isInfinity(SUM)) {
    toAffine(POINT, SUM);
    F.canonical(POINT, POINT);
    F.canonical(POINT + FE, POINT + FE);
    if (F.eq(POINT, R + AFF * k) && (load<u32>(POINT + FE) & 1) == 0) return Bip340Code.VALID;
  }
  return liftR(i) != 0 ? Bip340Code.R_NOT_ON_CURVE : Bip340Code.INVALID;
}

/** out = Σ over valid[lo..hi) of a_i·(s_i·G − e_i·P_i − R_i), keys merged. */
function rangeSum(lo: i32, hi: i32, out: usize, seed: u32): void {
  sumRange(SUMS, lo, hi, out, seed);
}

/** a_i from 16 random bytes (the low half of a 32-byte big-endian integer: uniform below 2^128), or 1. */
function setCoefficient(i: usize, random: usize): void {
  const a = A + FE * i;
  memory.fill(T, 0, 32);
  if (random != 0) memory.copy(T + 16, random, 16);
  N.reduceBytes(a, T);
  if (N.isZero(a)) store<u32>(a, 1); // a zero draw (probability 2^−128) or the first item
}

function difference(out: usize, a: usize, b: usize): void {
  negJac(out, b);
  add(out, out, a);
}

const OPS = new SchemeOps(prepare, setCoefficient, rangeSum, isInfinity, difference, keyCachePin, JAC);

/** Verifies items 0..n: statuses in the layout; returns how many are invalid or malformed. */
export function verifyBatchBip340(n: i32): i32 {
  return runBatch(OPS, n);
}
