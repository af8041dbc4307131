// Element layout shared by every field: 9 little-endian limbs of 29 bits, one u32 each (36 bytes).

export const LIMBS: i32 = 9;
export const LIMB_BITS: i32 = 29;
export const MASK: u32 = 0x1fffffff;
/** Bytes per field element. */
export const ELEM: usize = 36;

/** Scratch element for the generated field code. Overwritten by the next call into any field. */
export const SCRATCH_A: usize = memory.data(36);
const WORDS: usize = memory.data(40);

export function copy(out: usize, a: usize): void {
  memory.copy(out, a, ELEM);
}

export function setZero(out: usize): void {
  memory.fill(out, 0, ELEM);
}

export function setSmall(out: usize, v: u32): void {
  memory.fill(out, 0, ELEM);
  store<u32>(out, v);
}

export function limbsEqual(a: usize, b: usize): bool {
  let diff: u32 = 0;
  for (let i: usize = 0; i < 9; i++) diff |= load<u32>(a + 4 * i) ^ load<u32>(b + 4 * i);
  return diff == 0;
}

/** out = flag ? a : out */
export function cmov(out: usize, a: usize, flag: bool): void {
  const m: u32 = flag ? 0xffffffff : 0;
  for (let i: usize = 0; i < 9; i++) {
    const o = load<u32>(out + 4 * i);
    store<u32>(out + 4 * i, o ^ (m & (o ^ load<u32>(a + 4 * i))));
  }
}

/** Reads a 32-byte integer into limbs (value < 2^256, not reduced). */
export function bytesToLimbs(out: usize, src: usize, bigEndian: bool): void {
  for (let i: usize = 0; i < 8; i++) {
    const w = bigEndian ? bswap<u32>(load<u32>(src + 28 - 4 * i)) : load<u32>(src + 4 * i);
    store<u32>(WORDS + 4 * i, w);
  }
  store<u32>(WORDS + 32, 0);
  for (let i: usize = 0; i < 9; i++) {
    const bit = i * 29;
    const w = WORDS + 4 * (bit >> 5);
    const v = (<u64>load<u32>(w) | ((<u64>load<u32>(w, 4)) << 32)) >> (bit & 31);
    store<u32>(out + 4 * i, <u32>v & MASK);
  }
}

/**
 * The value in nine 29-bit limbs at src regrouped as `count` limbs of `bits` bits (≤ 32) at dst, `stride` bytes
 * each (4: u32, 8: i64); the last limb takes all the bits left.
 */
export function regroupFrom29(dst: usize, src: usize, bits: u32, count: usize, stride: usize): void {
  const mask: u64 = ((<u64>1) << bits) - 1;
  let acc: u64 = 0;
  let have: u32 = 0;
  let j: usize = 0;
  for (let i: usize = 0; i < 9; i++) {
    acc |= (<u64>load<u32>(src + 4 * i)) << have;
    have += 29;
    while (have >= bits && j + 1 < count) {
      storeLimb(dst + stride * j++, acc & mask, stride);
      acc >>= bits;
      have -= bits;
    }
  }
  for (; j < count; j++) {
    storeLimb(dst + stride * j, j + 1 < count ? acc & mask : acc, stride);
    acc >>= bits;
  }
}

/** The reverse of regroupFrom29: `count` non-negative limbs of `bits` bits (stride bytes each) into nine 29-bit limbs. */
export function regroupTo29(dst: usize, src: usize, bits: u32, count: usize, stride: usize): void {
  let acc: u64 = 0;
  let have: u32 = 0;
  let j: usize = 0;
  for (let i: usize = 0; i < count && j < 9; i++) {
    acc |= (stride == 8 ? <u64>load<i64>(src + 8 * i) : <u64>load<u32>(src + 4 * i)) << have;
    have += bits;
    while (have >= 29 && j < 9) {
      store<u32>(dst + 4 * j++, <u32>acc & 0x1fffffff);
      acc >>= 29;
      have -= 29;
    }
  }
  for (; j < 9; j++) {
    store<u32>(dst + 4 * j, <u32>acc & 0x1fffffff);
    acc >>= 29;
  }
}

function storeLimb(at: usize, v: u64, stride: usize): void {
  if (stride == 8) store<i64>(at, <i64>v);
  else store<u32>(at, <u32>v);
}

/** Writes limbs of a value below 2^256 as 32 bytes. */
export function limbsToBytes(dst: usize, a: usize, bigEndian: bool): void {
  regroupFrom29(WORDS, a, 32, 8, 4);
  for (let i: usize = 0; i < 8; i++) {
    const w = load<u32>(WORDS + 4 * i);
    if (bigEndian) store<u32>(dst + 28 - 4 * i, bswap<u32>(w));
    else store<u32>(dst + 4 * i, w);
  }
}

// Input checks of the checked build (CHECKED, in generated/checked.ts): each generated kernel calls these on entry.

/** Traps unless limbs 0..7 of a are ≤ max and limb 8 is ≤ max8. */
export function checkLimbs(a: usize, max: u32, max8: u32): void {
  for (let i: usize = 0; i < 8; i++) if (load<u32>(a + 4 * i) > max) unreachable();
  if (load<u32>(a, 32) > max8) unreachable();
}

/** checkLimbs for both lanes of a pair (limb i of x at 8·i, of y at 8·i + 4). */
export function checkLimbs2(a: usize, max: u32, max8: u32): void {
  for (let i: usize = 0; i < 16; i++) if (load<u32>(a + 4 * i) > max) unreachable();
  if (load<u32>(a, 64) > max8 || load<u32>(a, 68) > max8) unreachable();
}
