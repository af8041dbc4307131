// GLV scalar splitting (Gallant–Lambert–Vanstone): k = k1 + k2·λ (mod n) with |k1|, |k2| < 2^128, so one
// 256-bit multiplication becomes two 128-bit ones sharing their doublings (λ·(x, y) = (β·x, y) is one field mul).
import * as N from "@tallyio/field/assembly/generated/secp256k1_n";
import { SECP_G1, SECP_G2, SECP_LAMBDA, SECP_MINUS_B1, SECP_MINUS_B2 } from "../generated/constants";

const PRODUCT: usize = memory.data(8 * 19);
const C1: usize = memory.data(36);
const C2: usize = memory.data(36);
const T: usize = memory.data(36);

/** out = round(k·g / 2^384) for 9×29-bit limbs k, g < 2^256. */
function mulShift384(out: usize, k: usize, g: usize): void {
  memory.fill(PRODUCT, 0, 8 * 19);
  for (let i: usize = 0; i < 9; i++) {
    const ki = <u64>load<u32>(k + 4 * i);
    for (let j: usize = 0; j < 9; j++) {
      const at = PRODUCT + 8 * (i + j);
      store<u64>(at, load<u64>(at) + ki * <u64>load<u32>(g + 4 * j));
    }
  }
  // + 2^383 for rounding: bit 383 is bit 6 of limb 13 (13·29 = 377).
  store<u64>(PRODUCT + 8 * 13, load<u64>(PRODUCT + 8 * 13) + ((<u64>1) << 6));
  let c: u64 = 0;
  for (let i: usize = 0; i < 19; i++) {
    const v = load<u64>(PRODUCT + 8 * i) + c;
    store<u64>(PRODUCT + 8 * i, v & 0x1fffffff);
    c = v >> 29;
  }
  // Bits from 384 = 13·29 + 7 upward: the product is below 2^512, so five limbs hold them.
  for (let i: usize = 0; i < 9; i++) {
    const lo = i < 6 ? load<u64>(PRODUCT + 8 * (13 + i)) >> 7 : 0;
    const hi = i < 5 ? load<u64>(PRODUCT + 8 * (14 + i)) << 22 : 0;
    store<u32>(out + 4 * i, <u32>((lo | hi) & 0x1fffffff));
  }
}

/** Whether canonical scalar s is above 2^128 (its negation mod n is then the short one). */
function isLong(s: usize): bool {
  // 2^128 = limb 4 (bits 116..144), bit 12
  if (load<u32>(s + 16) >> 12 != 0) return true;
  for (let i: usize = 5; i < 9; i++) if (load<u32>(s + 4 * i) != 0) return true;
  return false;
}

/** Whether canonical scalar s is below 2^129. */
function isShort(s: usize): bool {
  // 2^129 = limb 4, bit 13
  if (load<u32>(s + 16) >> 13 != 0) return false;
  for (let i: usize = 5; i < 9; i++) if (load<u32>(s + 4 * i) != 0) return false;
  return true;
}

/**
 * Splits canonical k into k1, k2 (each < 2^128, canonical) with k ≡ ±k1 ± k2·λ, except that k below 2^129 is
 * kept whole (k1 = k, k2 = 0). Returns the signs: bit 0 set when k1 is negated, bit 1 when k2 is.
 */
export function split(k1: usize, k2: usize, k: usize): i32 {
  // A scalar already below 2^129 (a batch weight, or the sum of two) is its own first half: the lattice split
  // would often give two 128-bit halves instead (c2 rounds to 1 for about half of them), doubling its
  // additions. The half-scalar digit buffers and windows (HALF_BITS = 129) cover 129 bits.
  if (isShort(k)) {
    memory.copy(k1, k, 36);
    memory.fill(k2, 0, 36);
    return 0;
  }
  mulShift384(C1, k, SECP_G1);
  mulShift384(C2, k, SECP_G2);
  N.mul(C1, C1, SECP_MINUS_B1);
  N.mul(C2, C2, SECP_MINUS_B2);
  N.add(k2, C1, C2);
  N.mul(T, k2, SECP_LAMBDA);
  N.sub(k1, k, T);
  let signs = 0;
  if (isLong(k1)) {
    N.neg(k1, k1);
    signs |= 1;
  }
  if (isLong(k2)) {
    N.neg(k2, k2);
    signs |= 2;
  }
  return signs;
}
