// Ed25519 point decoding (RFC 8032 §5.1.3) in the two modes of @noble/curves' Point.fromBytes:
// zip215 (y may be ≥ p and is reduced; x = 0 with the sign bit set is accepted) and strict (canonical only).
import * as F from "@tallyio/field/assembly/generated/ed25519_p";
import { sqrtRatio, sqrtRatio2 } from "@tallyio/field/assembly/sqrt_ed25519";
import { ED_D } from "../generated/constants";
import { Ed25519Decode, Ext } from "../generated/spec";
import { FE, fromAffine } from "./point";

// Decoding results: 0 is success; each failure has its own code (mapped to reasons in TypeScript).
export const OK: i32 = Ed25519Decode.OK;
export const Y_NOT_BELOW_P: i32 = Ed25519Decode.Y_NOT_BELOW_P;
export const NOT_ON_CURVE: i32 = Ed25519Decode.NOT_ON_CURVE;
export const X_ZERO_SIGN: i32 = Ed25519Decode.X_ZERO_SIGN;

const Y: usize = memory.data(<i32>FE);
const X: usize = memory.data(<i32>FE);
const U: usize = memory.data(<i32>FE);
const V: usize = memory.data(<i32>FE);
const BYTES: usize = memory.data(32);
const ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0, 0]);

/** y from the 32 bytes at src into y (reduced unless strict), the sign bit returned in bit 1; bit 0: y ≥ p. */
function parseY(y: usize, src: usize, strict: bool): i32 {
  memory.copy(BYTES, src, 32);
  const sign = (load<u8>(BYTES + 31) & 0x80) != 0 ? 2 : 0;
  store<u8>(BYTES + 31, load<u8>(BYTES + 31) & 0x7f);
  if (!F.fromBytes(y, BYTES)) {
    if (strict) return sign | 1;
    F.canonical(y, y);
  }
  return sign;
}

/** u = y² − 1, v = d·y² + 1: x² = u / v. */
function ratioOf(u: usize, v: usize, y: usize): void {
  F.sqr(u, y);
  F.mul(v, u, ED_D);
  F.add(v, v, ONE);
  F.sub(u, u, ONE);
}

/** The point from y and its even root x (canonical), with the sign applied. */
function finish(out: usize, x: usize, y: usize, sign: bool, strict: bool): i32 {
  const zero = F.isZero(x);
  if (strict && zero && sign) return X_ZERO_SIGN;
  if (sign != ((load<u32>(x) & 1) != 0)) F.neg(x, x);
  fromAffine(out, x, y);
  return OK;
}

/** Decodes 32 bytes at src into extended out; strict refuses non-canonical y and x = 0 with the sign bit. */
export function decode(out: usize, src: usize, strict: bool): i32 {
  const parsed = parseY(Y, src, strict);
  if (parsed & 1) return Y_NOT_BELOW_P;
  ratioOf(U, V, Y);
  if (!sqrtRatio(X, U, V)) return NOT_ON_CURVE;
  return finish(out, X, Y, (parsed & 2) != 0, strict);
}

const Y2: usize = memory.data(<i32>FE);
const X2: usize = memory.data(<i32>FE);
const U2: usize = memory.data(<i32>FE);
const V2: usize = memory.data(<i32>FE);

/** decode of two encodings at once (the square roots in the two SIMD lanes): code of the first | second << 8. */
export function decode2(out1: usize, src1: usize, out2: usize, src2: usize, strict: bool): i32 {
  const p1 = parseY(Y, src1, strict);
  const p2 = parseY(Y2, src2, strict);
  if ((p1 | p2) & 1) return decode(out1, src1, strict) | (decode(out2, src2, strict) << 8);
  ratioOf(U, V, Y);
  ratioOf(U2, V2, Y2);
  const roots = sqrtRatio2(X, U, V, X2, U2, V2);
  const c1 = roots & 1 ? finish(out1, X, Y, (p1 & 2) != 0, strict) : NOT_ON_CURVE;
  const c2 = roots & 2 ? finish(out2, X2, Y2, (p2 & 2) != 0, strict) : NOT_ON_CURVE;
  return c1 | (c2 << 8);
}

/** The 32-byte encoding of extended p: y little-endian with the parity of x in bit 255. */
export function encode(dst: usize, p: usize): void {
  F.inv(U, p + Ext.Z);
  F.mul(X, p + Ext.X, U);
  F.mul(Y, p + Ext.Y, U);
  F.toBytes(dst, Y);
  F.canonical(X, X);
  store<u8>(dst + 31, load<u8>(dst + 31) | ((<u8>(load<u32>(X) & 1)) << 7));
}
