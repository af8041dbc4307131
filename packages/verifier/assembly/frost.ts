// FROST(secp256k1, SHA-256) (RFC 9591) and its taproot variant (frost-secp256k1-tr, noble's schnorr_FROST):
// every signature share of many signing sessions, and each session's aggregate signature, in one weighted sum.
//
// Per session: binding factors ρ_i = H1(PK ‖ H4(m) ‖ H5(commitment list) ‖ id_i), the group commitment
// R = Σ D_i + Σ ρ_i·E_i, the challenge c, Lagrange coefficients λ_i (one batch inversion). Each share i then
// owes z_i·G − s_R·(D_i + ρ_i·E_i) − s_Y·c·λ_i·Y_i = 0 and the session's aggregate (R, z = Σ z_i) owes
// z·G − s_R·R − s_Y·c·PK = 0, where s_R, s_Y are the taproot suite's parity signs (+1 in the RFC suite).
// All of these equations, across sessions, go through the batch engine: random 128-bit weights, verifying
// shares (Y_i) and group keys merged across sessions and served from the key cache, and bisection that reuses
// the terms to name every bad share.

import * as N from "@tallyio/field/assembly/generated/secp256k1_n";
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy } from "@tallyio/field/assembly/limbs";
import { SECP_GX, SECP_GY } from "@tallyio/tables/assembly/generated/constants";
import { decodeCompressed, encodeCompressed, isOdd } from "@tallyio/tables/assembly/secp256k1/decode";
import {
  keyCacheAdmit,
  keyCacheFind,
  keyCachePin,
  msm,
  reserve,
  strausKeys,
} from "@tallyio/tables/assembly/secp256k1/msm";
import { AFF, add, addAffine, FE, isInfinity, JAC, negJac, toAffine } from "@tallyio/tables/assembly/secp256k1/point";
import { reserveEngine, runBatch, SchemeOps, valid } from "./engine";
import { BIP340_CHALLENGE_MIDSTATE } from "./generated/constants";
import { reserveLayout, setLayout } from "./layout";
import { firstItem, mergeKeys, reserveMerge, uniqueOf } from "./merge";
import { Sha256 } from "./sha256";

// Item codes (u8), as the engine writes them: 0 valid, 1 the equation fails; the rest are found before.
export const VALID: u8 = 0;
export const INVALID: u8 = 1;
export const HIDING_NOT_A_POINT: u8 = 2;
export const BINDING_NOT_A_POINT: u8 = 3;
export const SHARE_KEY_NOT_A_POINT: u8 = 4;
export const Z_NOT_BELOW_N: u8 = 5;
/** Another signer's commitment or verifying share is malformed: R and the binding factors cannot be computed. */
export const SESSION_SPOILED: u8 = 6;
export const R_IS_IDENTITY: u8 = 7;
export const GROUP_KEY_NOT_A_POINT: u8 = 8;
/** An aggregate whose shares are not all well-formed. */
export const SHARES_MALFORMED: u8 = 9;

/** One signer's entry of the commitment list as RFC 9591 encodes it: id (32) ‖ D (33) ‖ E (33). */
export const LIST_STRIDE: usize = 98;
/** One signer's verifying share Y_i (33) and signature share z_i (32). */
export const YZ_STRIDE: usize = 65;
/** A session: group key (33) at 0; message offset (u32, into the message region) at 36, length at 40, first
 * share at 44, share count at 48; out: R compressed (33) at 52, z (32) at 85. */
export const SESSION_STRIDE: usize = 120;
const KEY_BYTES: usize = 34; // compressed key ‖ cache tag

/** Straus with cached key tables up to this many terms, Pippenger above (as for BIP340). */
const STRAUS_TERMS: i32 = 80;
const KEY_TAG: u8 = 2;

let taproot = false;
let maxItems: i32 = 0;
let maxSessions: i32 = 0;
export let frostList: usize = 0;
export let frostYZ: usize = 0;
export let frostSessions: usize = 0;
export let frostMessages: usize = 0;
export let frostMessageBytes: usize = 0;

// Per item (shares first, then one aggregate per session).
let P1: usize = 0; // affine, coefficient a_i: −s_R·D_i, or −s_R·R for an aggregate
let P2: usize = 0; // affine, coefficient a_i·ρ_i: −s_R·E_i (shares only)
let RHO: usize = 0;
let K: usize = 0; // affine key point: Y_i or PK
let KEYS: usize = 0; // key encoding ‖ tag, for merging and the cache
let SLOTS: usize = 0;
let K3: usize = 0; // key coefficient: −s_Y·c·λ_i, or −s_Y·c
let Z: usize = 0;
let A: usize = 0;
let PREP: usize = 0; // u8 code per item
let shareCount: i32 = 0;
// Per session scratch
let X: usize = 0; // identifiers
let INV: usize = 0;
let INV_SCRATCH: usize = 0;
// Sum terms
let freshPts: usize = 0;
let freshScs: usize = 0;
let keySlots: usize = 0;
let keyScs: usize = 0;

const hasher = new Sha256();
const CTX: usize = memory.data(96);
let ctxLen: usize = 0;
const DST_RHO: usize = memory.data(104);
const DST_CHAL: usize = memory.data(104);
let dstRhoLen: usize = 0;
let dstChalLen: usize = 0;
const ZPAD_STATE: usize = memory.data(32);
const ZEROS: usize = memory.data(64);
const XMD_TAIL: usize = memory.data<u8>([0, 48, 0]); // I2OSP(48, 2) ‖ I2OSP(0, 1)
const MSG_TAG: usize = memory.data<u8>([0x6d, 0x73, 0x67]); // "msg"
const COM_TAG: usize = memory.data<u8>([0x63, 0x6f, 0x6d]); // "com"
const ONE_BYTE: usize = memory.data<u8>([1]);
const TWO_BYTE: usize = memory.data<u8>([2]);
const B0: usize = memory.data(32);
const UNIFORM: usize = memory.data(64); // b_1 ‖ b_2
const WIDE: usize = memory.data(32);
const H4: usize = memory.data(32);
const H5: usize = memory.data(32);
const PK_ENC: usize = memory.data(33);
const R_ENC: usize = memory.data(33);
const HASH: usize = memory.data(32);
const TWO_256: usize = memory.data(36); // 2^256 mod n
const TWO_256_BYTES: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x45, 0x51, 0x23, 0x19, 0x50, 0xb7, 0x5f, 0xc4, 0x40, 0x2d, 0xa1,
  0x73, 0x2f, 0xc9, 0xbe, 0xbf,
]);
const C: usize = memory.data(36);
const T: usize = memory.data(36);
const U: usize = memory.data(36);
const PROD: usize = memory.data(36);
const G_SCALAR: usize = memory.data(36);
const RJ: usize = memory.data(108);
const RA: usize = memory.data(72);
const G_AFFINE: usize = memory.data(72);

function ascii(dst: usize, s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(dst + <usize>i, <u8>s.charCodeAt(i));
  return <usize>s.length;
}

/** DST' = context ‖ tag ‖ I2OSP(len, 1) at dst; returns len(DST). */
function dstOf(dst: usize, tag: string): usize {
  memory.copy(dst, CTX, ctxLen);
  const len = ctxLen + ascii(dst + ctxLen, tag);
  store<u8>(dst + len, <u8>len);
  return len;
}

/**
 * Sets the suite (context string at ctx, ctxLength bytes; taproot flag) and sizes every region for up to
 * items shares + sessions and messageBytes bytes of messages. Call again to grow.
 */
export function reserveFrost(ctx: usize, ctxLength: i32, tr: bool, items: i32, sessions: i32, messageBytes: i32): void {
  memory.copy(CTX, ctx, <usize>ctxLength);
  ctxLen = <usize>ctxLength;
  taproot = tr;
  dstRhoLen = dstOf(DST_RHO, "rho");
  dstChalLen = dstOf(DST_CHAL, "chal");
  memory.fill(ZEROS, 0, 64);
  hasher.reset().update(ZEROS, 64).saveState(ZPAD_STATE);
  N.fromBytes(TWO_256, TWO_256_BYTES);
  copy(G_AFFINE, SECP_GX);
  copy(G_AFFINE + FE, SECP_GY);
  if (<usize>messageBytes > frostMessageBytes) {
    frostMessages = heap.alloc(<usize>messageBytes);
    frostMessageBytes = <usize>messageBytes;
  }
  if (sessions > maxSessions) {
    frostSessions = heap.alloc(<usize>sessions * SESSION_STRIDE);
    maxSessions = sessions;
  }
  const all = items + sessions;
  if (all <= maxItems) return;
  const n = <usize>all;
  reserveLayout(all);
  reserve(3 * all + 1);
  reserveMerge(all);
  reserveEngine(all);
  frostList = heap.alloc(n * LIST_STRIDE);
  frostYZ = heap.alloc(n * YZ_STRIDE);
  P1 = heap.alloc(n * AFF);
  P2 = heap.alloc(n * AFF);
  RHO = heap.alloc(n * FE);
  K = heap.alloc(n * AFF);
  KEYS = heap.alloc(n * KEY_BYTES);
  SLOTS = heap.alloc(4 * n);
  K3 = heap.alloc(n * FE);
  Z = heap.alloc(n * FE);
  A = heap.alloc(n * FE);
  PREP = heap.alloc(n);
  X = heap.alloc(n * FE);
  INV = heap.alloc(2 * n * FE);
  INV_SCRATCH = heap.alloc(2 * n * FE);
  freshPts = heap.alloc((3 * n + 1) * AFF);
  freshScs = heap.alloc((3 * n + 1) * FE);
  keySlots = heap.alloc(4 * n);
  keyScs = heap.alloc(n * FE);
  maxItems = all;
}

/**
 * hash_to_field (RFC 9380, expand_message_xmd with SHA-256, L = 48) mod n of the message already fed to the
 * hasher after resume(ZPAD_STATE, 64); dst: DST' of dstLen + 1 bytes.
 */
function xmdFinish(out: usize, dst: usize, dstLen: usize): void {
  hasher
    .update(XMD_TAIL, 3)
    .update(dst, dstLen + 1)
    .digest(B0);
  hasher
    .reset()
    .update(B0, 32)
    .update(ONE_BYTE, 1)
    .update(dst, dstLen + 1)
    .digest(UNIFORM);
  for (let i: usize = 0; i < 32; i += 8) store<u64>(WIDE + i, load<u64>(B0 + i) ^ load<u64>(UNIFORM + i));
  hasher
    .reset()
    .update(WIDE, 32)
    .update(TWO_BYTE, 1)
    .update(dst, dstLen + 1)
    .digest(UNIFORM + 32);
  // 48 big-endian bytes: high 16 bytes · 2^256 + low 32 bytes.
  memory.fill(WIDE, 0, 16);
  memory.copy(WIDE + 16, UNIFORM, 16);
  N.reduceBytes(T, WIDE);
  N.mul(T, T, TWO_256);
  N.reduceBytes(out, UNIFORM + 16);
  N.add(out, out, T);
}

function setOne(a: usize): void {
  memory.fill(a, 0, FE);
  store<u32>(a, 1);
}

/** Marks every item of session s (its shares and its aggregate) with code, except the culprit's own code. */
function spoil(s: i32, first: i32, t: i32, code: u8): void {
  for (let i = 0; i < t; i++) {
    const at = PREP + <usize>(first + i);
    if (load<u8>(at) == VALID) store<u8>(at, code);
  }
  store<u8>(PREP + <usize>(shareCount + s), code);
}

function negateY(p: usize): void {
  F.neg(p + FE, p + FE);
}

/** Decodes, hashes and sets up the equations of session s. */
function prepareSession(s: i32): void {
  const rec = frostSessions + SESSION_STRIDE * <usize>s;
  const msg = frostMessages + <usize>load<u32>(rec + 36);
  const msgLen = <usize>load<u32>(rec + 40);
  const first = <i32>load<u32>(rec + 44);
  const t = <i32>load<u32>(rec + 48);
  const agg = shareCount + s;
  store<u8>(PREP + <usize>agg, VALID);
  for (let i = 0; i < t; i++) store<u8>(PREP + <usize>(first + i), VALID);
  // The group key: through the cache (it is the aggregate's key term), its even-Y form in the taproot hashes.
  const ka = K + AFF * <usize>agg;
  memory.copy(KEYS + KEY_BYTES * <usize>agg, rec, 33);
  store<u8>(KEYS + KEY_BYTES * <usize>agg + 33, KEY_TAG);
  let slot = keyCacheFind(KEYS + KEY_BYTES * <usize>agg, 34, ka);
  if (slot < 0) {
    if (decodeCompressed(ka, rec) != 0) {
      spoil(s, first, t, GROUP_KEY_NOT_A_POINT);
      return;
    }
    slot = keyCacheAdmit(KEYS + KEY_BYTES * <usize>agg, 34, ka);
  }
  store<i32>(SLOTS + 4 * <usize>agg, slot);
  const keyOdd = taproot && load<u8>(rec) == 3;
  memory.copy(PK_ENC, rec, 33);
  if (keyOdd) store<u8>(PK_ENC, 2);
  // Commitments, verifying shares (through the cache), signature shares.
  let broken: u8 = VALID;
  let zBad = false;
  for (let i = 0; i < t; i++) {
    const g = <usize>(first + i);
    const entry = frostList + LIST_STRIDE * g;
    const yz = frostYZ + YZ_STRIDE * g;
    let code: u8 = VALID;
    if (decodeCompressed(P1 + AFF * g, entry + 32) != 0) code = HIDING_NOT_A_POINT;
    else if (decodeCompressed(P2 + AFF * g, entry + 65) != 0) code = BINDING_NOT_A_POINT;
    else {
      const key = KEYS + KEY_BYTES * g;
      memory.copy(key, yz, 33);
      store<u8>(key + 33, KEY_TAG);
      let ys = keyCacheFind(key, 34, K + AFF * g);
      if (ys < 0) {
        if (decodeCompressed(K + AFF * g, yz) != 0) code = SHARE_KEY_NOT_A_POINT;
        else ys = keyCacheAdmit(key, 34, K + AFF * g);
      }
      store<i32>(SLOTS + 4 * g, ys);
    }
    if (code != VALID) {
      store<u8>(PREP + g, code);
      broken = code;
      continue;
    }
    if (!N.fromBytes(Z + FE * g, yz + 33)) {
      store<u8>(PREP + g, Z_NOT_BELOW_N);
      zBad = true;
    }
    N.fromBytes(X + FE * <usize>i, entry);
  }
  if (broken != VALID) {
    spoil(s, first, t, SESSION_SPOILED);
    return;
  }
  // H4(m), H5(commitment list), then ρ_i = H1(PK ‖ H4 ‖ H5 ‖ id_i).
  hasher.reset().update(CTX, ctxLen).update(MSG_TAG, 3).update(msg, msgLen).digest(H4);
  hasher
    .reset()
    .update(CTX, ctxLen)
    .update(COM_TAG, 3)
    .update(frostList + LIST_STRIDE * <usize>first, LIST_STRIDE * <usize>t)
    .digest(H5);
  for (let i = 0; i < t; i++) {
    const g = <usize>(first + i);
    hasher.resume(ZPAD_STATE, 64).update(PK_ENC, 33).update(H4, 32).update(H5, 32);
    hasher.update(frostList + LIST_STRIDE * g, 32);
    xmdFinish(RHO + FE * g, DST_RHO, dstRhoLen);
  }
  // R = Σ D_i + Σ ρ_i·E_i
  strausKeys(RJ, P2 + AFF * <usize>first, RHO + FE * <usize>first, t, 0, 0, 0, 0);
  for (let i = 0; i < t; i++) addAffine(RJ, RJ, P1 + AFF * <usize>(first + i));
  if (isInfinity(RJ)) {
    spoil(s, first, t, R_IS_IDENTITY);
    return;
  }
  toAffine(RA, RJ);
  encodeCompressed(R_ENC, RA);
  memory.copy(rec + 52, R_ENC, 33);
  // c: BIP340's tagged challenge over x(R) ‖ x(PK) ‖ m (taproot), else H2(R ‖ PK ‖ m).
  if (taproot) {
    hasher
      .resume(BIP340_CHALLENGE_MIDSTATE, 64)
      .update(R_ENC + 1, 32)
      .update(PK_ENC + 1, 32)
      .update(msg, msgLen);
    hasher.digest(HASH);
    N.reduceBytes(C, HASH);
  } else {
    hasher.resume(ZPAD_STATE, 64).update(R_ENC, 33).update(PK_ENC, 33).update(msg, msgLen);
    xmdFinish(C, DST_CHAL, dstChalLen);
  }
  const rOdd = taproot && isOdd(RA + FE);
  // −s_Y·c, the key coefficient before λ_i.
  if (keyOdd) copy(U, C);
  else N.neg(U, C);
  // λ_i = Π_{j≠i} x_j / (x_j − x_i): the denominators and the x_i inverted together.
  setOne(PROD);
  for (let i = 0; i < t; i++) {
    const xi = X + FE * <usize>i;
    N.mul(PROD, PROD, xi);
    const den = INV + FE * <usize>i;
    setOne(den);
    for (let j = 0; j < t; j++) {
      if (j == i) continue;
      N.sub(T, X + FE * <usize>j, xi);
      N.mul(den, den, T);
    }
    copy(INV + FE * <usize>(t + i), xi);
  }
  N.batchInv(INV, INV, 2 * t, INV_SCRATCH);
  // Shares: P1 = −s_R·D_i, P2 = −s_R·E_i (so their coefficients are a_i and a_i·ρ_i), K3 = −s_Y·c·λ_i.
  const z = G_SCALAR;
  memory.fill(z, 0, FE);
  for (let i = 0; i < t; i++) {
    const g = <usize>(first + i);
    if (!rOdd) {
      negateY(P1 + AFF * g);
      negateY(P2 + AFF * g);
    }
    N.mul(T, PROD, INV + FE * <usize>(t + i));
    N.mul(T, T, INV + FE * <usize>i);
    N.mul(K3 + FE * g, U, T);
    if (!zBad) N.add(z, z, Z + FE * g);
  }
  // The aggregate: P1 = −s_R·R, key PK with −s_Y·c, z = Σ z_i.
  const ag = <usize>agg;
  copy(P1 + AFF * ag, RA);
  copy(P1 + AFF * ag + FE, RA + FE);
  if (!rOdd) negateY(P1 + AFF * ag);
  copy(K3 + FE * ag, U);
  copy(Z + FE * ag, z);
  N.toBytes(rec + 85, z);
  if (zBad) store<u8>(PREP + ag, SHARES_MALFORMED);
}

function prepare(i: i32): u8 {
  return load<u8>(PREP + <usize>i);
}

/** out = Σ over valid[lo..hi) of a_i·(item i's equation), keys merged. */
function rangeSum(lo: i32, hi: i32, out: usize, seed: u32): void {
  const count = hi - lo;
  const items = valid + 4 * <usize>lo;
  const unique = mergeKeys(items, count, seed, 33);
  memory.fill(G_SCALAR, 0, FE);
  memory.fill(keyScs, 0, <usize>unique * FE);
  let fresh = 0;
  for (let k = 0; k < count; k++) {
    const i = <usize>load<i32>(items + 4 * <usize>k);
    const a = A + FE * i;
    N.mul(T, a, Z + FE * i);
    N.add(G_SCALAR, G_SCALAR, T);
    memory.copy(freshPts + AFF * <usize>fresh, P1 + AFF * i, AFF);
    memory.copy(freshScs + FE * <usize>fresh, a, FE);
    fresh++;
    if (i < <usize>shareCount) {
      memory.copy(freshPts + AFF * <usize>fresh, P2 + AFF * i, AFF);
      N.mul(freshScs + FE * <usize>fresh, a, RHO + FE * i);
      fresh++;
    }
    const u = keyScs + FE * <usize>load<i32>(uniqueOf + 4 * i);
    N.mul(T, a, K3 + FE * i);
    N.add(u, u, T);
  }
  const useStraus = fresh + unique + 1 <= STRAUS_TERMS;
  let cached = 0;
  for (let u = 0; u < unique; u++) {
    const first = <usize>load<i32>(firstItem + 4 * <usize>u);
    const slot = load<i32>(SLOTS + 4 * first);
    const sc = keyScs + FE * <usize>u;
    if (useStraus && slot >= 0) {
      store<i32>(keySlots + 4 * <usize>cached, slot);
      if (<usize>cached != <usize>u) memory.copy(keyScs + FE * <usize>cached, sc, FE);
      cached++;
    } else {
      memory.copy(freshPts + AFF * <usize>fresh, K + AFF * first, AFF);
      memory.copy(freshScs + FE * <usize>fresh, sc, FE);
      fresh++;
    }
  }
  if (useStraus) {
    strausKeys(out, freshPts, freshScs, fresh, keySlots, keyScs, cached, N.isZero(G_SCALAR) ? 0 : G_SCALAR);
    return;
  }
  memory.copy(freshPts + AFF * <usize>fresh, G_AFFINE, AFF);
  memory.copy(freshScs + FE * <usize>fresh, G_SCALAR, FE);
  msm(out, freshPts, freshScs, fresh + 1);
}

/** a_i from 16 random bytes (uniform below 2^128), or 1. */
function setCoefficient(i: usize, random: usize): void {
  const a = A + FE * i;
  memory.fill(WIDE, 0, 32);
  if (random != 0) memory.copy(WIDE + 16, random, 16);
  N.reduceBytes(a, WIDE);
  if (N.isZero(a)) store<u32>(a, 1);
}

function difference(out: usize, a: usize, b: usize): void {
  negJac(out, b);
  add(out, out, a);
}

/** The kernel pins the key cache itself, around all sessions of a call. */
function noPin(_on: bool): void {}

const OPS = new SchemeOps(prepare, setCoefficient, rangeSum, isInfinity, difference, noPin, JAC);

/**
 * Verifies sessions 0..sessions (their shares numbered 0..shares in session order): a code per item in the
 * layout's status (shares, then one aggregate per session); returns how many are not valid.
 */
export function verifyFrost(sessions: i32, shares: i32): i32 {
  shareCount = shares;
  setLayout(0, 0, KEYS, KEY_BYTES, 0, 0);
  keyCachePin(true);
  for (let s = 0; s < sessions; s++) prepareSession(s);
  const bad = runBatch(OPS, shares + sessions);
  keyCachePin(false);
  return bad;
}

export function frostRegions(which: i32): usize {
  if (which == 0) return frostList;
  if (which == 1) return frostYZ;
  if (which == 2) return frostSessions;
  return frostMessages;
}
