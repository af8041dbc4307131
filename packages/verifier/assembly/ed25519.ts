// Ed25519 verification with exactly @noble/curves' ed25519.verify semantics in both modes (zip215: true and
// false): s < l, A and R decoded per mode, strict mode refuses small-order keys, k = SHA-512(R ‖ A ‖ M) over the
// bytes as given, and the cofactored equation [8](R + k·A − s·B) = 0. Batch: random 128-bit a_i (a_0 = 1),
// [8](Σ a_i·R_i + Σ (a_i·k_i)·A_i − (Σ a_i·s_i)·B) = 0 with repeated keys merged; bisection on failure.
import * as L from "@tallyio/field/assembly/generated/ed25519_l";
import { halfSize } from "@tallyio/field/assembly/halfsize";
import { decode, decode2, NOT_ON_CURVE } from "@tallyio/tables/assembly/ed25519/decode";
import { msm, STRAUS_KEYS_MAX } from "@tallyio/tables/assembly/ed25519/msm";
import {
  add,
  copyExt,
  EXT,
  FE,
  fromAffine,
  isIdentity,
  isSmallOrder,
  mulByCofactor,
  negExt,
} from "@tallyio/tables/assembly/ed25519/point";
import { strausHalf, strausKeys } from "@tallyio/tables/assembly/ed25519/straus";
import { CUT, keyCacheAdmit, keyCacheFind, keyCachePin, reserve } from "@tallyio/tables/assembly/ed25519/tables";
import { ED_BX, ED_BY } from "@tallyio/tables/assembly/generated/constants";
import { KeyTag } from "@tallyio/tables/assembly/generated/spec";
import { decodedAhead, pairedDecode, runBatch, SchemeOps } from "./engine";
import { Ed25519Code, Signature, TaggedKey } from "./generated/spec";
import { keyPoints as A, keyFactors as K, nonces as R, baseFactors as S, slots, weights as W } from "./items";
import { capacity, keyAt, messageAt, messageLengthAt, sigAt } from "./layout";
import { BASE_SCALAR, freshPts, freshScs, initSums, keyScalar, reserveItems, SumOps, sumRange, tagKey } from "./merge";
import { Sha512 } from "./sha512";

// The per-item regions (items.ts) under this file's names: R_i and A_i (extended), A_i's key-cache slot, k_i, s_i
// and the coefficient a_i (W).

const hasher = new Sha512();
const HASH: usize = memory.data(64);
const WIDE: usize = memory.data(64);
const T: usize = memory.data(36);

/**
 * How the batch's sums run, and what item i adds to a range's (sumRange): a_i·R_i as the j-th fresh term,
 * a_i·k_i onto its key's scalar and −a_i·s_i onto B's.
 */
class Ed25519Sums extends SumOps {
  addItem(i: usize, j: usize): void {
    const a = W + FE * i;
    copyExt(freshPts + EXT * j, R + EXT * i);
    memory.copy(freshScs + FE * j, a, FE);
    const u = keyScalar(i);
    L.mul(T, a, K + FE * i);
    L.add(u, u, T);
    L.mul(T, a, S + FE * i);
    L.sub(BASE_SCALAR, BASE_SCALAR, T);
  }
}

const B_POINT: usize = memory.data(144);
const SUMS = initSums(new Ed25519Sums(), EXT, B_POINT, STRAUS_KEYS_MAX, strausKeys, msm, reserve);

export function reserveEd25519(): void {
  reserveItems(capacity, SUMS, 2);
  fromAffine(B_POINT, ED_BX, ED_BY);
}

/** The decoding mode of the call being verified (the kernels take no closures). */
let strictMode = false;

function decodeR(i: i32): i32 {
  return decode(R + EXT * <usize>i, sigAt(<usize>i), strictMode);
}

function decodeR2(i: i32): i32 {
  return decode2(R + EXT * <usize>i, sigAt(<usize>i), R + EXT * <usize>(i + 1), sigAt(<usize>(i + 1)), strictMode);
}

/**
 * Parses item i, decodes its key (through the key cache) and R, and hashes k. Square roots go two at a time in
 * the SIMD lanes: a key that is not cached is decoded together with the item's R (unless R was decoded ahead
 * with the item before); otherwise R is paired with the next item's R. The reasons and their order are the same
 * either way.
 */
function prepare(i: i32): u8 {
  const strict = strictMode;
  const k = <usize>i;
  const sig = sigAt(k);
  const key = keyAt(k);
  if (!L.fromBytes(S + FE * k, sig + Signature.S)) return Ed25519Code.S_NOT_BELOW_L;
  const tagged = tagKey(key, strict ? KeyTag.ED25519_STRICT : KeyTag.ED25519);
  const a = A + EXT * k;
  let slot = keyCacheFind(tagged, <i32>TaggedKey.SIZE, a);
  let rc = -1;
  if (slot < 0) {
    let code: i32;
    if (!decodedAhead(i)) {
      const both = decode2(a, key, R + EXT * k, sig, strict);
      code = both & 0xff;
      rc = both >> 8;
    } else code = decode(a, key, strict);
    if (code != 0) return code == NOT_ON_CURVE ? Ed25519Code.KEY_NOT_ON_CURVE : Ed25519Code.KEY_NON_CANONICAL;
    slot = keyCacheAdmit(tagged, <i32>TaggedKey.SIZE, a);
  }
  store<i32>(slots + 4 * k, slot);
  // In a batch, R_i and R_{i+1} are decoded together.
  if (rc < 0) rc = pairedDecode(i, decodeR2, decodeR);
  if (rc != 0) return rc == NOT_ON_CURVE ? Ed25519Code.R_NOT_ON_CURVE : Ed25519Code.R_NON_CANONICAL;
  if (strict && isSmallOrder(a)) return Ed25519Code.KEY_SMALL_ORDER;
  hasher.reset().update(sig, 32).update(key, 32).update(messageAt(k), messageLengthAt(k)).digest(HASH);
  L.reduceBytes(K + FE * k, HASH);
  return Ed25519Code.VALID;
}

const CHECK: usize = memory.data(144);

/** [8]·p is the identity. */
function vanishes(p: usize): bool {
  mulByCofactor(CHECK, p);
  return isIdentity(CHECK);
}

/** out = a − b */
function difference(out: usize, a: usize, b: usize): void {
  negExt(out, b);
  add(out, out, a);
}

/** Half-size scalars: ρ < 2^127 and |τ| < 2^126 (ℓ < 2^253), the same bound as the base point's cut. */
const HALF_STOP: i32 = CUT;
const RHO: usize = memory.data(36);
const TAU: usize = memory.data(36);
const SUM: usize = memory.data(144);

/**
 * Verifies item i alone. With ρ ≡ τ·k (mod ℓ) of half size (halfSize), [8](R + k·A − s·B) = 0 exactly when
 * [8](τ·R + ρ·A − τ·s·B) = 0: τ is not 0 mod ℓ, and ρ·A differs from τ·k·A by a multiple of ℓ times A, which
 * [8] takes to the identity. The chain of doublings is 128 long instead of 253.
 */
export function verifyOneEd25519(i: i32, strict: bool): u8 {
  strictMode = strict;
  keyCachePin(true);
  const st = prepare(i);
  keyCachePin(false);
  if (st != Ed25519Code.VALID) return st;
  const k = <usize>i;
  // τ < 0: the negated sum |τ|·(−R) + ρ·A + |τ|·s·B.
  const negative = halfSize(RHO, TAU, K + FE * k, L.MODULUS, HALF_STOP);
  L.mul(T, TAU, S + FE * k);
  if (negative) negExt(freshPts, R + EXT * k);
  else {
    L.neg(T, T);
    copyExt(freshPts, R + EXT * k);
  }
  memory.copy(freshScs, TAU, FE);
  const slot = load<i32>(slots + 4 * k);
  if (slot >= 0) strausHalf(SUM, freshPts, freshScs, 1, slot, RHO, T);
  else {
    copyExt(freshPts + EXT, A + EXT * k);
    memory.copy(freshScs + FE, RHO, FE);
    strausHalf(SUM, freshPts, freshScs, 2, -1, 0, T);
  }
  return vanishes(SUM) ? Ed25519Code.VALID : Ed25519Code.INVALID;
}

/** out = Σ over valid[lo..hi) of a_i·(R_i + k_i·A_i − s_i·B), keys merged (not yet multiplied by 8). */
function rangeSum(lo: i32, hi: i32, out: usize, seed: u32): void {
  sumRange(SUMS, lo, hi, out, seed);
}

function setCoefficient(i: usize, random: usize): void {
  const a = W + FE * i;
  memory.fill(WIDE, 0, 64);
  if (random != 0) memory.copy(WIDE, random, 16);
  L.reduceBytes(a, WIDE);
  if (L.isZero(a)) store<u32>(a, 1); // a zero draw (probability 2^−128) or the first item
}

const OPS = new SchemeOps(prepare, setCoefficient, rangeSum, vanishes, difference, keyCachePin, EXT);

export function verifyBatchEd25519(n: i32, strict: bool): i32 {
  strictMode = strict;
  return runBatch(OPS, n);
}
