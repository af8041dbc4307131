// Decoding and encoding of secp256k1 points: BIP340 x-only keys (lift_x, even y) and SEC1 compressed points.
import * as F from "@tallyio/field/assembly/generated/secp256k1_p";
import { sqrt } from "@tallyio/field/assembly/sqrt_secp256k1";
import { SEVEN } from "./point";

// Decoding results: 0 is success; each failure has its own code (mapped to reasons in TypeScript).
export const OK: i32 = 0;
export const X_NOT_BELOW_P: i32 = 1;
export const NOT_ON_CURVE: i32 = 2;
export const BAD_PREFIX: i32 = 3;

const T: usize = memory.data(36);

/** Whether the canonical value of a is odd. */
export function isOdd(a: usize): bool {
  F.canonical(T, a);
  return (load<u32>(T) & 1) != 0;
}

/** out (affine) = the point with x = the 32 big-endian bytes at src and y of the given parity. */
function liftWithParity(out: usize, src: usize, odd: bool): i32 {
  if (!F.fromBytes(out, src)) return X_NOT_BELOW_P;
  F.sqr(T, out);
  F.mul(T, T, out);
  F.add(T, T, SEVEN);
  if (!sqrt(out + 36, T)) return NOT_ON_CURVE;
  F.canonical(out + 36, out + 36);
  if (isOdd(out + 36) != odd) F.neg(out + 36, out + 36);
  return OK;
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

/** 32-byte big-endian x of affine a. */
export function encodeXOnly(dst: usize, a: usize): void {
  F.toBytes(dst, a);
}

/** 33-byte SEC1 compressed encoding of affine a. */
export function encodeCompressed(dst: usize, a: usize): void {
  store<u8>(dst, isOdd(a + 36) ? 3 : 2);
  F.toBytes(dst + 1, a);
}
