// Decoding and encoding of secp256k1 points: BIP340 x-only keys (lift_x, even y) and SEC1 compressed points.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { sqrt, sqrt2 } from "@tallyio/field/assembly/sqrt_secp256k1";
import { Aff, Secp256k1Decode } from "../generated/spec";
import { FE, SEVEN } from "./point";

// Decoding results: 0 is success; each failure has its own code (mapped to reasons in TypeScript).
export const OK: i32 = Secp256k1Decode.OK;
export const X_NOT_BELOW_P: i32 = Secp256k1Decode.X_NOT_BELOW_P;
export const NOT_ON_CURVE: i32 = Secp256k1Decode.NOT_ON_CURVE;
export const BAD_PREFIX: i32 = Secp256k1Decode.BAD_PREFIX;

const T: usize = memory.data(<i32>FE);

/** Whether the canonical value of a is odd. */
export function isOdd(a: usize): bool {
  F.canonical(T, a);
  return (load<u32>(T) & 1) != 0;
}

const T2: usize = memory.data(<i32>FE);

/** rhs = x³ + 7 */
function curveRhs(rhs: usize, x: usize): void {
  F.sqr(rhs, x);
  F.mul(rhs, rhs, x);
  F.add(rhs, rhs, SEVEN);
}

/** y = its canonical form, negated unless its parity is odd's. */
function withParity(y: usize, odd: bool): void {
  F.canonical(y, y);
  if (isOdd(y) != odd) F.neg(y, y);
}

/** out (affine) = the point with x = the 32 big-endian bytes at src and y of the given parity. */
function liftWithParity(out: usize, src: usize, odd: bool): i32 {
  if (!F.fromBytes(out, src)) return X_NOT_BELOW_P;
  curveRhs(T, out);
  if (!sqrt(out + Aff.Y, T)) return NOT_ON_CURVE;
  withParity(out + Aff.Y, odd);
  return OK;
}

/** liftWithParity of two points, their square roots computed together: code of the first | code of the second << 8. */
function liftWithParity2(out1: usize, src1: usize, odd1: bool, out2: usize, src2: usize, odd2: bool): i32 {
  if (!F.fromBytes(out1, src1) || !F.fromBytes(out2, src2))
    return liftWithParity(out1, src1, odd1) | (liftWithParity(out2, src2, odd2) << 8);
  curveRhs(T, out1);
  curveRhs(T2, out2);
  const roots = sqrt2(out1 + Aff.Y, out2 + Aff.Y, T, T2);
  let code = OK;
  if (roots & 1) withParity(out1 + Aff.Y, odd1);
  else code = NOT_ON_CURVE;
  if (roots & 2) withParity(out2 + Aff.Y, odd2);
  else code |= NOT_ON_CURVE << 8;
  return code;
}

/** BIP340 lift_x: the point with x-coordinate src (32 bytes, big-endian) and even y. */
export function liftX(out: usize, src: usize): i32 {
  return liftWithParity(out, src, false);
}

/** SEC1 compressed point: 0x02 (even y) or 0x03 (odd y) then x (32 bytes, big-endian). */
export function decodeCompressed(out: usize, src: usize): i32 {
  const prefix = load<u8>(src);
  if (prefix != 2 && prefix != 3) return BAD_PREFIX;
  return liftWithParity(out, src + 1, prefix == 3);
}

/** liftX of two keys at once: code of the first | code of the second << 8. */
export function liftX2(out1: usize, src1: usize, out2: usize, src2: usize): i32 {
  return liftWithParity2(out1, src1, false, out2, src2, false);
}

/** decodeCompressed of two points at once: code of the first | code of the second << 8. */
export function decodeCompressed2(out1: usize, src1: usize, out2: usize, src2: usize): i32 {
  const p1 = load<u8>(src1);
  const p2 = load<u8>(src2);
  if ((p1 != 2 && p1 != 3) || (p2 != 2 && p2 != 3))
    return decodeCompressed(out1, src1) | (decodeCompressed(out2, src2) << 8);
  return liftWithParity2(out1, src1 + 1, p1 == 3, out2, src2 + 1, p2 == 3);
}

/** 32-byte big-endian x of affine a. */
export function encodeXOnly(dst: usize, a: usize): void {
  F.toBytes(dst, a);
}

/** 33-byte SEC1 compressed encoding of affine a. */
export function encodeCompressed(dst: usize, a: usize): void {
  store<u8>(dst, isOdd(a + Aff.Y) ? 3 : 2);
  F.toBytes(dst + 1, a);
}
