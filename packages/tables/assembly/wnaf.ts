// Width-w non-adjacent form: digits 0 or odd in (−2^(w−1), 2^(w−1)), at most one non-zero in any w
// consecutive positions, so a scalar of b bits costs about b/(w+1) additions from a table of 2^(w−2) odd multiples.

/** Bits [pos, pos+count) of a 9×29-bit limb scalar; positions past the limbs read as 0. count ≤ 29. */
export function bitsAt(k: usize, pos: i32, count: i32): u32 {
  const limb = pos / 29;
  const shift = pos % 29;
  if (limb >= 9) return 0;
  let v = <u64>load<u32>(k + 4 * <usize>limb);
  if (limb + 1 < 9) v |= (<u64>load<u32>(k + 4 * <usize>(limb + 1))) << 29;
  return <u32>((v >> shift) & (((<u64>1) << count) - 1));
}

/** Writes the wNAF digits of k (< 2^bits) as i16 at out[0 … bits]; returns the count up to the top non-zero. */
export function wnaf(out: usize, k: usize, w: i32, bits: i32): i32 {
  memory.fill(out, 0, 2 * <usize>(bits + 1));
  let carry: u32 = 0;
  let len = 0;
  let pos = 0;
  while (pos <= bits) {
    if (bitsAt(k, pos, 1) == carry) {
      pos++;
      continue;
    }
    let word = <i32>(bitsAt(k, pos, w) + carry);
    carry = (<u32>word >> (w - 1)) & 1;
    word -= <i32>(carry << w);
    store<i16>(out + 2 * <usize>pos, <i16>word);
    len = pos + 1;
    pos += w;
  }
  return len;
}
