// Points in pair layout (the field's pair kernels: two elements interleaved limb by limb, 72 bytes per pair),
// one point per SIMD lane, and the scalar points they hold (36-byte coordinates).
import { Pair } from "./generated/spec";

/** out = the point in lane `lane` (0 or 1) of pair point p, which has `coords` coordinates. */
export function laneOf(out: usize, p: usize, lane: usize, coords: usize): void {
  // The pair layout's offsets as local constants, which compile to their values: the spec's namespace constants are
  // globals that the optimizer propagates only after its first round, which gives this function other code.
  const LIMB = Pair.LIMB;
  const LANE1 = Pair.LANE1;
  const limbs: usize = 9 * coords;
  let i: usize = 0;
  // Four limbs at a time: lane 0 is u32 0 and 2 of each 16 bytes, lane 1 is u32 1 and 3.
  if (lane == 0)
    for (; i + 4 <= limbs; i += 4)
      v128.store(out + 4 * i, i32x4.shuffle(v128.load(p + LIMB * i), v128.load(p + LIMB * i + 16), 0, 2, 4, 6));
  else
    for (; i + 4 <= limbs; i += 4)
      v128.store(out + 4 * i, i32x4.shuffle(v128.load(p + LIMB * i), v128.load(p + LIMB * i + 16), 1, 3, 5, 7));
  for (; i < limbs; i++) store<u32>(out + 4 * i, load<u32>(p + LIMB * i + LANE1 * lane));
}

/** Sets lane `lane` of pair point p (`coords` coordinates) to the scalar point q. */
export function setLane(p: usize, lane: usize, q: usize, coords: usize): void {
  // The pair layout's offsets as local constants, as in laneOf.
  const LIMB = Pair.LIMB;
  const LANE1 = Pair.LANE1;
  const limbs: usize = 9 * coords;
  let i: usize = 0;
  if (lane == 0)
    for (; i + 4 <= limbs; i += 4) {
      const v = v128.load(q + 4 * i);
      const at = p + LIMB * i;
      v128.store(at, i32x4.shuffle(v, v128.load(at), 0, 5, 1, 7));
      v128.store(at + 16, i32x4.shuffle(v, v128.load(at + 16), 2, 5, 3, 7));
    }
  else
    for (; i + 4 <= limbs; i += 4) {
      const v = v128.load(q + 4 * i);
      const at = p + LIMB * i;
      v128.store(at, i32x4.shuffle(v128.load(at), v, 0, 4, 2, 5));
      v128.store(at + 16, i32x4.shuffle(v128.load(at + 16), v, 0, 6, 2, 7));
    }
  for (; i < limbs; i++) store<u32>(p + LIMB * i + LANE1 * lane, load<u32>(q + 4 * i));
}

/** out = the pair point with scalar point q (`coords` coordinates) in both lanes. */
export function duplicateLanes(out: usize, q: usize, coords: usize): void {
  const limbs: usize = 9 * coords;
  let i: usize = 0;
  for (; i + 4 <= limbs; i += 4) {
    const v = v128.load(q + 4 * i);
    v128.store(out + Pair.LIMB * i, i32x4.shuffle(v, v, 0, 0, 1, 1));
    v128.store(out + Pair.LIMB * i + 16, i32x4.shuffle(v, v, 2, 2, 3, 3));
  }
  for (; i < limbs; i++) {
    const x = load<u32>(q + 4 * i);
    store<u32>(out + Pair.LIMB * i, x);
    store<u32>(out + Pair.LIMB * i + Pair.LANE1, x);
  }
}

// Lane masks for v128.bitselect: each u64 of a pair layout holds lane 0 in its low half, lane 1 in its high half.
const LANE0_MASK: v128 = i32x4(-1, 0, -1, 0);

/**
 * out = lane 0 of a with lane 1 of b, over `bytes` bytes (a multiple of 8) of pair layout. out may be a or b.
 */
export function blendLanes(out: usize, a: usize, b: usize, bytes: usize): void {
  let off: usize = 0;
  for (; off + 16 <= bytes; off += 16)
    v128.store(out + off, v128.bitselect(v128.load(a + off), v128.load(b + off), LANE0_MASK));
  if (off < bytes) store<u64>(out + off, (load<u64>(a + off) & 0xffffffff) | (load<u64>(b + off) & 0xffffffff00000000));
}

/**
 * out = lane la of a (as lane 0) with lane lb of b (as lane 1), over `bytes` bytes (a multiple of 16) of pair
 * layout. a and b may be the same, but out must be neither.
 */
export function gatherLanes(out: usize, a: usize, la: i32, b: usize, lb: i32, bytes: usize): void {
  const end = out + bytes;
  if (la == 0) {
    if (lb == 0)
      for (; out < end; out += 16, a += 16, b += 16)
        v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 0, 4, 2, 6));
    else
      for (; out < end; out += 16, a += 16, b += 16)
        v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 0, 5, 2, 7));
  } else if (lb == 0)
    for (; out < end; out += 16, a += 16, b += 16)
      v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 1, 4, 3, 6));
  else
    for (; out < end; out += 16, a += 16, b += 16)
      v128.store(out, i32x4.shuffle(v128.load(a), v128.load(b), 1, 5, 3, 7));
}

/** The inverse of gatherLanes: lane 0 of src into lane la of a, then lane 1 of src into lane lb of b. */
export function scatterLanes(a: usize, la: i32, b: usize, lb: i32, src: usize, bytes: usize): void {
  const end = src + bytes;
  for (; src < end; src += 16, a += 16, b += 16) {
    const s = v128.load(src);
    v128.store(a, la == 0 ? i32x4.shuffle(s, v128.load(a), 0, 5, 2, 7) : i32x4.shuffle(v128.load(a), s, 0, 4, 2, 6));
    v128.store(b, lb == 0 ? i32x4.shuffle(s, v128.load(b), 1, 5, 3, 7) : i32x4.shuffle(v128.load(b), s, 0, 5, 2, 7));
  }
}
