// What differs between the FROST ciphersuites the kernel in frost.ts verifies: element encoding and validation,
// the scalar field, the hashes (RFC 9591 §6.1 for Ed25519, §6.5 for secp256k1, and the BIP340 challenge of the
// taproot variant) and the point arithmetic the sums use. Each suite is a table of functions.

import * as L from "@tallyio/field/assembly/generated/ed25519_l";
import * as N from "@tallyio/field/assembly/generated/secp256k1_n";
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { copy } from "@tallyio/field/assembly/limbs";
import { decode as edDecode, decode2 as edDecode2, encode as edEncode } from "@tallyio/tables/assembly/ed25519/decode";
import * as EM from "@tallyio/tables/assembly/ed25519/msm";
import {
  EXT,
  add as edAdd,
  fromAffine as edFromAffine,
  isIdentity,
  isTorsionFree,
  negExt,
  setIdentity,
} from "@tallyio/tables/assembly/ed25519/point";
import * as ES from "@tallyio/tables/assembly/ed25519/straus";
import * as ET from "@tallyio/tables/assembly/ed25519/tables";
import { ED_BX, ED_BY, SECP_GX, SECP_GY } from "@tallyio/tables/assembly/generated/constants";
import {
  decodeCompressed,
  decodeCompressed2,
  encodeCompressed,
  isOdd,
} from "@tallyio/tables/assembly/secp256k1/decode";
import * as SM from "@tallyio/tables/assembly/secp256k1/msm";
import {
  AFF,
  addAffine,
  FE,
  isInfinity,
  JAC,
  negJac,
  add as secpAdd,
  setInfinity,
  toAffine,
} from "@tallyio/tables/assembly/secp256k1/point";
import * as SS from "@tallyio/tables/assembly/secp256k1/straus";
import * as ST from "@tallyio/tables/assembly/secp256k1/tables";
import { BIP340_CHALLENGE_MIDSTATE } from "./generated/constants";
import { SumOps } from "./merge";
import { Sha256 } from "./sha256";
import { Sha512 } from "./sha512";

/** A suite: its sums (SumOps; pointBytes is the decoded point's size, as the MSM takes it) and the rest. */
export class Suite extends SumOps {
  /** Serialized element; the running sum's size. */
  elementBytes: usize = 0;
  sumBytes: usize = 0;
  /** Decodes and validates an element (RFC 9591 DeserializeElement): true when it is a valid, non-identity point. */
  decodeElement: (out: usize, src: usize) => bool = noDecode;
  /** decodeElement of two elements (a share's commitments): bit 0 set when the first is valid, bit 1 the second. */
  decodePair: (out1: usize, src1: usize, out2: usize, src2: usize) => i32 = noDecodePair;
  negate: (p: usize) => void = noPoint;
  /** Sums: acc = identity; acc += point; the sum's encoding R_ENC and its point R_POINT (false when identity). */
  clearSum: (acc: usize) => void = noPoint;
  addToSum: (acc: usize, p: usize) => void = noPair;
  finishR: (acc: usize) => bool = noBool;
  /** Whether R has odd y (the taproot suite negates its nonces then). */
  rOdd: () => bool = noFalse;
  /**
   * Bytes of one point's prebuilt Straus tables (0: the suite builds none): the E_i, tabled once for R, serve
   * the weighted sum again.
   */
  tableBytes: usize = 0;
  /** Tables of n points, point i's at the u32 address dsts[i]. */
  buildTables: (dsts: usize, pts: usize, n: i32) => void = noBuild;
  addTabled: (tables: usize, scs: usize, n: i32) => void = noBuild;
  keyFind: (key: usize, len: i32, out: usize) => i32 = noKey;
  keyAdmit: (key: usize, len: i32, point: usize) => i32 = noKey;
  keyPin: (on: bool) => void = noPin;
  difference: (out: usize, a: usize, b: usize) => void = noTriple;
  vanishes: (q: usize) => bool = noBool;
  // Scalars
  sMul: (out: usize, a: usize, b: usize) => void = noTriple;
  sAdd: (out: usize, a: usize, b: usize) => void = noTriple;
  sSub: (out: usize, a: usize, b: usize) => void = noTriple;
  sNeg: (out: usize, a: usize) => void = noPair;
  sBatchInv: (out: usize, a: usize, n: i32, scratch: usize) => void = noInv;
  sFromBytes: (out: usize, src: usize) => bool = noDecode;
  sToBytes: (dst: usize, a: usize) => void = noPair;
  sIsZero: (a: usize) => bool = noBool;
  /** A scalar below 2^128 from 16 random bytes. */
  weight: (out: usize, random: usize) => void = noPair;
  // Hashes: H4(m) and H5(list) into H4, H5; ρ for one identifier; the challenge from R_ENC, PK_ENC and m.
  prefixHashes: (msg: usize, msgLen: usize, list: usize, listLen: usize) => void = noPrefix;
  rho: (out: usize, id: usize) => void = noPair;
  challenge: (out: usize, msg: usize, msgLen: usize) => void = noChallenge;
}

// Initial values for the fields above (AssemblyScript fields need one); both suites below set every field they use.
function noDecode(_o: usize, _s: usize): bool {
  return false;
}
function noDecodePair(_o1: usize, _s1: usize, _o2: usize, _s2: usize): i32 {
  return 0;
}
function noPoint(_p: usize): void {}
function noBuild(_d: usize, _p: usize, _n: i32): void {}
function noPair(_a: usize, _b: usize): void {}
function noTriple(_o: usize, _a: usize, _b: usize): void {}
function noBool(_p: usize): bool {
  return false;
}
function noFalse(): bool {
  return false;
}
function noKey(_k: usize, _l: i32, _o: usize): i32 {
  return -1;
}
function noPin(_on: bool): void {}
function noInv(_o: usize, _a: usize, _n: i32, _s: usize): void {}
function noPrefix(_m: usize, _ml: usize, _l: usize, _ll: usize): void {}
function noChallenge(_o: usize, _m: usize, _ml: usize): void {}

// State shared by the hooks: the context string, the digests and the encodings of PK and R.
export const CTX: usize = memory.data(96);
export let ctxLen: usize = 0;
export let taproot = false;
export const H4: usize = memory.data(64);
export const H5: usize = memory.data(64);
/** PK as hashed (secp256k1-tr: the even-Y form 0x02 ‖ x). */
export const PK_ENC: usize = memory.data(33);
export const R_ENC: usize = memory.data(33);
/** R as a point for the aggregate's equation (affine or extended). */
export const R_POINT: usize = memory.data(144);

const sha256 = new Sha256();
const sha512 = new Sha512();
const MSG_TAG: usize = memory.data<u8>([0x6d, 0x73, 0x67]); // "msg"
const COM_TAG: usize = memory.data<u8>([0x63, 0x6f, 0x6d]); // "com"
const RHO_TAG: usize = memory.data<u8>([0x72, 0x68, 0x6f]); // "rho"
const DIGEST: usize = memory.data(64);
const WIDE: usize = memory.data(64);

/** Sets the context string (ctxLength bytes at ctx) and the suite flavour. */
export function setContext(ctx: usize, ctxLength: usize, tr: bool): void {
  memory.copy(CTX, ctx, ctxLength);
  ctxLen = ctxLength;
  taproot = tr;
  secpInit();
}

// ——— FROST(secp256k1, SHA-256) and its taproot variant ———

const DST_RHO: usize = memory.data(104);
const DST_CHAL: usize = memory.data(104);
let dstRhoLen: usize = 0;
let dstChalLen: usize = 0;
const ZPAD_STATE: usize = memory.data(32);
const RHO_STATE: usize = memory.data(32);
const ZEROS: usize = memory.data(64);
const XMD_TAIL: usize = memory.data<u8>([0, 48, 0]); // I2OSP(48, 2) ‖ I2OSP(0, 1)
const ONE_BYTE: usize = memory.data<u8>([1]);
const TWO_BYTE: usize = memory.data<u8>([2]);
const B0: usize = memory.data(32);
const UNIFORM: usize = memory.data(64); // b_1 ‖ b_2
const TWO_256: usize = memory.data(36); // 2^256 mod n
const TWO_256_BYTES: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x45, 0x51, 0x23, 0x19, 0x50, 0xb7, 0x5f, 0xc4, 0x40, 0x2d, 0xa1,
  0x73, 0x2f, 0xc9, 0xbe, 0xbf,
]);
const T: usize = memory.data(36);
const SECP_G: usize = memory.data(72);
const ED_B: usize = memory.data(144);

/** DST' = context ‖ tag ‖ I2OSP(len, 1) at dst; returns len(DST). */
function dstOf(dst: usize, tag: usize, tagLen: usize): usize {
  memory.copy(dst, CTX, ctxLen);
  memory.copy(dst + ctxLen, tag, tagLen);
  const len = ctxLen + tagLen;
  store<u8>(dst + len, <u8>len);
  return len;
}
const CHAL_TAG: usize = memory.data<u8>([0x63, 0x68, 0x61, 0x6c]); // "chal"

function secpInit(): void {
  dstRhoLen = dstOf(DST_RHO, RHO_TAG, 3);
  dstChalLen = dstOf(DST_CHAL, CHAL_TAG, 4);
  memory.fill(ZEROS, 0, 64);
  sha256.reset().update(ZEROS, 64).saveState(ZPAD_STATE);
  N.fromBytes(TWO_256, TWO_256_BYTES);
  copy(SECP_G, SECP_GX);
  copy(SECP_G + FE, SECP_GY);
  edFromAffine(ED_B, ED_BX, ED_BY);
}

/**
 * hash_to_field (RFC 9380, expand_message_xmd with SHA-256, L = 48) mod n of the message already fed to the
 * hasher after resume(ZPAD_STATE, 64); dst: DST' of dstLen + 1 bytes.
 */
function xmdFinish(out: usize, dst: usize, dstLen: usize): void {
  sha256
    .update(XMD_TAIL, 3)
    .update(dst, dstLen + 1)
    .digest(B0);
  sha256
    .reset()
    .update(B0, 32)
    .update(ONE_BYTE, 1)
    .update(dst, dstLen + 1)
    .digest(UNIFORM);
  for (let i: usize = 0; i < 32; i += 8) store<u64>(WIDE + i, load<u64>(B0 + i) ^ load<u64>(UNIFORM + i));
  sha256
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

function secpDecode(out: usize, src: usize): bool {
  return decodeCompressed(out, src) == 0;
}
/** Both square roots in one pass of SIMD lanes. */
function secpDecodePair(out1: usize, src1: usize, out2: usize, src2: usize): i32 {
  const codes = decodeCompressed2(out1, src1, out2, src2);
  return ((codes & 0xff) == 0 ? 1 : 0) | (codes >> 8 == 0 ? 2 : 0);
}
function secpNegate(p: usize): void {
  F.neg(p + FE, p + FE);
}
function secpAddToSum(acc: usize, p: usize): void {
  addAffine(acc, acc, p);
}
function secpFinishR(acc: usize): bool {
  if (isInfinity(acc)) return false;
  toAffine(R_POINT, acc);
  encodeCompressed(R_ENC, R_POINT);
  return true;
}
function secpROdd(): bool {
  return isOdd(R_POINT + FE);
}
function secpDifference(out: usize, a: usize, b: usize): void {
  negJac(out, b);
  secpAdd(out, out, a);
}
function secpWeight(out: usize, random: usize): void {
  memory.fill(WIDE, 0, 32);
  memory.copy(WIDE + 16, random, 16);
  N.reduceBytes(out, WIDE);
}
function secpPrefixHashes(msg: usize, msgLen: usize, list: usize, listLen: usize): void {
  sha256.reset().update(CTX, ctxLen).update(MSG_TAG, 3).update(msg, msgLen).digest(H4);
  sha256.reset().update(CTX, ctxLen).update(COM_TAG, 3).update(list, listLen).digest(H5);
  // Every ρ_i of the session hashes Z_pad ‖ PK ‖ H4 ‖ H5 first: the state after its first 128 bytes (Z_pad,
  // PK and H4 but its last byte) is kept.
  sha256.resume(ZPAD_STATE, 64).update(PK_ENC, 33).update(H4, 31).saveState(RHO_STATE);
}
function secpRho(out: usize, id: usize): void {
  sha256
    .resume(RHO_STATE, 128)
    .update(H4 + 31, 1)
    .update(H5, 32)
    .update(id, 32);
  xmdFinish(out, DST_RHO, dstRhoLen);
}
function secpChallenge(out: usize, msg: usize, msgLen: usize): void {
  if (taproot) {
    // BIP340: int(tagged_hash("BIP0340/challenge", x(R) ‖ x(PK) ‖ m)) mod n
    sha256
      .resume(BIP340_CHALLENGE_MIDSTATE, 64)
      .update(R_ENC + 1, 32)
      .update(PK_ENC + 1, 32)
      .update(msg, msgLen);
    sha256.digest(DIGEST);
    N.reduceBytes(out, DIGEST);
    return;
  }
  sha256.resume(ZPAD_STATE, 64).update(R_ENC, 33).update(PK_ENC, 33).update(msg, msgLen);
  xmdFinish(out, DST_CHAL, dstChalLen);
}

export const SECP256K1: Suite = {
  elementBytes: 33,
  pointBytes: AFF,
  sumBytes: JAC,
  generator: SECP_G,
  reserveTables: ST.reserve,
  decodeElement: secpDecode,
  decodePair: secpDecodePair,
  negate: secpNegate,
  clearSum: setInfinity,
  addToSum: secpAddToSum,
  finishR: secpFinishR,
  rOdd: secpROdd,
  straus: SS.strausKeys,
  msm: SM.msm,
  strausMax: SM.STRAUS_MAX,
  tableBytes: SS.TABLE_BYTES,
  buildTables: SS.buildTables,
  addTabled: SS.addTabled,
  keyFind: ST.keyCacheFind,
  keyAdmit: ST.keyCacheAdmit,
  keyPin: ST.keyCachePin,
  difference: secpDifference,
  vanishes: isInfinity,
  sMul: N.mul,
  sAdd: N.add,
  sSub: N.sub,
  sNeg: N.neg,
  sBatchInv: N.batchInv,
  sFromBytes: N.fromBytes,
  sToBytes: N.toBytes,
  sIsZero: N.isZero,
  weight: secpWeight,
  prefixHashes: secpPrefixHashes,
  rho: secpRho,
  challenge: secpChallenge,
};

// ——— FROST(Ed25519, SHA-512) ———

/** Canonical encoding, not the identity, in the prime-order subgroup (RFC 9591 §6.1, as noble checks). */
function edDecodeElement(out: usize, src: usize): bool {
  return edDecode(out, src, true) == 0 && edElementValid(out);
}
/** A decoded element is acceptable: not the identity, in the prime-order subgroup. */
function edElementValid(p: usize): bool {
  return !isIdentity(p) && isTorsionFree(p);
}
/** Both square roots in one pass of SIMD lanes, then each element's identity and subgroup checks. */
function edDecodePair(out1: usize, src1: usize, out2: usize, src2: usize): i32 {
  const codes = edDecode2(out1, src1, out2, src2, true);
  const ok1 = (codes & 0xff) == 0 && edElementValid(out1);
  const ok2 = codes >> 8 == 0 && edElementValid(out2);
  return (ok1 ? 1 : 0) | (ok2 ? 2 : 0);
}
function edAddToSum(acc: usize, p: usize): void {
  edAdd(acc, acc, p);
}
function edFinishR(acc: usize): bool {
  if (isIdentity(acc)) return false;
  edEncode(R_ENC, acc);
  memory.copy(R_POINT, acc, EXT);
  return true;
}
function edNegate(p: usize): void {
  negExt(p, p);
}
function edDifference(out: usize, a: usize, b: usize): void {
  negExt(out, b);
  edAdd(out, out, a);
}
function edWeight(out: usize, random: usize): void {
  memory.fill(WIDE, 0, 64);
  memory.copy(WIDE, random, 16);
  L.reduceBytes(out, WIDE);
}
/** H(ctx ‖ tag ‖ m) with SHA-512. */
function edTagged(out: usize, tag: usize, msg: usize, len: usize): void {
  sha512.reset().update(CTX, ctxLen).update(tag, 3).update(msg, len).digest(out);
}
function edPrefixHashes(msg: usize, msgLen: usize, list: usize, listLen: usize): void {
  edTagged(H4, MSG_TAG, msg, msgLen);
  edTagged(H5, COM_TAG, list, listLen);
}
function edRho(out: usize, id: usize): void {
  sha512.reset().update(CTX, ctxLen).update(RHO_TAG, 3).update(PK_ENC, 32).update(H4, 64).update(H5, 64);
  sha512.update(id, 32).digest(DIGEST);
  L.reduceBytes(out, DIGEST);
}
function edChallenge(out: usize, msg: usize, msgLen: usize): void {
  // H2 is RFC 8032's challenge, undecorated.
  sha512.reset().update(R_ENC, 32).update(PK_ENC, 32).update(msg, msgLen).digest(DIGEST);
  L.reduceBytes(out, DIGEST);
}
/** Σ in the batch is over prime-order points, so it vanishes exactly when it is the identity. */
function edVanishes(q: usize): bool {
  return isIdentity(q);
}

export const ED25519: Suite = {
  elementBytes: 32,
  pointBytes: EXT,
  sumBytes: EXT,
  generator: ED_B,
  reserveTables: ET.reserve,
  decodeElement: edDecodeElement,
  decodePair: edDecodePair,
  negate: edNegate,
  clearSum: setIdentity,
  addToSum: edAddToSum,
  finishR: edFinishR,
  straus: ES.strausKeys,
  msm: EM.msm,
  strausMax: EM.STRAUS_KEYS_MAX,
  keyFind: ET.keyCacheFind,
  keyAdmit: ET.keyCacheAdmit,
  keyPin: ET.keyCachePin,
  difference: edDifference,
  vanishes: edVanishes,
  sMul: L.mul,
  sAdd: L.add,
  sSub: L.sub,
  sNeg: L.neg,
  sBatchInv: L.batchInv,
  sFromBytes: L.fromBytes,
  sToBytes: L.toBytes,
  sIsZero: L.isZero,
  weight: edWeight,
  prefixHashes: edPrefixHashes,
  rho: edRho,
  challenge: edChallenge,
};
