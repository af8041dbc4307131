// Ed25519 point decoding (RFC 8032 §5.1.3) in the two modes of @noble/curves' Point.fromBytes:
// zip215 (y may be ≥ p and is reduced; x = 0 with the sign bit set is accepted) and strict (canonical only).
import * as F from "@tallyio/field/assembly/generated/ed25519_p";
import { sqrtRatio } from "@tallyio/field/assembly/sqrt_ed25519";
import { ED_D } from "../generated/constants";
import { fromAffine } from "./point";

export const OK: i32 = 0;
export const Y_NOT_BELOW_P: i32 = 1;
export const NOT_ON_CURVE: i32 = 2;
export const X_ZERO_SIGN: i32 = 3;

const Y: usize = memory.data(36);
const X: usize = memory.data(36);
const U: usize = memory.data(36);
const V: usize = memory.data(36);
const BYTES: usize = memory.data(32);
const ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Decodes 32 bytes at src into extended out; strict refuses non-canonical y and x = 0 with the sign bit. */
export function decode(out: usize, src: usize, strict: bool): i32 {
  memory.copy(BYTES, src, 32);
  const sign = (load<u8>(BYTES + 31) & 0x80) != 0;
  store<u8>(BYTES + 31, load<u8>(BYTES + 31) & 0x7f);
  if (!F.fromBytes(Y, BYTES)) {
    if (strict) return Y_NOT_BELOW_P;
    F.canonical(Y, Y);
  }
  // x² = (y² − 1) / (d·y² + 1)
  F.sqr(U, Y);
  F.mul(V, U, ED_D);
  F.add(V, V, ONE);
  F.sub(U, U, ONE);
  if (!sqrtRatio(X, U, V)) return NOT_ON_CURVE;
  // sqrtRatio returns the even root; X is canonical.
  const zero = F.isZero(X);
  if (strict && zero && sign) return X_ZERO_SIGN;
  if (sign != ((load<u32>(X) & 1) != 0)) F.neg(X, X);
  fromAffine(out, X, Y);
  return OK;
}

/** The 32-byte encoding of extended p: y little-endian with the parity of x in bit 255. */
export function encode(dst: usize, p: usize): void {
  F.inv(U, p + 72);
  F.mul(X, p, U);
  F.mul(Y, p + 36, U);
  F.toBytes(dst, Y);
  F.canonical(X, X);
  store<u8>(dst + 31, load<u8>(dst + 31) | ((<u8>(load<u32>(X) & 1)) << 7));
}
