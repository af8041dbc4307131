// Scalar digits for both curves' MSM: width-w NAF for Straus, signed c-bit windows for Pippenger, and the
// counting sort of a window's digits by bucket. Scalars are 9×29-bit limbs (36 bytes); digits are i16.

/** Bytes of one scalar (9 limbs of 29 bits). */
const SCALAR: usize = 36;

/** Bits [pos, pos+count) of a 9×29-bit limb scalar; positions past the limbs read as 0. count ≤ 29. */
export function bitsAt(k: usize, pos: i32, count: i32): u32 {
  const limb = pos / 29;
  const shift = pos % 29;
  if (limb >= 9) return 0;
  let v = <u64>load<u32>(k + 4 * <usize>limb);
  if (limb + 1 < 9) v |= (<u64>load<u32>(k + 4 * <usize>(limb + 1))) << 29;
  return <u32>((v >> shift) & (((<u64>1) << count) - 1));
}

/**
 * Width-w non-adjacent form: digits 0 or odd in (−2^(w−1), 2^(w−1)), at most one non-zero in any w consecutive
 * positions, so a scalar of b bits costs about b/(w+1) additions from a table of 2^(w−2) odd multiples.
 * Writes the wNAF digits of k (< 2^bits) at out[0 … bits]; returns the count up to the top non-zero.
 */
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

/**
 * Signed c-bit digits of the n scalars at scs (36 bytes apart), point-major (out[i·windows + w]), each in
 * [−2^(c−1), 2^(c−1)]: 2^(c−1) buckets per window.
 */
export function signedDigits(out: usize, scs: usize, n: i32, c: i32, windows: i32): void {
  for (let i = 0; i < n; i++) {
    let carry: u32 = 0;
    const k = scs + SCALAR * <usize>i;
    for (let w = 0; w < windows; w++) {
      let d = <i32>(bitsAt(k, w * c, c) + carry);
      carry = d > 1 << (c - 1) ? 1 : 0;
      d -= <i32>(carry << c);
      store<i16>(out + 2 * <usize>(i * windows + w), <i16>d);
    }
  }
}

/**
 * The counting sort's counts of window w's non-zero digits by bucket (digit ±(b + 1) is bucket b), and with
 * lanes = 2 of window w + 1's as a second lane: afterwards starts[lane·(nb + 1) + b] (i32) is where the lane's
 * entries for bucket b begin, lane 0's before lane 1's, and at b = nb where the lane's end. digits: `windows` per
 * point, from signedDigits.
 */
export function bucketStarts(starts: usize, digits: usize, n: i32, windows: i32, w: i32, lanes: i32, nb: i32): void {
  const rows = lanes * (nb + 1);
  const second = starts + 4 * <usize>(nb + 1);
  memory.fill(starts, 0, 4 * <usize>rows);
  for (let i = 0; i < n; i++) {
    const at = digits + 2 * <usize>(i * windows + w);
    countDigit(starts, <i32>load<i16>(at));
    if (lanes == 2) countDigit(second, <i32>load<i16>(at + 2));
  }
  let pos = 0;
  for (let r = 0; r < rows; r++) {
    const c = starts + 4 * <usize>r;
    pos += load<i32>(c);
    store<i32>(c, pos);
  }
}

/** counts[|d|] += 1 (i32) for a non-zero digit d. */
function countDigit(counts: usize, d: i32): void {
  if (d == 0) return;
  const c = counts + 4 * <usize>(d < 0 ? -d : d);
  store<i32>(c, load<i32>(c) + 1);
}
